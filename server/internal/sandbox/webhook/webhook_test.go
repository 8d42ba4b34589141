package webhook

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// receiver records webhook posts and fails the first failN of them.
type receiver struct {
	failN  int32
	calls  atomic.Int32
	mu     sync.Mutex
	events []pipedream.WebhookEvent
	times  []time.Time
	done   chan struct{}
	want   int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	n := r.calls.Add(1)
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(req.Body)
	var ev pipedream.WebhookEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.times = append(r.times, time.Now())
	r.mu.Unlock()
	if n <= r.failN {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	r.mu.Lock()
	r.events = append(r.events, ev)
	if len(r.events) == r.want {
		close(r.done)
	}
	r.mu.Unlock()
}

func newReceiver(failN, want int) (*receiver, *httptest.Server) {
	r := &receiver{failN: int32(failN), done: make(chan struct{}), want: want}
	return r, httptest.NewServer(r)
}

func TestDeliverAfterFailures(t *testing.T) {
	r, srv := newReceiver(3, 1)
	defer srv.Close()
	d := New(Options{Backoff: 10 * time.Millisecond})
	defer d.Close()

	acct := pipedream.Account{ID: "apn_1", Credentials: map[string]any{"api_key": "sk-secret"}}
	d.Send("u", Success("ctok_1", "development", 42, acct), srv.URL+"/hook?k=v")
	select {
	case <-r.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("not delivered; %d calls", r.calls.Load())
	}
	if got := r.calls.Load(); got != 4 {
		t.Fatalf("%d calls, want 4 (3 failures then success)", got)
	}
	ev := r.events[0]
	if ev.Event != pipedream.EventConnectionSuccess || ev.ConnectToken != "ctok_1" || ev.Environment != "development" ||
		ev.ConnectSessionID != 42 || ev.Account == nil || ev.Account.ID != "apn_1" || ev.Account.Credentials != nil {
		t.Fatalf("event %+v", ev)
	}
	// Backoff doubles: 10, 20, 40 ms between the four attempts.
	r.mu.Lock()
	defer r.mu.Unlock()
	if gap := r.times[3].Sub(r.times[2]); gap < 35*time.Millisecond {
		t.Fatalf("third retry after %v, want about 40ms", gap)
	}
}

func TestAttemptsBounded(t *testing.T) {
	r, srv := newReceiver(1000, 1)
	defer srv.Close()
	d := New(Options{Backoff: time.Millisecond, Attempts: 3})
	d.Send("u", Failure("ctok_2", "production", 7, "access denied"), srv.URL)
	deadline := time.Now().Add(5 * time.Second)
	for r.calls.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	d.Close()
	if got := r.calls.Load(); got != 3 {
		t.Fatalf("%d calls, want exactly 3", got)
	}
}

func TestNetworkErrorRetried(t *testing.T) {
	r, srv := newReceiver(0, 1)
	defer srv.Close()
	// A transport that fails the first two attempts at the network level.
	var n atomic.Int32
	client := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if n.Add(1) <= 2 {
			return nil, io.ErrUnexpectedEOF
		}
		return http.DefaultTransport.RoundTrip(req)
	})}
	d := New(Options{Client: client, Backoff: time.Millisecond})
	defer d.Close()
	d.Send("u", Failure("ctok_3", "development", 1, "boom"), srv.URL)
	select {
	case <-r.done:
	case <-time.After(5 * time.Second):
		t.Fatal("not delivered after network errors")
	}
	if n.Load() != 3 || r.events[0].Error != "boom" || r.events[0].Event != pipedream.EventConnectionError {
		t.Fatalf("attempts %d, event %+v", n.Load(), r.events[0])
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestSendNeverBlocks(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	d := New(Options{Workers: 1, QueueSize: 2, Backoff: time.Millisecond})
	start := time.Now()
	for range 50 {
		d.Send("u", Failure("ctok", "development", 1, "x"), srv.URL)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Send blocked for %v", el)
	}
	// Close cancels the stuck delivery and returns promptly.
	start = time.Now()
	d.Close()
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("Close took %v", el)
	}
	d.Send("u", Failure("ctok", "development", 1, "after close"), srv.URL) // dropped, no panic
}

func TestCloseStopsRetries(t *testing.T) {
	r, srv := newReceiver(1000, 1)
	defer srv.Close()
	d := New(Options{Backoff: time.Hour})
	d.Send("u", Failure("ctok", "development", 1, "x"), srv.URL)
	for r.calls.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	d.Close()
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Close waited %v for a backoff", el)
	}
	if got := r.calls.Load(); got != 1 {
		t.Fatalf("%d calls after close, want 1", got)
	}
}

func TestSessionID(t *testing.T) {
	for range 100 {
		if id := NewSessionID(); id <= 0 || id > 1<<53 {
			t.Fatalf("session id %d", id)
		}
	}
}

// TestOneUsersFloodNeverHoldsUpAnothers: a user whose events flood in, to
// a receiver slow to answer them, fills only their own queue and holds one
// worker; another user's webhook goes out at once, and nothing of theirs
// is dropped.
func TestOneUsersFloodNeverHoldsUpAnothers(t *testing.T) {
	victim := make(chan time.Time, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/victim" {
			victim <- time.Now()
			return
		}
		select { // the flood's receiver hangs
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	d := New(Options{Backoff: time.Millisecond})
	defer d.Close()
	for range 5000 {
		d.Send("flooder", Failure("ctok_f", "development", 1, "access denied"), srv.URL+"/flood")
	}
	sent := time.Now()
	d.Send("victim", Success("ctok_v", "development", 2, pipedream.Account{ID: "apn_v"}), srv.URL+"/victim")
	select {
	case at := <-victim:
		t.Logf("the victim's webhook arrived %v after it was sent, during a flood of 5,000", at.Sub(sent))
	case <-time.After(5 * time.Second):
		t.Fatal("the victim's webhook was dropped or held up behind another user's flood")
	}
}
