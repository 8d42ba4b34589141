package connecthttp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
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

// TestMemoryEventIDsAreEachUsersOwn: an event's id says nothing of how many
// events other users got, and an id from a log since forgotten replays
// everything rather than skipping what came after.
func TestMemoryEventIDsAreEachUsersOwn(t *testing.T) {
	h := connecthttp.NewMemoryHub(nil)
	ctx := context.Background()
	ev := connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(`{}`)}
	for range 50 {
		h.Publish(ctx, "busy", ev, "")
	}
	h.Publish(ctx, "quiet", ev, "")
	busy, quiet := drain(t, h, "busy", "unknown"), drain(t, h, "quiet", "unknown")
	if len(quiet) != 1 || strings.HasSuffix(quiet[0].ID, ".51") || !strings.HasSuffix(quiet[0].ID, ".1") {
		t.Fatalf("the quiet user's first event has id %+v: it counts others' events", quiet)
	}
	if strings.Split(busy[0].ID, ".")[0] == strings.Split(quiet[0].ID, ".")[0] {
		t.Errorf("two users' ids share an epoch: %s, %s", busy[0].ID, quiet[0].ID)
	}
	if got := drain(t, h, "busy", busy[47].ID); len(got) != 2 || got[0].ID != busy[48].ID {
		t.Errorf("replay after %s: %d events", busy[47].ID, len(got))
	}
	if got := drain(t, h, "quiet", "x.0"); len(got) != 1 {
		t.Errorf("replay after an id of another log: %d events, want all 1", len(got))
	}
}

// TestMemoryLetsGoOfAFloodOfUsers: the memory 100,000 users' events took
// comes back once their history has aged out (a map never shrinks by
// itself).
func TestMemoryLetsGoOfAFloodOfUsers(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := connecthttp.NewMemoryHub(clock)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	before := heap()
	ctx := context.Background()
	for i := range 100_000 {
		h.Publish(ctx, fmt.Sprintf("user-%d", i), connecthttp.Event{Type: "connection", Data: json.RawMessage(`{}`)}, fmt.Sprintf("once-%d", i))
	}
	flooded := heap()
	mu.Lock()
	now = now.Add(connecthttp.OnceFor + time.Minute)
	mu.Unlock()
	h.Publish(ctx, "late", connecthttp.Event{Type: "connection", Data: json.RawMessage(`{}`)}, "")
	after := heap()
	t.Logf("heap: %d KiB before, %d KiB with 100,000 users, %d KiB after they aged out", before>>10, flooded>>10, after>>10)
	if h.Users() != 1 || after > before+(flooded-before)/4 {
		t.Errorf("after the flood aged out: %d users, heap %d KiB (before %d, flooded %d)", h.Users(), after>>10, before>>10, flooded>>10)
	}
}
