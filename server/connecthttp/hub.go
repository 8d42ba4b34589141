package connecthttp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

// Event is one event of one user, as a [Hub] carries it to the user's
// event streams (GET /connect/events).
type Event struct {
	ID   string          // set by the hub, ordered within a user's events
	Type string          // connectapi.EventConnection, EventAccountDeleted, EventTriggerEvent or EventStatus
	Data json.RawMessage // a JSON object
}

// StatusEvent is the [connectapi.EventStatus] event for s: a hub's own
// news to its subscribers, such as "degraded" while its shared store is
// unreachable.
func StatusEvent(s connectapi.Status) Event {
	data, _ := json.Marshal(s)
	return Event{Type: connectapi.EventStatus, Data: data}
}

// What a [Hub] keeps per user for replays, and how long it remembers a
// Publish once key.
const (
	HistoryLen = 100              // events kept per user
	HistoryAge = 10 * time.Minute // how long each is kept
	OnceFor    = 6 * time.Hour    // how long a Publish once key is remembered
)

// Hub carries each user's events to the user's open event streams and keeps
// a short history (the last HistoryLen events, none older than HistoryAge)
// for a page that reconnects ([Config].Events). [MemoryHub] keeps them in
// process; replicas share one hub, such as package
// github.com/pdconnect/pdconnect/server/connectredis's.
type Hub interface {
	// Publish records ev for user and delivers it to the user's
	// subscribers. When once is not empty, only the first Publish with that
	// key within OnceFor goes through; the others report false.
	Publish(ctx context.Context, user string, ev Event, once string) (bool, error)
	// Subscribe streams user's events from now on, after the recorded ones
	// that follow lastID (all of them when lastID is unknown; none when it
	// is empty). The channel closes when ctx ends or when the subscriber
	// falls too far behind, which a client mends by resubscribing with the
	// last ID it got. A hub may send [StatusEvent]s about itself.
	Subscribe(ctx context.Context, user, lastID string) (<-chan Event, error)
}
