package connecthttp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

// heartbeat is how often an idle event stream sends a comment, so proxies
// keep it open and a dead client is noticed.
const heartbeat = 25 * time.Second

// reconnectDelay is the retry the stream asks browsers to wait before they
// reconnect, in milliseconds.
const reconnectDelay = 2000

// events answers GET /connect/events: the user's events as Server-Sent
// Events. Each event has an id; a browser that reconnects sends the last
// one as Last-Event-ID and gets what it missed first. A status event (no
// id) says whether events arrive live: not when no webhooks can come, nor
// while the shared hub is unreachable.
func (a *Handler) events(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	rc := http.NewResponseController(w)
	ch, err := a.opts.Events.Subscribe(r.Context(), user, r.Header.Get("Last-Event-ID"))
	if err != nil {
		a.opts.Logger.Warn("connecthttp: events: subscribe", "err", err)
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "live updates are unavailable; try again")
		return
	}
	_ = rc.SetWriteDeadline(time.Time{}) // the stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	status := connectapi.Status{Live: true}
	if a.opts.Webhooks == nil {
		status = connectapi.Status{Reason: connectapi.ReasonNoWebhooks}
	}
	fmt.Fprintf(w, "retry: %d\n\n", reconnectDelay)
	writeEvent(w, StatusEvent(status))
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case ev, open := <-ch:
			if !open {
				return // the client reconnects with its Last-Event-ID
			}
			if ev.Type == connectapi.EventStatus && a.opts.Webhooks == nil {
				continue // never live without webhooks
			}
			writeEvent(w, ev)
		case <-tick.C:
			fmt.Fprint(w, ": heartbeat\n\n")
		case <-r.Context().Done():
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// writeEvent writes one SSE event; Data is one line of JSON.
func writeEvent(w http.ResponseWriter, ev Event) {
	data := ev.Data
	if !json.Valid(data) {
		data = json.RawMessage("{}")
	}
	if ev.ID != "" {
		fmt.Fprintf(w, "id: %s\n", ev.ID)
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, data)
}
