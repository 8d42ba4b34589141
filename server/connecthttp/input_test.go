package connecthttp_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/fault"
)

// TestBadInputIsA400 sends what a client gets wrong, each at the edge or
// refused by the service: a 400 (or 404) that says what is wrong in the
// API's own words, not the upstream's, and nothing logged as an error.
func TestBadInputIsA400(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	b.user()
	for _, c := range []struct {
		method, path string
		header       []string
		status       int
		says         string
	}{
		// The service refuses these cursors: its 400 is a 400.
		{"GET", "/api/connect/apps?after=x", nil, http.StatusBadRequest, "search apps"},
		{"GET", "/api/connect/apps?after=YWNjdDoxMjM", nil, http.StatusBadRequest, "search apps"},
		// The edge refuses these.
		{"GET", "/api/connect/apps?after=a%20b", nil, http.StatusBadRequest, "after"},
		{"GET", "/api/connect/apps?after=" + strings.Repeat("a", 2000), nil, http.StatusBadRequest, "after"},
		{"GET", "/api/connect/apps?limit=0", nil, http.StatusBadRequest, "limit"},
		{"DELETE", "/api/connect/accounts/%2e%2e", nil, http.StatusBadRequest, "account id"},
		{"DELETE", "/api/connect/accounts/a%2Fb", nil, http.StatusBadRequest, "account id"},
		{"DELETE", "/api/connect/accounts/" + strings.Repeat("a", 65), nil, http.StatusBadRequest, "account id"},
		{"POST", "/api/connect/accounts/%2e%2e/test-request", nil, http.StatusBadRequest, "account id"},
		{"DELETE", "/api/connect/accounts/apn_nobody", nil, http.StatusNotFound, "no account"},
		{"POST", "/api/connect/token", []string{"Origin", s.URL + "/", "Sec-Fetch-Site", ""}, http.StatusBadRequest, "Origin"},
		{"POST", "/api/connect/token", []string{"Origin", s.URL + "/x?y", "Sec-Fetch-Site", ""}, http.StatusBadRequest, "Origin"},
	} {
		r := b.do(c.method, c.path, "", c.header...)
		if r.Status != c.status || !strings.Contains(string(r.Body), c.says) {
			t.Errorf("%s %.80s: %d %s; want %d saying %q", c.method, c.path, r.Status, r.Body, c.status, c.says)
		}
		if strings.Contains(string(r.Body), "invalid cursor") {
			t.Errorf("%s %.80s passed the upstream's words through: %s", c.method, c.path, r.Body)
		}
	}

	// Any other refusal of the request's values by the service: a 400.
	for _, st := range []int{http.StatusBadRequest, http.StatusUnprocessableEntity} {
		s.Faults.Set(fault.Fault{Status: st})
		if r := b.do("GET", "/api/connect/apps?q=git", ""); r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" ||
			strings.Contains(string(r.Body), http.StatusText(st)) {
			t.Errorf("upstream %d: %d %s; want a 400 in the API's words", st, r.Status, r.Body)
		}
	}
	s.Faults.Set(fault.Fault{})

	if log := s.Log.String(); strings.Contains(log, "level=ERROR") {
		t.Errorf("client mistakes were logged as errors:\n%s", log)
	}
}
