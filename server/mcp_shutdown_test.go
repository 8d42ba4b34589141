package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestShutdownEndsAgentSessions: an agent's open MCP session (its stream
// of notifications never goes idle) does not hold the shutdown up.
func TestShutdownEndsAgentSessions(t *testing.T) {
	s := start(t, nil)
	v := newVisitor(t, s.URL)
	res, err := v.c.Post(s.URL+"/api/mcp/keys", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	var k struct{ Key string }
	json.NewDecoder(res.Body).Decode(&k)
	res.Body.Close()
	hc := &http.Client{Transport: bearerTransport(k.Key)}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).
		Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: s.URL + "/api/mcp", HTTPClient: hc, MaxRetries: -1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if _, err := cs.ListTools(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("shutdown with an agent's session open took %v", d)
	}
}

type bearerTransport string

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}
