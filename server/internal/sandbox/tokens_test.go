package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

const tokensPath = "/v1/connect/proj_sandbox/tokens"

func TestCreateToken(t *testing.T) {
	e := newEnv(t, nil)
	var tok pipedream.Token
	e.doJSON(http.MethodPost, tokensPath, map[string]any{
		"external_user_id":         "user-1",
		"allowed_origins":          []string{"http://localhost:3000", "https://example.com"},
		"success_redirect_uri":     "https://example.com/ok",
		"error_redirect_uri":       "https://example.com/err",
		"webhook_uri":              "http://127.0.0.1:9/hook",
		"expires_in":               600,
		"scope":                    "connect:*",
		"allow_progressive_scopes": true,
		"app_id":                   "slack",
		"oauth_app_id":             "oa_123",
	}, nil, http.StatusOK, &tok)
	if !strings.HasPrefix(tok.Token, "ctok_") || len(tok.Token) != len("ctok_")+32 {
		t.Fatalf("token %q", tok.Token)
	}
	if want := e.clock.Now().Add(10 * time.Minute); !tok.ExpiresAt.Equal(want) {
		t.Fatalf("expires_at %v, want %v", tok.ExpiresAt, want)
	}
	if want := e.srv.URL + "/_static/connect.html?token=" + tok.Token + "&connectLink=true"; tok.ConnectLinkURL != want {
		t.Fatalf("connect_link_url %q, want %q", tok.ConnectLinkURL, want)
	}
	stored, err := e.sb.store.Token(t.Context(), tok.Token)
	if err != nil {
		t.Fatal(err)
	}
	if stored.ExternalUserID != "user-1" || stored.WebhookURI != "http://127.0.0.1:9/hook" || stored.Environment != "development" ||
		len(stored.AllowedOrigins) != 2 || stored.OAuthAppID != "oa_123" || !stored.AllowProgressiveScopes {
		t.Fatalf("stored token %+v", stored)
	}

	var other pipedream.Token
	e.doJSON(http.MethodPost, tokensPath, map[string]any{"external_user_id": "user-1"}, nil, http.StatusOK, &other)
	if other.Token == tok.Token {
		t.Fatal("two tokens are equal")
	}
	if want := e.clock.Now().Add(4 * time.Hour); !other.ExpiresAt.Equal(want) {
		t.Fatalf("default expires_at %v, want %v", other.ExpiresAt, want)
	}
	stored, _ = e.sb.store.Token(t.Context(), other.Token)
	if stored.Scope != "connect:*" {
		t.Fatalf("default scope %q", stored.Scope)
	}
}

func TestCreateTokenValidation(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name string
		body any
		want string
	}{
		{"no user", map[string]any{}, "external_user_id is required"},
		{"blank user", map[string]any{"external_user_id": "  "}, "external_user_id is required"},
		{"long user", map[string]any{"external_user_id": strings.Repeat("é", 251)}, "at most 250"},
		{"control user", map[string]any{"external_user_id": "a\nb"}, "printable"},
		{"user type", map[string]any{"external_user_id": 12}, "external_user_id"},
		{"expires too long", map[string]any{"external_user_id": "u", "expires_in": 14401}, "expires_in"},
		{"expires negative", map[string]any{"external_user_id": "u", "expires_in": -1}, "expires_in"},
		{"expires string", map[string]any{"external_user_id": "u", "expires_in": "10"}, "expires_in"},
		{"origin path", map[string]any{"external_user_id": "u", "allowed_origins": []string{"https://a.com/path"}}, "allowed_origins[0]"},
		{"origin slash", map[string]any{"external_user_id": "u", "allowed_origins": []string{"https://a.com/"}}, "allowed_origins[0]"},
		{"origin query", map[string]any{"external_user_id": "u", "allowed_origins": []string{"http://ok.com", "https://a.com?x=1"}}, "allowed_origins[1]"},
		{"origin scheme", map[string]any{"external_user_id": "u", "allowed_origins": []string{"ftp://a.com"}}, "allowed_origins[0]"},
		{"origin bare", map[string]any{"external_user_id": "u", "allowed_origins": []string{"a.com"}}, "allowed_origins[0]"},
		{"origin port", map[string]any{"external_user_id": "u", "allowed_origins": []string{"http://a.com:99999"}}, "allowed_origins[0]"},
		{"origin user", map[string]any{"external_user_id": "u", "allowed_origins": []string{"http://me@a.com"}}, "allowed_origins[0]"},
		{"origins type", map[string]any{"external_user_id": "u", "allowed_origins": "http://a.com"}, "allowed_origins"},
		{"success relative", map[string]any{"external_user_id": "u", "success_redirect_uri": "/ok"}, "success_redirect_uri"},
		{"error scheme", map[string]any{"external_user_id": "u", "error_redirect_uri": "javascript:alert(1)"}, "error_redirect_uri"},
		{"webhook no host", map[string]any{"external_user_id": "u", "webhook_uri": "http://"}, "webhook_uri"},
		{"scope control", map[string]any{"external_user_id": "u", "scope": "a\x00"}, "scope"},
		{"not json", "external_user_id=u", "invalid JSON"},
		{"trailing", `{"external_user_id":"u"} {}`, "trailing"},
		{"too big", `{"external_user_id":"` + strings.Repeat("a", maxBody) + `"}`, "larger than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			e.wantError(e.do(http.MethodPost, tokensPath, c.body, nil), http.StatusBadRequest, c.want)
		})
	}
	e.t = t
	e.doJSON(http.MethodPost, tokensPath, map[string]any{
		"external_user_id": strings.Repeat("é", 250),
		"allowed_origins":  []string{"http://localhost:3000", "https://[::1]:8443", "https://example.com"},
		"expires_in":       14400,
	}, nil, http.StatusOK, nil)
}

func TestCreateTokenWrongProject(t *testing.T) {
	e := newEnv(t, nil)
	e.wantError(e.do(http.MethodPost, "/v1/connect/proj_other/tokens", map[string]any{"external_user_id": "u"}, nil),
		http.StatusNotFound, "proj_other")
}

func TestCreateTokenRateLimit(t *testing.T) {
	e := newEnv(t, nil)
	body := map[string]any{"external_user_id": "busy"}
	for i := range 100 {
		if res := e.do(http.MethodPost, tokensPath, body, nil); res.status != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, res.status, res.body)
		}
	}
	res := e.do(http.MethodPost, tokensPath, body, nil)
	e.wantError(res, http.StatusTooManyRequests, "rate limit")
	if ra := res.header.Get("Retry-After"); ra != "1" {
		t.Fatalf("Retry-After %q, want 1", ra)
	}
	// Other users are not affected.
	e.doJSON(http.MethodPost, tokensPath, map[string]any{"external_user_id": "calm"}, nil, http.StatusOK, nil)
	// The bucket refills with time.
	e.clock.Advance(time.Second)
	e.doJSON(http.MethodPost, tokensPath, body, nil, http.StatusOK, nil)
}

func TestUnknownPathsAreJSON404(t *testing.T) {
	e := newEnv(t, nil)
	e.wantError(e.do(http.MethodGet, "/nope", nil, nil), http.StatusNotFound, "not found")
	e.wantError(e.do(http.MethodGet, "/v1/connect/proj_sandbox/nope", nil, nil), http.StatusNotFound, "not found")
}
