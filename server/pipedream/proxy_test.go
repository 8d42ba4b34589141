package pipedream_test

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestProxyTransportShapesTheRequest(t *testing.T) {
	f := newFakeAPI(t)
	var got *http.Request
	f.handle("PATCH /v1/connect/proj_abc123/proxy/{url_64}", func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound) // the target's own 404 is an answer, not an error
		_, _ = io.WriteString(w, `{"error":{"message":"no such issue"}}`)
	})
	hc := f.client().ProxyClient("user-1", "apn_1")
	req, _ := http.NewRequest(http.MethodPatch, "https://api.example.com/issues/1?x=a+b#frag", strings.NewReader(`{"state":"closed"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Trace", "t1")
	req.Header.Set("Authorization", "token mine")
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusNotFound || string(b) != `{"error":{"message":"no such issue"}}` {
		t.Fatalf("answer %d %s", res.StatusCode, b)
	}
	target, err := base64.RawURLEncoding.DecodeString(got.PathValue("url_64"))
	if err != nil || string(target) != "https://api.example.com/issues/1?x=a+b" {
		t.Errorf("url_64 %q decodes to %q, %v", got.PathValue("url_64"), target, err)
	}
	q := got.URL.Query()
	if body := f.only().Body; q.Get("external_user_id") != "user-1" || q.Get("account_id") != "apn_1" || body["state"] != "closed" {
		t.Errorf("query %v, body %v", q, body)
	}
	h := got.Header
	if h.Get("X-Pd-Proxy-X-Trace") != "t1" || h.Get("X-Pd-Proxy-Content-Type") != "application/json" ||
		h.Get("X-Pd-Proxy-Authorization") != "" || !strings.HasPrefix(h.Get("Authorization"), "Bearer at_SECRET_") ||
		h.Get("X-Pd-Environment") != "development" {
		t.Errorf("headers %v", h)
	}
}

func TestProxyTransportTypesTheProxysRefusals(t *testing.T) {
	f := newFakeAPI(t)
	f.handle("GET /v1/connect/proj_abc123/proxy/{url_64}", func(w http.ResponseWriter, r *http.Request) {
		target, _ := base64.RawURLEncoding.DecodeString(r.PathValue("url_64"))
		switch string(target) {
		case "https://evil.example/":
			writeJSON(w, http.StatusForbidden, map[string]any{"error": "Domain evil.example is not allowed for this app"})
		case "https://api.example.com/bad":
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_param"}) // the target's own
		case "https://api.example.com/limited":
			w.Header().Set("Retry-After", "30")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limit exceeded"})
		default:
			writeJSON(w, http.StatusNotFound, map[string]any{"error": "account apn_1 not found"})
		}
	})
	hc := f.client().ProxyClient("user-1", "apn_1")

	_, err := hc.Get("https://evil.example/")
	var refused *pipedream.ProxyError
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyDomainNotAllowed || refused.Domain != "evil.example" {
		t.Errorf("a domain not allowed: got %v, want a *ProxyError of kind %s for evil.example", err, pipedream.ProxyDomainNotAllowed)
	}
	_, err = hc.Get("https://api.example.com/limited")
	var apiErr *pipedream.APIError
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyRateLimited || refused.RetryAfter.Seconds() != 30 || !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
		t.Errorf("past the limit: got %v, want a *ProxyError of kind %s, retry after 30s, wrapping a 429", err, pipedream.ProxyRateLimited)
	}
	res, err := hc.Get("https://api.example.com/bad")
	if err != nil {
		t.Fatalf("the target's 400 became an error: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || strings.TrimSpace(string(b)) != `{"error":"invalid_param"}` {
		t.Errorf("the target's 400: %d %s", res.StatusCode, b)
	}
	_, err = hc.Get("https://api.example.com/x")
	if !errors.As(err, &refused) || refused.Kind != pipedream.ProxyUnknownAccount || refused.AccountID != "apn_1" || refused.ExternalUserID != "user-1" {
		t.Errorf("an unknown account: got %v, want a *ProxyError of kind %s for user-1's apn_1", err, pipedream.ProxyUnknownAccount)
	}
	if !strings.HasPrefix(refused.Error(), "pipedream: proxy: ") {
		t.Errorf("message %q, want it to start with %q", refused, "pipedream: proxy: ")
	}
	if _, err := f.client().ProxyClient("", "apn_1").Get("https://api.example.com/"); !errors.Is(err, pipedream.ErrInvalidRequest) {
		t.Errorf("no user: %v", err)
	}
}

func TestNotAllowedDomain(t *testing.T) {
	for msg, want := range map[string]string{
		"Domain evil.example is not allowed for this app":    "evil.example",
		"Domain a is not allowed for this app":               "a",
		"Domain  is not allowed for this app":                "",
		"Domain two words is not allowed for this app":       "",
		"Domain tab\tx is not allowed for this app":          "",
		"Host evil.example is not allowed for this app":      "",
		"Domain evil.example is not allowed for this app!":   "",
		"xDomain evil.example is not allowed for this app":   "",
		"Domain evil.example is not allowed for this app \n": "",
	} {
		got, ok := pipedream.NotAllowedDomain(msg)
		if got != want || ok != (want != "") {
			t.Errorf("NotAllowedDomain(%q) = %q, %v; want %q", msg, got, ok, want)
		}
	}
}
