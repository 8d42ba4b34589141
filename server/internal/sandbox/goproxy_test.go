package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestGoProxyClient sends plain net/http requests through
// pipedream.Client.ProxyClient to the sandbox's proxy, as any Go API
// client would, and checks the proxy's refusals come back typed.
func TestGoProxyClient(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now, o.ProxyLimit = nil, 5 })
	c, err := pipedream.New(pipedream.Config{
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, ProjectID: DefaultProjectID,
		Environment: pipedream.Development, BaseURL: e.srv.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.token = e.accessToken()
	gh := e.connect("go-user", "github", nil)
	e.connect("go-other", "github", nil)
	hc := c.ProxyClient("go-user", gh.ID)

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://api.github.com/user/starred?per_page=2&sort=updated", nil)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "token leaked-if-forwarded")
	var echo ProxyEcho
	status := doEcho(t, hc, req, &echo)
	tok := gh.Credentials["oauth_access_token"].(string)
	if status != 200 || echo.Method != "GET" || echo.URL != "https://api.github.com/user/starred?per_page=2&sort=updated" ||
		echo.Headers["accept"] != "application/vnd.github+json" || echo.Headers["authorization"] != "Bearer "+strings.Repeat("*", len(tok)-4)+tok[len(tok)-4:] {
		t.Fatalf("GET: %d %+v", status, echo)
	}

	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, "https://api.github.com/repos/o/r/pulls", strings.NewReader(`{"title":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	if status := doEcho(t, hc, req, &echo); status != 200 || echo.Method != "POST" || echo.Body != `{"title":"hi"}` || echo.Headers["content-type"] != "application/json" {
		t.Fatalf("POST: %d %+v", status, echo)
	}

	_, err = hc.Get("https://example.com/")
	var refused *pipedream.ProxyError
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyDomainNotAllowed || refused.Domain != "example.com" || refused.Err.StatusCode != http.StatusForbidden {
		t.Errorf("foreign domain: got %v, want a *ProxyError of kind %s for example.com with a 403", err, pipedream.ProxyDomainNotAllowed)
	}
	_, err = c.ProxyClient("go-other", gh.ID).Get("https://api.github.com/user")
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyUnknownAccount || refused.AccountID != gh.ID || refused.ExternalUserID != "go-other" {
		t.Errorf("another user's account: got %v, want a *ProxyError of kind %s", err, pipedream.ProxyUnknownAccount)
	}
	_, err = hc.Get("https://api.github.com/user")
	if err != nil {
		t.Fatalf("fifth request: %v", err)
	}
	_, err = hc.Get("https://api.github.com/user")
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyRateLimited || refused.RetryAfter <= 0 {
		t.Errorf("past the limit: got %v, want a *ProxyError of kind %s with a RetryAfter", err, pipedream.ProxyRateLimited)
	}
}

// doEcho sends req and decodes the simulated provider's echo.
func doEcho(t *testing.T, hc *http.Client, req *http.Request, echo *ProxyEcho) int {
	t.Helper()
	res, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	*echo = ProxyEcho{}
	if err := json.NewDecoder(res.Body).Decode(echo); err != nil {
		t.Fatalf("decode echo: %v", err)
	}
	return res.StatusCode
}
