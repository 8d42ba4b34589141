package connecthttp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/fault"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
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
	at, err := testsupport.AccessToken(context.Background(), http.DefaultClient, s.SandboxURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range append(minted, sandbox.DefaultClientSecret, at, "ctok_") {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}
