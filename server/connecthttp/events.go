package connecthttp

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
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
// while the shared hub is unreachable. Open streams are limited per user,
// per client address and in all (Config.Streams); each write must finish
// within streamWriteTimeout, or the stream ends.
func (a *Handler) events(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	rc := http.NewResponseController(w)
	st, ctx, err := a.streams.add(r.Context(), user, a.opts.ClientAddress(r), rc)
	if err != nil {
		status, code := http.StatusTooManyRequests, CodeRateLimited
		if err == errEnded {
			status, code = http.StatusServiceUnavailable, CodeUnavailable
		}
		w.Header().Set("Retry-After", strconv.Itoa(reconnectDelay/1000))
		a.refusals.warn(r.Context(), "connecthttp: event stream refused: "+err.Error(), slog.String("from", a.opts.ClientAddress(r)), slog.String("user", cut(user)))
		writeError(w, status, code, err.Error())
		return
	}
	defer a.streams.remove(st)
	ch, err := a.opts.Events.Subscribe(ctx, user, r.Header.Get("Last-Event-ID"))
	if err != nil {
		a.opts.Logger.Warn("connecthttp: events: subscribe", "err", err)
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "live updates are unavailable; try again")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	// flush sends what was written within streamWriteTimeout; false ends
	// the stream. The deadline is set before ctx is checked: EndStreams
	// cancels ctx before it moves the deadline to now.
	flush := func() bool {
		if rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout)) != nil || ctx.Err() != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout)) != nil {
		return
	}
	w.WriteHeader(http.StatusOK)
	status := connectapi.Status{Live: true}
	if a.opts.Webhooks == nil {
		status = connectapi.Status{Reason: connectapi.ReasonNoWebhooks}
	}
	fmt.Fprintf(w, "retry: %d\n\n", reconnectDelay)
	writeEvent(w, StatusEvent(status))
	if !flush() {
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
		case <-ctx.Done():
			return
		}
		if !flush() {
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
