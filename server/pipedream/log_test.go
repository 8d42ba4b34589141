package pipedream_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestSecretsNeverLogged(t *testing.T) {
	const ctok = "ctok_SECRET_abc"
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/tokens", 200, map[string]any{
		"token": ctok, "expires_at": "2026-11-23T04:00:00Z",
		"connect_link_url": "https://pipedream.com/_static/connect.html?token=" + ctok + "&connectLink=true",
	})
	valid, _ := sequence(map[string]any{"success": true}, http.Header{"Retry-After": {"0"}}, 503, 200)
	f.handle("GET /v1/connect/tokens/{token}/validate", valid)
	f.handle("GET /v1/connect/apps", slow)

	var buf testsupport.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := f.client(func(c *pipedream.Config) { c.Logger = logger })

	tok, err := c.CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "user-1"})
	if err != nil || tok.Token != ctok {
		t.Fatalf("CreateToken = %q, %v", tok.Token, err)
	}
	if _, err := c.ValidateToken(t.Context(), tok.Token, pipedream.ValidateQuery{AppID: "slack"}); err != nil {
		t.Fatal(err)
	}
	// Errors, including a transport error, must not carry the token either.
	var errs []error
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err = c.ListApps(ctx, pipedream.AppsQuery{})
	errs = append(errs, err)
	bad := f.client(func(c *pipedream.Config) { c.BaseURL = "http://127.0.0.1:1"; c.Logger = logger; c.MaxRetries = -1 })
	_, err = bad.ValidateToken(t.Context(), ctok, pipedream.ValidateQuery{})
	errs = append(errs, err)
	wrongSecret := f.client(func(c *pipedream.Config) { c.ClientSecret = testSecret + "x"; c.Logger = logger })
	_, err = wrongSecret.ValidateToken(t.Context(), ctok, pipedream.ValidateQuery{})
	errs = append(errs, err)

	out := buf.String()
	for _, want := range []string{`"path":"/v1/oauth/token"`, `"path":"/v1/connect/proj_abc123/tokens"`,
		`"path":"/v1/connect/tokens/{token}/validate"`, `"msg":"pipedream retry"`, `"status":503`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	secrets := []string{testSecret, f.accessToken(1), f.accessToken(2), "at_SECRET", ctok}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log contains secret %q:\n%s", s, out)
		}
		for _, err := range errs {
			if err == nil {
				t.Fatal("expected an error")
			}
			if strings.Contains(err.Error(), s) {
				t.Errorf("error contains secret %q: %v", s, err)
			}
		}
	}
}
