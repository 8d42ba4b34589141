package connectmcp

import (
	"context"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// news watches user-1 on a memory hub while events of the given users and
// types are published, then ends the watch and counts the news received.
// The hub buffers them in order and the watcher reads its subscription to
// the end, so the count is exact without waiting.
func news(t *testing.T, events ...[2]string) int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	hub := connecthttp.NewMemoryHub(nil)
	changes, err := HubWatcher(hub).WatchAccounts(ctx, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		if _, err := hub.Publish(ctx, ev[0], connecthttp.Event{Type: ev[1], Data: []byte(`{}`)}, ""); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	n := 0
	for range changes { // closes once the watch ends
		n++
	}
	return n
}

func TestHubWatcherSendsOnAccountChangesOnly(t *testing.T) {
	if n := news(t, [2]string{"user-1", connectapi.EventTriggerEvent}, [2]string{"user-2", connectapi.EventConnection}, [2]string{"user-1", connectapi.EventStatus}); n != 0 {
		t.Errorf("trigger events, status and another user's connection: %d news, want 0", n)
	}
	if n := news(t, [2]string{"user-1", connectapi.EventConnection}); n != 1 {
		t.Errorf("a connection: %d news, want 1", n)
	}
	if n := news(t, [2]string{"user-1", connectapi.EventAccountDeleted}); n != 1 {
		t.Errorf("a deletion: %d news, want 1", n)
	}
}
