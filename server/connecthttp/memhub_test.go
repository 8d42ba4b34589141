package connecthttp_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/hubtest"
)

func TestMemoryKeepsTheHubContract(t *testing.T) {
	hubtest.Run(t, connecthttp.NewMemoryHub(nil))
}

func TestMemoryHistoryIsBounded(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := connecthttp.NewMemoryHub(clock)
	ctx := context.Background()
	for range connecthttp.HistoryLen + 20 {
		h.Publish(ctx, "u", connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(`{}`)}, "")
	}
	if n := len(drain(t, h, "u", "0")); n != connecthttp.HistoryLen {
		t.Errorf("replay of everything: %d events, want the last %d", n, connecthttp.HistoryLen)
	}
	mu.Lock()
	now = now.Add(connecthttp.HistoryAge + time.Second)
	mu.Unlock()
	if n := len(drain(t, h, "u", "0")); n != 0 {
		t.Errorf("replay after %v: %d events", connecthttp.HistoryAge, n)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	h.Publish(ctx, "v", connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(`{}`)}, "")
	// The replays' subscriptions end asynchronously, after their context.
	for deadline := time.Now().Add(5 * time.Second); h.Users() != 1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d users held, want only v's", h.Users())
		}
	}
}

// drain subscribes after lastID and returns what is replayed at once.
func drain(t *testing.T, h *connecthttp.MemoryHub, user, lastID string) []connecthttp.Event {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := h.Subscribe(ctx, user, lastID)
	if err != nil {
		t.Fatal(err)
	}
	var got []connecthttp.Event
	for {
		select {
		case ev := <-ch:
			got = append(got, ev)
		default:
			return got
		}
	}
}

func TestMemoryDropsASubscriberThatFallsBehind(t *testing.T) {
	h := connecthttp.NewMemoryHub(nil)
	ch, err := h.Subscribe(context.Background(), "u", "")
	if err != nil {
		t.Fatal(err)
	}
	for range 1000 {
		h.Publish(context.Background(), "u", connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(`{}`)}, "")
	}
	n := 0
	for range ch {
		n++
	}
	if n == 0 || n == 1000 {
		t.Errorf("a subscriber that never read got %d events before it was closed", n)
	}
}
