package connecthttp_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

func TestTestRequestGoesThroughTheProxyForTheUsersOwnAccount(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) { o.TestRequestRate = 4 })
	ann, bob := s.browser(), s.browser()
	acc := s.connectKeys(ann.user())
	bob.user()

	r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", "")
	var got connecthttp.TestRequest
	r.decode(t, &got)
	if r.Status != http.StatusOK || got.Method != "GET" || got.URL != "https://api.openai.com/v1" || got.Status != http.StatusOK ||
		!strings.HasPrefix(got.ContentType, "application/json") {
		t.Fatalf("%d %+v", r.Status, got)
	}
	var echo struct {
		Method, URL string
		Headers     map[string]string
	}
	if err := json.Unmarshal([]byte(got.Body), &echo); err != nil || echo.URL != "https://api.openai.com/v1" || echo.Headers["authorization"] != "Bearer ************2345" {
		t.Errorf("the provider got %+v (%v)", echo, err)
	}
	if strings.Contains(string(r.Body), "sk-abcdefgh12345") {
		t.Errorf("the credential reached the browser: %s", r.Body)
	}

	if r := bob.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", ""); r.Status != http.StatusNotFound || r.errorCode() != "not_found" {
		t.Errorf("bob with ann's account: %d %s", r.Status, r.Body)
	}
	if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `{"method":"DELETE"}`); r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "GET only") {
		t.Errorf("DELETE: %d %s", r.Status, r.Body)
	}
	if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `[1]`); r.Status != http.StatusBadRequest {
		t.Errorf("a body that is not an object: %d %s", r.Status, r.Body)
	}
	if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", "", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
		t.Errorf("cross-origin: %d %s", r.Status, r.Body)
	}
	// Four a minute per user: ann's first counted (the refusals above came
	// before the limit, bob's counts for bob), so three more pass.
	for range 3 {
		if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", ""); r.Status != http.StatusOK {
			t.Fatalf("within the limit: %d %s", r.Status, r.Body)
		}
	}
	r = ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", "")
	if r.Status != http.StatusTooManyRequests || r.errorCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
		t.Errorf("past the limit: %d %v %s", r.Status, r.Header, r.Body)
	}
}

func TestTestRequestMethodsAreASetting(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) { o.TestRequestMethods = []string{"GET", "POST"} })
	ann := s.browser()
	acc := s.connectKeys(ann.user())
	r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `{"method":"post"}`)
	var got connecthttp.TestRequest
	r.decode(t, &got)
	if r.Status != http.StatusOK || got.Method != "POST" || !strings.Contains(got.Body, `"method":"POST"`) {
		t.Errorf("%d %+v", r.Status, got)
	}
}
