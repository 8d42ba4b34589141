// Package connectapi declares the JSON of the app's API once, for both its
// sides: the server's handlers (package connecthttp) and the pages that call
// them (package connectui, the PWA). It holds types and names only, and
// imports nothing but the standard library, so a browser bundle may import
// it.
package connectapi

// The event types of GET /connect/events, the user's Server-Sent Events.
const (
	// EventConnection is a verified Connect webhook: its data is the
	// webhook's body (CONNECTION_SUCCESS or CONNECTION_ERROR), never with
	// credentials.
	EventConnection = "connection"
	// EventAccountDeleted is an account the app deleted: {"id"}.
	EventAccountDeleted = "account_deleted"
	// EventTriggerEvent is a verified event of one of the user's deployed
	// triggers.
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

// Why events do not arrive live.
const (
	// ReasonNoWebhooks: the server gets no webhooks (no public URL), so
	// connections made elsewhere are not seen; the page refreshes itself.
	ReasonNoWebhooks = "no_webhooks"
	// ReasonDegraded: the replicas' shared hub is unreachable, so events of
	// other replicas are missed until it is back.
	ReasonDegraded = "degraded"
)
