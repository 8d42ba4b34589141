// Package fault is a reverse proxy with injectable faults: put it between
// the app server and its upstream (the sandbox) to make the upstream slow,
// unreachable, or answer with an error status, then heal it.
package fault

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the proxy does to each request; the zero Fault passes every
// request through untouched.
type Fault struct {
	// Delay holds each request this long before acting (a slow upstream).
	// The wait ends early when the client gives up.
	Delay time.Duration
	// Drop closes the connection without answering (an upstream that is
	// down or crashed mid-request).
	Drop bool
	// Status, when set, answers with this status and a JSON error body
	// instead of forwarding.
	Status int
	// RetryAfter, with Status, is sent as the Retry-After header (seconds).
	RetryAfter int
}

// Proxy forwards to a target unless a fault is set.
type Proxy struct {
	rp    *httputil.ReverseProxy
	mu    sync.Mutex
	fault Fault
	hits  atomic.Int64
}

// New returns a proxy to target (an origin such as http://127.0.0.1:3001).
func New(target string) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("fault: bad target %q: %v", target, err)
	}
	return &Proxy{rp: httputil.NewSingleHostReverseProxy(u)}, nil
}

// Set replaces the current fault; Set(Fault{}) heals the upstream.
func (p *Proxy) Set(f Fault) {
	p.mu.Lock()
	p.fault = f
	p.mu.Unlock()
}

// Hits counts the requests the proxy received.
func (p *Proxy) Hits() int64 { return p.hits.Load() }

// ServeHTTP applies the current fault, then forwards what it lets through.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	p.mu.Lock()
	f := p.fault
	p.mu.Unlock()
	if f.Delay > 0 {
		// net/http notices a client hanging up only once the request body
		// is read: read it now, and forward the copy after the wait.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // aborts the response without answering
	case f.Status != 0:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		fmt.Fprintf(w, `{"error":%q}`, http.StatusText(f.Status))
	default:
		p.rp.ServeHTTP(w, r)
	}
}
