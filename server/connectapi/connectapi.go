// Package connectapi declares the JSON of the app's API once, for both its
// sides: the server's handlers (package connecthttp) and the pages that call
// them (package connectui, the PWA). It holds types and names only, and
// imports nothing but the standard library, so a browser bundle may import
// it.
//
// The app's API passes the components API through, so the components API's
// JSON (components, props, configure, reload and run calls, deployed
// triggers and their events) and the app catalog's are declared here too;
// package pipedream gives the same types under the same names.
package connectapi

import "encoding/json"

// The event types of GET /connect/events, the user's Server-Sent Events.
const (
	// EventConnection is a verified Connect webhook: its data is the
	// webhook's body (CONNECTION_SUCCESS or CONNECTION_ERROR), never with
	// credentials.
	EventConnection = "connection"
	// EventAccountDeleted is an account the app deleted: {"id"}.
	EventAccountDeleted = "account_deleted"
	// EventTriggerEvent is a verified event of one of the user's deployed
	// triggers, a [TriggerEventData].
	EventTriggerEvent = "trigger_event"
	// EventStatus is the stream's own news, a [Status]: never stored and
	// without an id.
	EventStatus = "status"
)

// Status is the data of an [EventStatus] event: whether events arrive as
// they happen.
type Status struct {
	Live bool `json:"live"`
	// Reason says why not, when not live: [ReasonNoWebhooks] or
	// [ReasonDegraded].
	Reason string `json:"reason,omitempty"`
}

// TriggerEventData is the data of an [EventTriggerEvent] event: one event
// a deployed trigger emitted (E, with its summary Sum), as the page
// receives it. (The delivery the server verifies is
// pipedream.TriggerEvent.)
type TriggerEventData struct {
	DeployedTriggerID string `json:"deployed_trigger_id"`
	ID                string `json:"id"`
	TS                int64  `json:"ts"` // when it was emitted, in milliseconds since the Unix epoch
	Sum               string `json:"sum,omitempty"`
	// E is the event itself, absent when larger than 64 KiB (the page
	// can list it: GET /connect/triggers/{id}/events).
	E json.RawMessage `json:"e,omitempty"`
}

// Why events do not arrive live.
const (
	// ReasonNoWebhooks: the server gets no webhooks (no public URL), so
	// connections made elsewhere are not seen; the page refreshes itself.
	ReasonNoWebhooks = "no_webhooks"
	// ReasonDegraded: the replicas' shared hub is unreachable, so events of
	// other replicas are missed until it is back.
	ReasonDegraded = "degraded"
)

// ErrorBody is the body of every error answer:
// {"error":{"code","message"}}.
type ErrorBody struct {
	Error Error `json:"error"`
}

// Error is what an error answer says: a code a client branches on (the
// server's connecthttp.ErrorCode, such as "rate_limited") and a message
// for people, which may change.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Session is the answer of GET /session: who the user is.
type Session struct {
	ExternalUserID string `json:"external_user_id"`
}

// List is a list answer, {"data":[...]}: GET /connect/accounts lists the
// user's accounts (never with credentials).
type List[T any] struct {
	Data []T `json:"data"`
}

// TestRequest is the answer of POST /connect/accounts/{id}/test-request:
// what the account's app answered a request sent through the Connect
// proxy. The provider's headers are left out; the credential never comes
// back.
type TestRequest struct {
	Method      string `json:"method"`
	URL         string `json:"url"`
	Status      int    `json:"status"`                 // the provider's
	ContentType string `json:"content_type,omitempty"` // the provider's
	Body        string `json:"body"`                   // its first 16 KiB, as text
	Truncated   bool   `json:"truncated,omitempty"`    // the body was longer
}
