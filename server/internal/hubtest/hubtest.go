// Package hubtest checks that an connecthttp.Hub keeps the Hub contract; the
// in-process and the Redis hub run the same checks.
package hubtest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// Run checks the hub h; users are fresh per call (the hub may be shared).
func Run(t *testing.T, h connecthttp.Hub) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	user, other := fmt.Sprintf("user-%d", time.Now().UnixNano()), fmt.Sprintf("other-%d", time.Now().UnixNano())
	ev := func(n int) connecthttp.Event {
		return connecthttp.Event{Type: connectapi.EventConnection, Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, n))}
	}
	publish := func(u string, n int, once string) bool {
		t.Helper()
		ok, err := h.Publish(ctx, u, ev(n), once)
		if err != nil {
			t.Fatalf("Publish: %v", err)
		}
		return ok
	}
	subCtx, unsubscribe := context.WithCancel(ctx)
	live, err := h.Subscribe(subCtx, user, "")
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 3; n++ {
		publish(user, n, "")
	}
	publish(other, 99, "")
	if !publish(user, 4, "session-1:CONNECTION_SUCCESS") || publish(user, 5, "session-1:CONNECTION_SUCCESS") {
		t.Error("a once key went through twice, or not once")
	}
	var ids []string
	for n := 1; n <= 4; n++ {
		got := next(t, live)
		if string(got.Data) != fmt.Sprintf(`{"n":%d}`, n) || got.ID == "" || got.Type != connectapi.EventConnection {
			t.Fatalf("event %d: %+v", n, got)
		}
		ids = append(ids, got.ID)
	}
	unsubscribe()
	for range live { // closes once the context ends
	}

	// A page that reconnects after the second event gets the third and fourth.
	replay, err := h.Subscribe(ctx, user, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range ids[2:] {
		if got := next(t, replay); got.ID != want {
			t.Fatalf("replay after %s: %s, want %s", ids[1], got.ID, want)
		}
	}
	publish(user, 6, "")
	if got := next(t, replay); string(got.Data) != `{"n":6}` {
		t.Fatalf("after the replay: %+v", got)
	}
}

// next is the next event that is not a status.
func next(t *testing.T, ch <-chan connecthttp.Event) connecthttp.Event {
	t.Helper()
	return Await(t, ch, func(ev connecthttp.Event) bool { return ev.Type != connectapi.EventStatus })
}

// Await reads ch until an event satisfies ok, within 10 s.
func Await(t *testing.T, ch <-chan connecthttp.Event, ok func(connecthttp.Event) bool) connecthttp.Event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, open := <-ch:
			if !open {
				t.Fatal("the subscription closed")
			}
			if ok(ev) {
				return ev
			}
		case <-timeout:
			t.Fatal("no such event within 10 s")
		}
	}
}
