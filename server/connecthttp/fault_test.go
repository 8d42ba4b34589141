package connecthttp_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/fault"
)

// TestUpstreamFaults puts each fault between the API and the sandbox: the
// API answers in words with a fitting status, never hangs past the client's
// timeout, and recovers once the upstream heals.
func TestUpstreamFaults(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	if r := b.do("POST", "/api/connect/token", ""); r.Status != http.StatusOK {
		t.Fatalf("healthy upstream: %d %s", r.Status, r.Body)
	}
	for _, c := range []struct {
		name       string
		fault      fault.Fault
		status     int
		code       string
		retryAfter string
	}{
		{"down", fault.Fault{Drop: true}, http.StatusBadGateway, "upstream_unavailable", ""},
		{"500", fault.Fault{Status: http.StatusInternalServerError}, http.StatusBadGateway, "upstream_error", ""},
		{"429", fault.Fault{Status: http.StatusTooManyRequests, RetryAfter: 30}, http.StatusTooManyRequests, "rate_limited", "30"},
		{"slow", fault.Fault{Delay: time.Minute}, http.StatusGatewayTimeout, "upstream_timeout", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.Faults.Set(c.fault)
			for _, req := range []struct{ method, path string }{
				{"POST", "/api/connect/token"}, {"GET", "/api/connect/accounts"}, {"GET", "/api/connect/apps?q=git"},
			} {
				start := time.Now()
				r := b.do(req.method, req.path, "")
				if r.Status != c.status || r.errorCode() != c.code || r.Header.Get("Retry-After") != c.retryAfter {
					t.Errorf("%s %s: %d %q Retry-After %q: %s", req.method, req.path, r.Status, r.errorCode(), r.Header.Get("Retry-After"), r.Body)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("%s %s took %v", req.method, req.path, d)
				}
				if strings.Contains(string(r.Body), "127.0.0.1") {
					t.Errorf("the answer leaks the upstream's address: %s", r.Body)
				}
			}
			s.Faults.Set(fault.Fault{})
			if r := b.do("POST", "/api/connect/token", ""); r.Status != http.StatusOK {
				t.Errorf("after healing: %d %s", r.Status, r.Body)
			}
		})
	}
}

// TestClientLeavingIsNotAnError: a browser that gives up on a slow upstream
// is logged at debug level, not as a server error.
func TestClientLeavingIsNotAnError(t *testing.T) {
	s := newStack(t, nil)
	s.Faults.Set(fault.Fault{Delay: time.Minute})
	b := s.browser()
	b.client.Timeout = 200 * time.Millisecond
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/connect/accounts", nil)
	if _, err := b.client.Do(req); err == nil {
		t.Fatal("the request did not time out")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.Log.String(), "the client went away") {
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned request was not logged:\n%s", s.Log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(s.Log.String(), "level=ERROR") {
		t.Errorf("a client leaving was logged as an error:\n%s", s.Log.String())
	}
}
