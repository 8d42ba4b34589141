package connecthttp_test

import (
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// TestEventStreamsLeaveNothingBehind: 1,000 pages that open the event
// stream and go away leave no goroutine, no subscriber and no memory.
func TestEventStreamsLeaveNothingBehind(t *testing.T) {
	hub := connecthttp.NewMemoryHub(nil)
	s := newStack(t, func(o *connecthttp.Config) { o.Events = hub })
	b := s.browser()
	b.user()
	b.stream("").Close() // the first connection's own goroutines count in the baseline
	settle := func() (goroutines int, heap uint64) {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapInuse
	}
	g0, h0 := settle()
	for range 1000 {
		st := b.stream("")
		st.Next() // the stream is open on the server
		st.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		g, h := settle()
		if g <= g0+2 && hub.Users() == 0 && h < h0+4<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 1,000 streams: %d goroutines (%d before), %d users in the hub, heap %d KiB (%d before)", g, g0, hub.Users(), h>>10, h0>>10)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEventStreamNeedsAUser: no session, no stream.
func TestEventStreamNeedsAUser(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) {
		o.User = func(http.ResponseWriter, *http.Request) (string, error) { return "", connecthttp.ErrUnauthenticated }
	})
	if r := s.browser().do("GET", "/api/connect/events", ""); r.Status != http.StatusUnauthorized || r.errorCode() != "unauthenticated" {
		t.Errorf("got %d %s, want 401 unauthenticated", r.Status, r.Body)
	}
}

// TestEventStreamSaysLiveUpdatesAreOffWithoutWebhooks: with no webhook
// URIs, the stream opens with a status that is not live.
func TestEventStreamSaysLiveUpdatesAreOffWithoutWebhooks(t *testing.T) {
	s := newStack(t, func(o *connecthttp.Config) { o.Webhooks = nil })
	b := s.browser()
	b.user()
	if ev := b.stream("").Next(); ev.Type != "status" || ev.Data != `{"live":false,"reason":"no_webhooks"}` {
		t.Errorf("first event: got %+v, want a status that is not live, reason no_webhooks", ev)
	}
}
