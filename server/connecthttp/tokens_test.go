package connecthttp_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

type token struct {
	Token          string    `json:"token"`
	ExpiresAt      time.Time `json:"expires_at"`
	ConnectLinkURL string    `json:"connect_link_url"`
}

func TestTokenIsMintedForTheSessionUserAndOrigin(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	user := b.user()
	r := b.do("POST", "/api/connect/token", "")
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var tok token
	r.decode(t, &tok)
	if !strings.HasPrefix(tok.Token, "ctok_") || time.Until(tok.ExpiresAt) < time.Hour ||
		!strings.HasPrefix(tok.ConnectLinkURL, s.SandboxURL+"/_static/connect.html?token="+tok.Token) {
		t.Errorf("token %+v", tok)
	}
	sent := s.lastTokenRequest()
	if sent.ExternalUserID != user || len(sent.AllowedOrigins) != 1 || sent.AllowedOrigins[0] != s.URL {
		t.Errorf("asked the sandbox for %+v; want user %s, origin %s", sent, user, s.URL)
	}
	if hook, err := url.Parse(sent.WebhookURI); err != nil || hook.Path != "/api/connect/webhook" {
		t.Errorf("webhook_uri %q", sent.WebhookURI)
	} else if got, err := s.Hooks.Verify(hook.Query(), time.Now().Add(4*time.Hour)); err != nil || got != user {
		t.Errorf("webhook_uri %q is for %q (%v), want %s past the token's expiry", sent.WebhookURI, got, err, user)
	}
	// An empty JSON object is a fine body too; anything else is not.
	for _, body := range []string{"{}", " \n{} ", `{"ignored":[1,{"a":null}]}`} {
		if r := b.do("POST", "/api/connect/token", body); r.Status != http.StatusOK {
			t.Errorf("body %q: %d %s", body, r.Status, r.Body)
		}
	}
	for _, body := range []string{"[]", "null", "1", `"{}"`, "not json", `{"a":`, "{}{}", `{"a":1}x`, strings.Repeat(" ", 70<<10) + "{}"} {
		if r := b.do("POST", "/api/connect/token", body); r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" {
			t.Errorf("body %.20q: %d %s", body, r.Status, r.Body)
		}
	}
}

func TestTokenUsesThePublicURLAndNoWebhookWithoutOne(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) {
		o.PublicURL = "https://app.example.com"
		o.Webhooks = nil
	})
	b := s.browser()
	if r := b.do("POST", "/api/connect/token", "", "Origin", "https://app.example.com", "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusOK {
		t.Fatalf("from the public origin: %d %s", r.Status, r.Body)
	}
	sent := s.lastTokenRequest()
	if len(sent.AllowedOrigins) != 1 || sent.AllowedOrigins[0] != "https://app.example.com" || sent.WebhookURI != "" {
		t.Errorf("asked for %+v", sent)
	}
}

// TestCrossOriginStateChangesAreRefused: browsers' cross-site requests are
// 403 on every state-changing route; same-origin and non-browser ones pass.
func TestCrossOriginStateChangesAreRefused(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	b.user()
	for _, c := range []struct {
		method, path string
	}{{"POST", "/api/connect/token"}, {"DELETE", "/api/connect/accounts/apn_x"}, {"POST", "/api/connect/webhook"}} {
		for _, h := range [][]string{
			{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
			{"Origin", "https://evil.example", "Sec-Fetch-Site", ""}, // an older browser: Origin only
			{"Origin", s.URL, "Sec-Fetch-Site", "same-site"},
		} {
			if r := b.do(c.method, c.path, "{}", h...); r.Status != http.StatusForbidden || r.errorCode() != "cross_origin" {
				t.Errorf("%s %s with %v: %d %s", c.method, c.path, h, r.Status, r.Body)
			}
		}
	}
	// A non-browser client (no Origin, no Sec-Fetch-Site) is not a CSRF risk.
	if r := b.do("POST", "/api/connect/token", "", "Origin", "", "Sec-Fetch-Site", ""); r.Status != http.StatusOK {
		t.Errorf("curl-like request: %d %s", r.Status, r.Body)
	}
	if got := s.lastTokenRequest().AllowedOrigins; len(got) != 1 || got[0] != s.URL {
		t.Errorf("allowed origins without an Origin header: %v", got)
	}
}

func TestTokenRateLimitPerUser(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) { o.TokenRate = 3 })
	ann, bob := s.browser(), s.browser()
	for i := range 3 {
		if r := ann.do("POST", "/api/connect/token", ""); r.Status != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := ann.do("POST", "/api/connect/token", "")
	if r.Status != http.StatusTooManyRequests || r.errorCode() != "rate_limited" {
		t.Fatalf("4th request: %d %s", r.Status, r.Body)
	}
	if sec, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || sec < 1 || sec > 20 {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if r := bob.do("POST", "/api/connect/token", ""); r.Status != http.StatusOK {
		t.Errorf("another user is limited too: %d", r.Status)
	}
}
