package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestReplicasShareAgentKeysThroughRedis: with REDIS_URL, a key minted on
// one replica opens /api/mcp on the other (each has its own data
// directory), and once revoked on the other, the first refuses it too.
func TestReplicasShareAgentKeysThroughRedis(t *testing.T) {
	r := startReplicas(t, nil)
	a, b := r.a, r.b
	v := newVisitor(t, a.URL)

	res, err := v.c.Post(a.URL+"/api/mcp/keys", "application/json", strings.NewReader(`{"name":"laptop"}`))
	if err != nil {
		t.Fatal(err)
	}
	var k struct{ ID, Key, URL string }
	json.NewDecoder(res.Body).Decode(&k)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || k.Key == "" || k.URL != r.publicA+"/api/mcp" {
		t.Fatalf("mint on a: %d %+v", res.StatusCode, k)
	}
	if code, _ := testsupport.MCPInitialize(t, b.URL+"/api/mcp", k.Key, nil); code != http.StatusOK {
		t.Fatalf("a's key on b: %d", code)
	}
	req, _ := http.NewRequest(http.MethodDelete, b.URL+"/api/mcp/keys/"+k.ID, nil)
	if res, err := v.c.Do(req); err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke on b: %v %v", res, err)
	}
	if code, _ := testsupport.MCPInitialize(t, a.URL+"/api/mcp", k.Key, nil); code != http.StatusUnauthorized {
		t.Errorf("the key revoked on b, on a: %d", code)
	}
}
