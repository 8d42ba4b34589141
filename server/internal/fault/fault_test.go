package fault

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestProxyFaults(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "upstream "+r.URL.Path)
	}))
	defer upstream.Close()
	p, err := New(upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()

	get := func() (*http.Response, string, error) {
		res, err := http.Get(srv.URL + "/v1/x")
		if err != nil {
			return nil, "", err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b), nil
	}
	if res, body, err := get(); err != nil || res.StatusCode != 200 || body != "upstream /v1/x" {
		t.Fatalf("pass-through: %v %v %q", err, res, body)
	}

	p.Set(Fault{Status: http.StatusTooManyRequests, RetryAfter: 7})
	if res, _, err := get(); err != nil || res.StatusCode != 429 || res.Header.Get("Retry-After") != "7" {
		t.Fatalf("429 fault: %v %v", err, res)
	}

	p.Set(Fault{Drop: true})
	// A POST, which the transport does not retry on a dropped connection.
	if res, err := http.Post(srv.URL+"/v1/x", "application/json", nil); err == nil {
		res.Body.Close()
		t.Fatal("drop fault: request succeeded")
	}

	p.Set(Fault{Delay: 150 * time.Millisecond})
	t0 := time.Now()
	if res, _, err := get(); err != nil || res.StatusCode != 200 || time.Since(t0) < 150*time.Millisecond {
		t.Fatalf("delay fault: %v %v after %v", err, res, time.Since(t0))
	}

	p.Set(Fault{})
	if res, _, err := get(); err != nil || res.StatusCode != 200 {
		t.Fatalf("healed: %v %v", err, res)
	}
	if p.Hits() != 5 {
		t.Errorf("Hits = %d, want 5", p.Hits())
	}
}
