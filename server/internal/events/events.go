// Package events carries what happens to a user's accounts (a verified
// webhook, a deletion) to that user's open pages, and keeps a short history
// so a page that reconnects gets what it missed. Memory is the in-process
// Hub; package redisevents has the one shared by replicas.
package events

import (
	"context"
	"encoding/json"
	"time"
)

// Event types.
const (
	TypeConnection     = "connection"      // a verified Connect webhook
	TypeAccountDeleted = "account_deleted" // the app deleted an account
	TypeTriggerEvent   = "trigger_event"   // a verified event of one of the user's deployed triggers
	// TypeStatus is the hub's own news, never stored and without an ID:
	// Data is a Status.
	TypeStatus = "status"
)

// Event is one event of one user.
type Event struct {
	ID   string          // set by the hub, ordered within a user's events
	Type string          // one of the Type constants
	Data json.RawMessage // a JSON object
}

// Status tells a subscriber whether the hub delivers events as they happen.
type Status struct {
	Live   bool   `json:"live"`
	Reason string `json:"reason,omitempty"` // when not live
}

// History bounds what a hub keeps per user for replays.
const (
	HistoryLen = 100
	HistoryAge = 10 * time.Minute
)

// OnceFor is how long a Publish once key is remembered.
const OnceFor = 6 * time.Hour

// Hub delivers a user's events to the user's subscribers.
type Hub interface {
	// Publish records ev for user and delivers it to the user's
	// subscribers. When once is not empty, only the first Publish with that
	// key within OnceFor goes through; the others report false.
	Publish(ctx context.Context, user string, ev Event, once string) (bool, error)
	// Subscribe streams user's events from now on, after the recorded ones
	// that follow lastID (all of them when lastID is unknown; none when it
	// is empty). The channel closes when ctx ends or when the subscriber
	// falls too far behind, which a client mends by resubscribing with the
	// last ID it got.
	Subscribe(ctx context.Context, user, lastID string) (<-chan Event, error)
}

// StatusEvent is the TypeStatus event for s.
func StatusEvent(s Status) Event {
	data, _ := json.Marshal(s)
	return Event{Type: TypeStatus, Data: data}
}
