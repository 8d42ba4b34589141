package sandboxtest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
)

// Start serves a new in-memory sandbox on a loopback port until the test
// ends and returns its server, whose URL is the sandbox's base URL. With
// tls it serves HTTPS with httptest's certificate (the server's Client
// trusts it); wrap, when not nil, wraps the sandbox's handler, to record
// what it is asked, say.
func Start(tb testing.TB, tls bool, wrap func(http.Handler) http.Handler) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(nil)
	scheme := "http://"
	if tls {
		scheme = "https://"
	}
	sbx, err := sandbox.New(sandbox.Options{BaseURL: scheme + srv.Listener.Addr().String()})
	if err != nil {
		tb.Fatal(err)
	}
	srv.Config.Handler = sbx.Handler()
	if wrap != nil {
		srv.Config.Handler = wrap(srv.Config.Handler)
	}
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	tb.Cleanup(func() { srv.Close(); sbx.Close() })
	return srv
}
