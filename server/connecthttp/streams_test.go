package connecthttp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// cookie is the browser's Cookie header for the API.
func (b *browser) cookie() string {
	u, _ := url.Parse(b.s.URL)
	var parts []string
	for _, c := range b.client.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// awaitOpenStreams waits until the handler holds n streams open.
func awaitOpenStreams(t *testing.T, a *connecthttp.Handler, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for a.OpenStreams() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open after %v, want %d", a.OpenStreams(), within, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestEventStreamsAreCapped: one session (an attacker's) cannot open
// streams without end. Past the cap per user, per client address and in
// all, a stream is a 429 with Retry-After, the API still answers, and a
// closed stream makes room again.
func TestEventStreamsAreCapped(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) {
		o.Streams = connecthttp.StreamLimits{PerUser: 3, PerAddress: 5, Total: 7}
		o.ClientAddress = func(r *http.Request) string { return r.Header.Get("X-Test-Addr") }
	})
	url := s.URL + "/api/connect/events"
	open := func(b *browser, addr string, want int) *testsupport.StalledStream {
		t.Helper()
		st := testsupport.OpenStalled(t, url, b.cookie(), "X-Test-Addr", addr)
		if st.Status != want {
			t.Fatalf("a stream from %s: %d, want %d", addr, st.Status, want)
		}
		if want == http.StatusTooManyRequests && (st.Header.Get("Retry-After") == "" || !strings.HasPrefix(st.Header.Get("Content-Type"), "application/json")) {
			t.Fatalf("a refused stream: %v", st.Header)
		}
		return st
	}
	a, b, c := s.browser(), s.browser(), s.browser()
	a.user()
	b.user()
	c.user()
	var first *testsupport.StalledStream
	for i := range 3 {
		st := open(a, "addr-1", http.StatusOK)
		if i == 0 {
			first = st
		}
	}
	open(a, "addr-2", http.StatusTooManyRequests) // per user, whatever the address
	open(b, "addr-1", http.StatusOK)
	open(b, "addr-1", http.StatusOK)
	open(b, "addr-1", http.StatusTooManyRequests) // per address
	open(c, "addr-2", http.StatusOK)
	open(c, "addr-2", http.StatusOK)
	open(c, "addr-3", http.StatusTooManyRequests) // in all
	if r := a.do("GET", "/api/session", ""); r.Status != http.StatusOK {
		t.Fatalf("the API with every stream taken: %d %s", r.Status, r.Body)
	}
	first.Close()
	awaitOpenStreams(t, s.API, 6, 10*time.Second)
	open(a, "addr-1", http.StatusOK)
}

// bigEvent is an event of about n bytes of JSON.
func bigEvent(n int) connecthttp.Event {
	data, _ := json.Marshal(map[string]string{"pad": strings.Repeat("x", n)})
	return connecthttp.Event{Type: connectapi.EventConnection, Data: data}
}

// TestANonReadingStreamIsDroppedAndResumes: a client that stops reading
// fills its socket; its stream ends within the write timeout instead of
// holding a goroutine and the events for ever. Back with its Last-Event-ID
// it gets what it missed.
func TestANonReadingStreamIsDroppedAndResumes(t *testing.T) {
	t.Cleanup(connecthttp.SetStreamWriteTimeout(300 * time.Millisecond))
	hub := connecthttp.NewMemoryHub(nil)
	s := newStack(t, func(o *connecthttp.Config) { o.Events = hub })
	b := s.browser()
	user := b.user()
	st := testsupport.OpenStalled(t, s.URL+"/api/connect/events", b.cookie())
	if st.Status != http.StatusOK {
		t.Fatalf("stream: %d", st.Status)
	}
	awaitOpenStreams(t, s.API, 1, 10*time.Second)
	// 4 MB, more than a socket holds, in so few events that the hub never
	// has to drop the stream for falling behind: the write itself blocks.
	const n = 8
	for range n {
		if _, err := hub.Publish(context.Background(), user, bigEvent(512<<10), ""); err != nil {
			t.Fatal(err)
		}
	}
	awaitOpenStreams(t, s.API, 0, 5*time.Second) // without the write timeout: never
	got, ended := st.Drain()
	if !ended {
		t.Fatal("the server did not end the stream")
	}
	var last string
	seen := 0
	for _, ev := range got {
		if ev.Type == "connection" {
			last = ev.ID
			seen++
		}
	}
	if seen == n {
		t.Fatalf("the stalled client got all %d events: it was never behind", n)
	}
	again := b.stream(last)
	for i := seen; i < n; i++ {
		if ev := again.Await(func(ev testsupport.SSEEvent) bool { return ev.Type == "connection" }); ev.ID == "" {
			t.Fatalf("replayed event %d has no id", i)
		}
	}
}

// TestEndStreamsEndsStuckStreamsAtOnce: streams whose clients stopped
// reading, writes blocked on full sockets, end at once on EndStreams (the
// server's shutdown), and new ones are refused.
func TestEndStreamsEndsStuckStreamsAtOnce(t *testing.T) {
	hub := connecthttp.NewMemoryHub(nil)
	s := newStack(t, func(o *connecthttp.Config) { o.Events = hub })
	b := s.browser()
	user := b.user()
	for range 5 {
		if st := testsupport.OpenStalled(t, s.URL+"/api/connect/events", b.cookie()); st.Status != http.StatusOK {
			t.Fatalf("stream: %d", st.Status)
		}
	}
	awaitOpenStreams(t, s.API, 5, 10*time.Second)
	for range 8 { // 4 MB to each: more than their sockets hold
		hub.Publish(context.Background(), user, bigEvent(512<<10), "")
	}
	began := time.Now()
	s.API.EndStreams()
	awaitOpenStreams(t, s.API, 0, 2*time.Second)
	t.Logf("5 stuck streams ended in %v", time.Since(began))
	if r := b.do("GET", "/api/connect/events", ""); r.Status != http.StatusServiceUnavailable {
		t.Errorf("a stream after EndStreams: %d %s", r.Status, r.Body)
	}
}

// TestTheMemoryOfAnOpenStream measures what one open event stream costs
// the process (heap and stacks, the client's side being a bare socket):
// about 29 KiB, of which net/http's buffers are 10 and the connection's
// two goroutines' stacks 10. It holds it to what the attack found, 32 KiB.
func TestTheMemoryOfAnOpenStream(t *testing.T) {
	const n = 300
	s := newStack(t, func(o *connecthttp.Config) {
		o.Streams = connecthttp.StreamLimits{PerUser: n, PerAddress: n, Total: n}
	})
	b := s.browser()
	b.user()
	cookie := b.cookie()
	testsupport.OpenStalled(t, s.URL+"/api/connect/events", cookie).Close()
	awaitOpenStreams(t, s.API, 0, 10*time.Second)
	measure := func() (heap, stack uint64) {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapInuse, m.StackInuse
	}
	h0, s0 := measure()
	for range n {
		if st := testsupport.OpenStalled(t, s.URL+"/api/connect/events", cookie); st.Status != http.StatusOK {
			t.Fatalf("stream: %d", st.Status)
		}
	}
	awaitOpenStreams(t, s.API, n, 10*time.Second)
	h1, s1 := measure()
	heap, stack := float64(h1-h0)/n/1024, float64(s1-s0)/n/1024
	per := heap + stack
	t.Logf("one open event stream: %.1f KiB: heap %.1f, stacks %.1f (%d streams)", per, heap, stack, n)
	if per > 32 {
		t.Errorf("one open event stream costs %.1f KiB, want at most 32", per)
	}
}
