package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// proxyPath is the proxy path for target, encoded with enc, for an account.
func proxyPath(enc *base64.Encoding, target, user, accountID string) string {
	return "/v1/connect/proj_sandbox/proxy/" + url.PathEscape(enc.EncodeToString([]byte(target))) +
		"?" + url.Values{"external_user_id": {user}, "account_id": {accountID}}.Encode()
}

func TestProxyEchoesWhatTheProviderGets(t *testing.T) {
	e := newEnv(t, nil)
	slack := e.connect("alice", "slack", nil)
	token := slack.Credentials["oauth_access_token"].(string)
	target := "https://slack.com/api/users.list?limit=2&presence=true"

	for name, enc := range map[string]*base64.Encoding{
		"standard": base64.StdEncoding, "standard unpadded": base64.RawStdEncoding,
		"url-safe": base64.URLEncoding, "url-safe unpadded": base64.RawURLEncoding,
	} {
		t.Run(name, func(t *testing.T) {
			var echo ProxyEcho
			e.doJSON(http.MethodGet, proxyPath(enc, target, "alice", slack.ID), nil,
				map[string]string{"x-pd-proxy-accept": "application/json", "x-pd-proxy-x-trace": "t1", "x-other": "dropped"}, http.StatusOK, &echo)
			if echo.Method != "GET" || echo.URL != target {
				t.Errorf("provider got %s %s, want GET %s", echo.Method, echo.URL, target)
			}
			if got, want := echo.Headers["authorization"], "Bearer "+strings.Repeat("*", len(token)-4)+token[len(token)-4:]; got != want {
				t.Errorf("authorization %q, want %q", got, want)
			}
			if echo.Headers["accept"] != "application/json" || echo.Headers["x-trace"] != "t1" || echo.Headers["x-other"] != "" {
				t.Errorf("forwarded headers %v", echo.Headers)
			}
		})
	}
}

func TestProxyPassesBodiesForEveryMethod(t *testing.T) {
	e := newEnv(t, nil)
	a := e.connect("bob", "openai", map[string]string{"api_key": "sk-proxytest9876"})
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		var echo ProxyEcho
		e.doJSON(m, proxyPath(base64.StdEncoding, "https://api.openai.com/v1/things/1", "bob", a.ID), `{"n":1}`, nil, http.StatusOK, &echo)
		if echo.Method != m || echo.Body != `{"n":1}` || echo.Headers["content-type"] != "application/json" {
			t.Errorf("%s: provider got %+v", m, echo)
		}
		if got := echo.Headers["authorization"]; got != "Bearer ************9876" {
			t.Errorf("%s: authorization %q", m, got)
		}
	}
}

func TestProxyPutsKeysInTheAppsHeaderAndResolvesPaths(t *testing.T) {
	e := newEnv(t, nil)
	a := e.connect("carol", "anthropic", map[string]string{"api_key": "sk-ant-abcdefgh1234"})
	var echo ProxyEcho
	e.doJSON(http.MethodGet, proxyPath(base64.RawURLEncoding, "/models?limit=1", "carol", a.ID), nil, nil, http.StatusOK, &echo)
	if echo.URL != "https://api.anthropic.com/v1/models?limit=1" {
		t.Errorf("relative target went to %s", echo.URL)
	}
	if echo.Headers["x-api-key"] != "***************1234" || echo.Headers["authorization"] != "" {
		t.Errorf("credential headers %v", echo.Headers)
	}
}

func TestProxyRefusals(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ProxyLimit = 5 })
	a := e.connect("dave", "github", nil)
	e.connect("erin", "github", nil)
	ok := proxyPath(base64.StdEncoding, "https://api.github.com/user", "dave", a.ID)

	e.wantError(e.do(http.MethodGet, proxyPath(base64.StdEncoding, "https://api.github.com/user", "erin", a.ID), nil, nil),
		http.StatusNotFound, "not found for external user erin")
	e.wantError(e.do(http.MethodGet, ok, nil, map[string]string{"x-pd-environment": "production"}),
		http.StatusNotFound, "not found")
	res := e.do(http.MethodGet, proxyPath(base64.StdEncoding, "https://evil.example.com/steal", "dave", a.ID), nil, nil)
	if res.status != http.StatusForbidden || strings.TrimSpace(string(res.body)) != `{"error":"Domain evil.example.com is not allowed for this app"}` {
		t.Errorf("foreign domain: %d %s", res.status, res.body)
	}
	e.wantError(e.do(http.MethodGet, "/v1/connect/proj_sandbox/proxy/%21%21not-base64?external_user_id=dave&account_id="+a.ID, nil, nil),
		http.StatusBadRequest, "is not a base64-encoded URL")
	e.wantError(e.do(http.MethodGet, "/v1/connect/proj_sandbox/proxy/"+base64.StdEncoding.EncodeToString([]byte("ftp://api.github.com/x"))+"?external_user_id=dave&account_id="+a.ID, nil, nil),
		http.StatusBadRequest, "absolute http(s) URL")

	// Five requests above; the sixth is over the limit of five.
	e.wantError(e.do(http.MethodGet, ok, nil, nil), http.StatusTooManyRequests, "rate limit")
	if ra := e.do(http.MethodGet, ok, nil, nil).header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After %q", ra)
	}
}

func TestProxyLimitIsTheServicesByDefault(t *testing.T) {
	e := newEnv(t, nil)
	a := e.connect("fay", "slack", nil)
	p := proxyPath(base64.StdEncoding, "https://slack.com/api/auth.test", "fay", a.ID)
	for i := range DefaultProxyLimit {
		if res := e.do(http.MethodGet, p, nil, nil); res.status != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, res.status, res.body)
		}
	}
	e.wantError(e.do(http.MethodGet, p, nil, nil), http.StatusTooManyRequests, "1000 proxy requests per 5 minutes")
}

func TestProxyForwardsToAConfiguredUpstream(t *testing.T) {
	var got *http.Request
	var gotBody string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, gotBody = r, string(b)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Provider", "stub")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "made it")
	}))
	t.Cleanup(up.Close)
	e := newEnv(t, func(o *Options) { o.ProxyUpstream = up.URL + "/stub" })
	a := e.connect("gus", "stripe", map[string]string{"api_key": "sk_test_abcdefgh5678"})

	res := e.do(http.MethodPost, proxyPath(base64.StdEncoding, "https://api.stripe.com/v1/charges?expand=x", "gus", a.ID), "amount=5",
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if res.status != http.StatusCreated || string(res.body) != "made it" || res.header.Get("X-Provider") != "stub" {
		t.Fatalf("answer %d %v %s", res.status, res.header, res.body)
	}
	if got.Method != "POST" || got.URL.Path != "/stub/v1/charges" || got.URL.RawQuery != "expand=x" || gotBody != "amount=5" {
		t.Errorf("upstream got %s %s %q", got.Method, got.URL, gotBody)
	}
	if got.Header.Get("Authorization") != "Bearer sk_test_abcdefgh5678" || got.Header.Get("X-Forwarded-Host") != "api.stripe.com" ||
		got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("upstream headers %v", got.Header)
	}
	if _, err := New(Options{BaseURL: "http://x", ProxyUpstream: "localhost:1"}); err == nil {
		t.Error("a ProxyUpstream without scheme was accepted")
	}
}

func TestAppsCarryTheirConnectObject(t *testing.T) {
	e := newEnv(t, nil)
	var app struct {
		Data struct {
			Connect struct {
				ProxyEnabled       bool     `json:"proxy_enabled"`
				AllowedDomains     []string `json:"allowed_domains"`
				BaseProxyTargetURL string   `json:"base_proxy_target_url"`
			} `json:"connect"`
		} `json:"data"`
	}
	e.doJSON(http.MethodGet, "/v1/connect/apps/slack", nil, nil, http.StatusOK, &app)
	if c := app.Data.Connect; !c.ProxyEnabled || c.BaseProxyTargetURL != "https://slack.com" || len(c.AllowedDomains) != 1 {
		t.Errorf("slack's connect: %+v", c)
	}
	res := e.do(http.MethodGet, "/v1/connect/apps/postgresql", nil, nil)
	if !strings.Contains(string(res.body), `"connect":{"proxy_enabled":false,"allowed_domains":[],"base_proxy_target_url":""}`) {
		t.Errorf("postgresql: %s", res.body)
	}
}

func TestUsersListAndUserAccounts(t *testing.T) {
	e := newEnv(t, nil)
	e.connect("user-b", "slack", nil)
	e.clock.Advance(1)
	e.connect("user-a", "slack", nil)
	e.clock.Advance(1)
	e.connect("other", "github", nil)
	e.clock.Advance(1)
	e.connect("user-b", "github", nil)

	var page struct {
		Data []struct {
			ID         string `json:"id"`
			ExternalID string `json:"external_id"`
		} `json:"data"`
		PageInfo struct {
			TotalCount int    `json:"total_count"`
			EndCursor  string `json:"end_cursor"`
		} `json:"page_info"`
	}
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/users?q=USER&limit=1", nil, nil, http.StatusOK, &page)
	if len(page.Data) != 1 || page.Data[0].ExternalID != "user-b" || !strings.HasPrefix(page.Data[0].ID, "exu_") || page.PageInfo.TotalCount != 2 {
		t.Fatalf("first page %+v", page)
	}
	after := page.PageInfo.EndCursor
	page.Data, page.PageInfo.EndCursor = nil, ""
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/users?q=USER&limit=1&after="+after, nil, nil, http.StatusOK, &page)
	if len(page.Data) != 1 || page.Data[0].ExternalID != "user-a" || page.PageInfo.EndCursor != "" {
		t.Fatalf("second page %+v", page)
	}
	e.wantError(e.do(http.MethodGet, "/v1/connect/proj_sandbox/users?after=bogus", nil, nil), http.StatusBadRequest, "invalid cursor")

	var list []map[string]any
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/users/user-b/accounts", nil, nil, http.StatusOK, &list)
	if len(list) != 2 || list[0]["credentials"] != nil {
		t.Fatalf("user-b's accounts %v", list)
	}
	res := e.do(http.MethodGet, "/v1/connect/proj_sandbox/users/nobody/accounts", nil, nil)
	if strings.TrimSpace(string(res.body)) != "[]" {
		t.Errorf("nobody's accounts: %s", res.body)
	}
	var raw json.RawMessage
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/users/user-b/accounts?include_credentials=true", nil, nil, http.StatusOK, &raw)
	if !strings.Contains(string(raw), "oauth_access_token") {
		t.Errorf("include_credentials ignored: %s", raw)
	}
}
