package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"pdconnect/server/internal/fault"
	"pdconnect/server/sandbox"
)

// TestLogsHoldNoSecrets runs successful and failing requests with debug
// logging and checks that neither the client secret, nor an access token,
// nor a Connect token appears in the log.
func TestLogsHoldNoSecrets(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	var minted []string
	for range 2 {
		r := b.do("POST", "/api/connect/token", "")
		var tok token
		r.decode(t, &tok)
		minted = append(minted, tok.Token)
	}
	b.do("GET", "/api/connect/accounts", "")
	s.Faults.Set(fault.Fault{Status: http.StatusInternalServerError})
	b.do("POST", "/api/connect/token", "")
	s.Faults.Set(fault.Fault{})

	log := s.Log.String()
	if !strings.Contains(log, "level=DEBUG") || !strings.Contains(log, "level=ERROR") {
		t.Fatalf("the log lacks the records this test needs:\n%s", log)
	}
	at := accessTokenOf(t, s)
	for _, secret := range append(minted, sandbox.DefaultClientSecret, at, "ctok_") {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}

// accessTokenOf is an access token the sandbox issued (they are opaque;
// this one proves the shape the log must not hold).
func accessTokenOf(t *testing.T, s *stack) string {
	t.Helper()
	res, err := http.Post(s.SandboxURL+"/v1/oauth/token", "application/json", strings.NewReader(
		`{"grant_type":"client_credentials","client_id":"`+sandbox.DefaultClientID+`","client_secret":"`+sandbox.DefaultClientSecret+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.AccessToken) < 8 {
		t.Fatalf("access token: %v", err)
	}
	return out.AccessToken
}
