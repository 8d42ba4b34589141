package testsupport

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// SandboxOptions tune StartSandbox; the zero value is a plain-HTTP sandbox.
type SandboxOptions struct {
	// TLS serves HTTPS with httptest's certificate (the server's Client
	// trusts it).
	TLS bool
	// Wrap, when set, wraps the sandbox's handler, to record what it is
	// asked, say.
	Wrap func(http.Handler) http.Handler
	// Logger receives the sandbox's logs; nil discards them.
	Logger *slog.Logger
	// Mod, when set, adjusts the sandbox's options (BaseURL is set).
	Mod func(*sandbox.Options)
}

// StartSandbox serves a new in-memory sandbox on a loopback port until the
// test ends and returns its server, whose URL is the sandbox's base URL.
func StartSandbox(tb testing.TB, o SandboxOptions) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(nil)
	scheme := "http://"
	if o.TLS {
		scheme = "https://"
	}
	opts := sandbox.Options{BaseURL: scheme + srv.Listener.Addr().String(), Logger: o.Logger}
	if o.Mod != nil {
		o.Mod(&opts)
	}
	sbx, err := sandbox.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	srv.Config.Handler = sbx.Handler()
	if o.Wrap != nil {
		srv.Config.Handler = o.Wrap(srv.Config.Handler)
	}
	if o.TLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	tb.Cleanup(func() { srv.Close(); sbx.Close() })
	return srv
}

// Client is a Connect API client for the sandbox at base, with its default
// credentials, in development; mod, when set, adjusts its config first.
func Client(tb testing.TB, base string, mod func(*pipedream.Config)) *pipedream.Client {
	tb.Helper()
	cfg := pipedream.Config{
		ClientID: sandbox.DefaultClientID, ClientSecret: sandbox.DefaultClientSecret,
		ProjectID: sandbox.DefaultProjectID, Environment: pipedream.Development, BaseURL: base,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := pipedream.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
