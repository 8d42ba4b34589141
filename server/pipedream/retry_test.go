package pipedream_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// sequence answers the nth request with statuses[n] (the last one
// repeats); 200 answers carry ok.
func sequence(ok any, hdr http.Header, statuses ...int) (http.HandlerFunc, *atomic.Int32) {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		s := statuses[min(i, len(statuses)-1)]
		if s != 200 {
			for k, v := range hdr {
				w.Header()[k] = v
			}
			writeJSON(w, s, map[string]any{"error": http.StatusText(s)})
			return
		}
		writeJSON(w, 200, ok)
	}, &n
}

// recordSleeps replaces c's retry wait with one that records and returns.
func recordSleeps(c *pipedream.Client) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	pipedream.SetSleep(c, func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return nil
	})
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waits...)
	}
}

var emptyApps = map[string]any{"data": []any{}, "page_info": map[string]any{}}

func TestRetryAfterHonoured(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, http.Header{"Retry-After": {"2"}}, 429, 200)
	f.handle("GET /v1/connect/apps", h)
	c := f.client()
	waits := recordSleeps(c)
	if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 2 {
		t.Errorf("requests = %d, want 2", n.Load())
	}
	if w := waits(); len(w) != 1 || w[0] != 2*time.Second {
		t.Errorf("waits = %v, want [2s]", w)
	}
}

func TestRetryAfterRealWait(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, http.Header{"Retry-After": {"1"}}, 429, 200)
	f.handle("GET /v1/connect/apps", h)
	start := time.Now()
	if _, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < time.Second || n.Load() != 2 {
		t.Errorf("took %v with %d requests, want >= 1s and 2", el, n.Load())
	}
}

func TestRetryAfterBeyondCapFailsFast(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, http.Header{"Retry-After": {"60"}}, 429, 200)
	f.handle("GET /v1/connect/apps", h)
	c := f.client()
	waits := recordSleeps(c)
	_, err := c.ListApps(t.Context(), pipedream.AppsQuery{})
	var e *pipedream.APIError
	if !errors.As(err, &e) || e.StatusCode != 429 || e.RetryAfter != time.Minute {
		t.Fatalf("err = %v, want 429 APIError with RetryAfter 1m", err)
	}
	if n.Load() != 1 || len(waits()) != 0 {
		t.Errorf("requests %d, waits %v; want 1 and none", n.Load(), waits())
	}
}

func TestServerErrorThenSuccess(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, nil, 503, 502, 200)
	f.handle("GET /v1/connect/apps", h)
	c := f.client(func(c *pipedream.Config) { c.MinRetryDelay = 100 * time.Millisecond })
	waits := recordSleeps(c)
	if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 {
		t.Errorf("requests = %d, want 3", n.Load())
	}
	// Exponential with equal jitter: [50ms,100ms] then [100ms,200ms].
	w := waits()
	if len(w) != 2 || w[0] < 50*time.Millisecond || w[0] > 100*time.Millisecond || w[1] < 100*time.Millisecond || w[1] > 200*time.Millisecond {
		t.Errorf("waits = %v", w)
	}
}

func TestRetryBoundExhausted(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, nil, 500)
	f.handle("DELETE /v1/connect/proj_abc123/accounts/{id}", h)
	err := f.client(func(c *pipedream.Config) { c.MaxRetries = 2 }).DeleteAccount(t.Context(), "apn_1")
	var e *pipedream.APIError
	if !errors.As(err, &e) || e.StatusCode != 500 {
		t.Fatalf("err = %v, want 500 APIError", err)
	}
	if n.Load() != 3 {
		t.Errorf("requests = %d, want 3 (1 + MaxRetries)", n.Load())
	}
}

func TestRetriesDisabled(t *testing.T) {
	f := newFakeAPI(t)
	h, n := sequence(emptyApps, nil, 503, 200)
	f.handle("GET /v1/connect/apps", h)
	if _, err := f.client(func(c *pipedream.Config) { c.MaxRetries = -1 }).ListApps(t.Context(), pipedream.AppsQuery{}); err == nil || n.Load() != 1 {
		t.Errorf("err = %v after %d requests, want an error after 1", err, n.Load())
	}
}

func TestCreateTokenRetryPolicy(t *testing.T) {
	ok := map[string]any{"token": "ctok_1", "expires_at": "2026-11-23T04:00:00Z", "connect_link_url": "x"}
	t.Run("500 not retried", func(t *testing.T) {
		f := newFakeAPI(t)
		h, n := sequence(ok, nil, 500, 200)
		f.handle("POST /v1/connect/proj_abc123/tokens", h)
		_, err := f.client().CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "u"})
		var e *pipedream.APIError
		if !errors.As(err, &e) || e.StatusCode != 500 || n.Load() != 1 {
			t.Errorf("err = %v after %d requests, want 500 after 1", err, n.Load())
		}
	})
	t.Run("429 retried", func(t *testing.T) {
		f := newFakeAPI(t)
		h, n := sequence(ok, nil, 429, 200)
		f.handle("POST /v1/connect/proj_abc123/tokens", h)
		tok, err := f.client().CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "u"})
		if err != nil || tok.Token != "ctok_1" || n.Load() != 2 {
			t.Errorf("token %q, err %v after %d requests; want ctok_1 after 2", tok.Token, err, n.Load())
		}
		for _, r := range f.recorded() {
			if r.Body["external_user_id"] != "u" {
				t.Errorf("retried body = %v", r.Body)
			}
		}
	})
	t.Run("token endpoint 503 retried", func(t *testing.T) {
		f := newFakeAPI(t)
		f.tokenStatus = func(hit int32) int { return map[bool]int{true: 503, false: 200}[hit == 1] }
		h, n := sequence(ok, nil, 200)
		f.handle("POST /v1/connect/proj_abc123/tokens", h)
		if _, err := f.client().CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "u"}); err != nil || n.Load() != 1 || f.tokenHits.Load() != 2 {
			t.Errorf("err %v, %d API and %d token requests; want nil, 1, 2", err, n.Load(), f.tokenHits.Load())
		}
	})
}

// dropFirst closes the connection of the first request without answering.
func dropFirst(t *testing.T, then http.HandlerFunc) (http.HandlerFunc, *atomic.Int32) {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			conn.Close()
			return
		}
		then(w, r)
	}, &n
}

func TestTransportErrors(t *testing.T) {
	t.Run("GET retried", func(t *testing.T) {
		f := newFakeAPI(t)
		h, n := dropFirst(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, emptyApps) })
		f.handle("GET /v1/connect/apps", h)
		if _, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{}); err != nil || n.Load() != 2 {
			t.Errorf("err %v after %d requests, want success after 2", err, n.Load())
		}
	})
	t.Run("POST not retried", func(t *testing.T) {
		f := newFakeAPI(t)
		h, n := dropFirst(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"token": "ctok_1"}) })
		f.handle("POST /v1/connect/proj_abc123/tokens", h)
		if _, err := f.client().CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: "u"}); err == nil || n.Load() != 1 {
			t.Errorf("err %v after %d requests, want an error after 1", err, n.Load())
		}
	})
}

// slow answers only when the request's context ends (or after 10s).
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func TestSlowUpstreamCutByDeadline(t *testing.T) {
	t.Run("caller context", func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle("GET /v1/connect/apps", slow)
		ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client().ListApps(ctx, pipedream.AppsQuery{})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Errorf("err = %v after %v, want deadline exceeded promptly", err, time.Since(start))
		}
	})
	t.Run("config timeout", func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle("GET /v1/connect/apps", slow)
		start := time.Now()
		_, err := f.client(func(c *pipedream.Config) { c.Timeout = 150 * time.Millisecond }).ListApps(t.Context(), pipedream.AppsQuery{})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Errorf("err = %v after %v, want deadline exceeded promptly", err, time.Since(start))
		}
	})
	t.Run("slow token endpoint", func(t *testing.T) {
		f := newFakeAPI(t)
		f.tokenDelay = time.Second
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client().ListApps(ctx, pipedream.AppsQuery{})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 500*time.Millisecond {
			t.Errorf("err = %v after %v, want deadline exceeded promptly", err, time.Since(start))
		}
	})
	t.Run("backoff wait", func(t *testing.T) {
		f := newFakeAPI(t)
		h, _ := sequence(emptyApps, nil, 503)
		f.handle("GET /v1/connect/apps", h)
		c := f.client(func(c *pipedream.Config) { c.MinRetryDelay, c.MaxRetryDelay = 2*time.Second, 2*time.Second })
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.ListApps(ctx, pipedream.AppsQuery{})
		var e *pipedream.APIError
		if !errors.As(err, &e) || e.StatusCode != 503 || time.Since(start) > time.Second {
			t.Errorf("err = %v after %v, want the 503 at once (wait would pass the deadline)", err, time.Since(start))
		}
	})
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 10: time.Second} {
		for range 50 {
			if d := pipedream.Backoff(n, 100*time.Millisecond, time.Second); d < want/2 || d > want {
				t.Fatalf("Backoff(%d) = %v, want in [%v, %v]", n, d, want/2, want)
			}
		}
	}
}
