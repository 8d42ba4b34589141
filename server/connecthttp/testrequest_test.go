package connecthttp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectredis"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

func TestTestRequestGoesThroughTheProxyForTheUsersOwnAccount(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) { o.TestRequestRate = 4 })
	ann, bob := s.browser(), s.browser()
	acc := s.connectKeys(ann.user())
	bob.user()

	r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", "")
	var got connectapi.TestRequest
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
	var got connectapi.TestRequest
	r.decode(t, &got)
	if r.Status != http.StatusOK || got.Method != "POST" || !strings.Contains(got.Body, `"method":"POST"`) {
		t.Errorf("POST, in the set: got %d %+v, want 200 and the provider's echo of a POST", r.Status, got)
	}
	for _, method := range []string{"DELETE", "PATCH", "CONNECT", "TRACE"} {
		r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `{"method":"`+method+`"}`)
		if r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" || !strings.Contains(string(r.Body), method) {
			t.Errorf("%s, outside the set: got %d %s, want 400 bad_request naming it", method, r.Status, r.Body)
		}
	}
}

// TestTestRequestMethodsDefaultToGET: without the setting only GET goes.
func TestTestRequestMethodsDefaultToGET(t *testing.T) {
	s := newStack(t, nil)
	ann := s.browser()
	acc := s.connectKeys(ann.user())
	if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `{"method":"GET"}`); r.Status != http.StatusOK {
		t.Errorf("GET: got %d %s, want 200", r.Status, r.Body)
	}
	if r := ann.do("POST", "/api/connect/accounts/"+acc.ID+"/test-request", `{"method":"POST"}`); r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" {
		t.Errorf("POST: got %d %s, want 400 bad_request", r.Status, r.Body)
	}
}

// TestTestRequestsCannotUseUpTheProjectsProxyQuota is the attack of many
// anonymous users, from many addresses, each sending its ten test requests
// a minute: together they would spend the project's whole Connect proxy
// quota (1,000 per 5 minutes) that the backend's own proxy calls share.
// Test requests stop at their own budget, and the backend still gets
// through.
func TestTestRequestsCannotUseUpTheProjectsProxyQuota(t *testing.T) {
	now := time.Now() // a still clock: the budget does not refill while the test runs
	s := newStack(t, func(o *connecthttp.Config) {
		o.ClientAddress = func(r *http.Request) string { return r.Header.Get("X-Test-Addr") }
		o.Now = func() time.Time { return now }
	})
	const users, each = 110, connecthttp.DefaultTestRequestRate // 1,100 test requests
	type visitor struct {
		b    *browser
		acc  string
		addr string
	}
	visitors := make([]visitor, users)
	for i := range visitors {
		b := s.browser()
		visitors[i] = visitor{b, s.connectKeys(b.user()).ID, fmt.Sprintf("198.51.100.%d", i)}
	}
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, v := range visitors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				r := v.b.do("POST", "/api/connect/accounts/"+v.acc+"/test-request", "", "X-Test-Addr", v.addr)
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if statuses[http.StatusOK] != connecthttp.TestRequestBudget || statuses[http.StatusTooManyRequests] != users*each-connecthttp.TestRequestBudget {
		t.Errorf("%d test requests: %v, want %d sent and the rest 429", users*each, statuses, connecthttp.TestRequestBudget)
	}
	// The backend's own proxy call, as a real user's: the quota is there.
	res, err := s.PD.ProxyClient(visitors[0].b.user(), visitors[0].acc).Get("https://api.openai.com/v1/models")
	if err != nil {
		t.Fatalf("the backend's proxy call after the flood: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("the backend's proxy call after the flood: %d", res.StatusCode)
	}
}

// TestTestRequestsAreLimitedPerAddress: the users behind one address share
// its test requests.
func TestTestRequestsAreLimitedPerAddress(t *testing.T) {
	s := newStack(t, nil)
	sent := 0
	for range 4 {
		b := s.browser()
		acc := s.connectKeys(b.user()).ID
		for range connecthttp.DefaultTestRequestRate {
			if r := b.do("POST", "/api/connect/accounts/"+acc+"/test-request", ""); r.Status == http.StatusOK {
				sent++
			}
		}
	}
	if sent != connecthttp.TestRequestsPerAddress {
		t.Errorf("four users behind one address sent %d test requests, want %d", sent, connecthttp.TestRequestsPerAddress)
	}
}

// TestTestRequestBudgetIsSharedByReplicas: with Redis the budget is the
// project's, not each replica's: users on two replicas together send no
// more test requests than TestRequestBudget (real redis-server).
func TestTestRequestBudgetIsSharedByReplicas(t *testing.T) {
	rds := testsupport.StartRedis(t)
	shared, err := connectredis.Open(context.Background(), rds.URL, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shared.Close() })
	now := time.Now() // a still clock: the in-process fallback would not refill either
	replica := func() *stack {
		return newStack(t, func(o *connecthttp.Config) {
			o.Limits = shared.Limits
			o.ClientAddress = func(r *http.Request) string { return r.Header.Get("X-Test-Addr") }
			o.Now = func() time.Time { return now }
		})
	}
	a, b := replica(), replica()
	began := time.Now()
	sent := 0
	for i := range 14 { // 140 test requests, half on each replica
		s := a
		if i%2 == 1 {
			s = b
		}
		v := s.browser()
		acc := s.connectKeys(v.user()).ID
		for range connecthttp.DefaultTestRequestRate {
			if r := v.do("POST", "/api/connect/accounts/"+acc+"/test-request", "", "X-Test-Addr", fmt.Sprintf("198.51.100.%d", i)); r.Status == http.StatusOK {
				sent++
			}
		}
	}
	// Redis's clock counts: what refilled meanwhile (one every 3 s) may pass too.
	refilled := int(time.Since(began) / (connecthttp.TestRequestBudgetPeriod / connecthttp.TestRequestBudget))
	if sent < connecthttp.TestRequestBudget || sent > connecthttp.TestRequestBudget+refilled {
		t.Errorf("two replicas sent %d test requests, want the shared budget of %d (+%d refilled)", sent, connecthttp.TestRequestBudget, refilled)
	}
}
