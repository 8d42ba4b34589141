package pwa

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// pollEvery is how often the page refreshes the accounts by itself while a
// Connect Link is outstanding and events do not arrive live.
const pollEvery = 5 * time.Second

// live follows the user's event stream (GET /api/connect/events): a
// connection finished anywhere (a phone, another tab, a Connect Link)
// refreshes the accounts and shows in the event log by its webhook's name,
// and one made with the Connect Link's token tells the link panel it was
// used. Where events cannot arrive live (no webhooks, or the server's
// shared store unreachable) the page says so and refreshes the accounts
// itself: when it becomes visible again, and every pollEvery while a
// Connect Link is outstanding.
type live struct {
	status liveStatus
	stop   []func()
}

// liveStatus is what the stream says of itself: whether it said, and
// what; Reason is also reasonUnavailable when the stream failed.
type liveStatus struct {
	Known bool
	connectapi.Status
}

// reasonUnavailable: the event stream itself failed.
const reasonUnavailable = "unavailable"

// connection is a connection event's data: a verified webhook.
type connection struct {
	Event        string `json:"event"` // CONNECTION_SUCCESS or CONNECTION_ERROR
	ConnectToken string `json:"connect_token"`
	Account      *struct {
		ID  string `json:"id"`
		App *struct {
			NameSlug string `json:"name_slug"`
			Name     string `json:"name"`
		} `json:"app"`
	} `json:"account"`
	Error string `json:"error"`
}

// mount opens the stream and watches the page's visibility, for the
// page's lifetime.
func (l *live) mount(ctx app.Context, n *network, f *flow, k *link) {
	l.stop = append(l.stop,
		listenEvents(ctx, n.api.origin+"/api/connect/events", func(ctx app.Context, typ, data string) { l.handle(ctx, typ, data, n, f, k) }),
		watchVisible(ctx, func(ctx app.Context) {
			if !l.status.Live {
				ctx.NewAction(connectui.ActionRefresh)
			}
		}),
	)
	ctx.After(pollEvery, func(ctx app.Context) { l.poll(ctx, k) })
}

// poll refreshes the accounts while events are not live and the Connect
// Link is outstanding, every pollEvery until the page goes.
func (l *live) poll(ctx app.Context, k *link) {
	if l.stop == nil {
		return // dismounted
	}
	if !l.status.Live && k.outstanding() {
		ctx.NewAction(connectui.ActionRefresh)
	}
	ctx.After(pollEvery, func(ctx app.Context) { l.poll(ctx, k) })
}

// dismount closes the stream and the listeners.
func (l *live) dismount() {
	for _, stop := range l.stop {
		stop()
	}
	l.stop = nil
}

// handle is one event of the stream; typ "open" means it (re)connected,
// "dropped" that it broke and the browser retries, "error" that it failed
// for good.
func (l *live) handle(ctx app.Context, typ, data string, n *network, f *flow, k *link) {
	switch typ {
	case "open":
		n.failed(ctx, nil) // the server answers
	case "dropped":
		// A restart, or the server gone: ask it, unless the page knows.
		if !n.down() {
			ctx.Async(func() {
				err := n.api.health(ctx)
				ctx.Dispatch(func(ctx app.Context) { n.failed(ctx, err) })
			})
		}
	case connectapi.EventStatus:
		var s connectapi.Status
		if json.Unmarshal([]byte(data), &s) == nil {
			l.status = liveStatus{Known: true, Status: s}
		}
	case "error":
		l.status = liveStatus{Known: true, Status: connectapi.Status{Reason: reasonUnavailable}}
	case connectapi.EventAccountDeleted:
		ctx.NewAction(connectui.ActionRefresh)
	case connectapi.EventTriggerEvent:
		ctx.NewActionWithValue(actionTriggerEvent, data)
		f.add(connectapi.EventTriggerEvent, data)
	case connectapi.EventConnection:
		var c connection
		if json.Unmarshal([]byte(data), &c) != nil || c.Event == "" {
			return
		}
		ctx.NewAction(connectui.ActionRefresh)
		f.add(c.Event, c.payload())
		if k.token != nil && c.ConnectToken == k.token.Token {
			k.used = c.notice()
		}
	}
}

// payload is what the event log shows of c: the account or the error.
func (c connection) payload() string {
	if c.Account == nil {
		return marshal(struct {
			Error string `json:"error"`
		}{c.Error})
	}
	slug := ""
	if c.Account.App != nil {
		slug = c.Account.App.NameSlug
	}
	return marshal(struct {
		Account string `json:"account"`
		App     string `json:"app,omitempty"`
	}{c.Account.ID, slug})
}

// notice is what the link panel says once its link was used.
func (c connection) notice() uikit.Notice {
	if c.Account == nil {
		return uikit.Notice{Tone: uikit.ToneError, Text: "The link was used, but the connection failed: " + c.Error + ". A link works once: create a new one to try again."}
	}
	name := "The account"
	if c.Account.App != nil && c.Account.App.Name != "" {
		name = c.Account.App.Name
	}
	return uikit.Notice{Tone: uikit.ToneSuccess, Text: "The link was used: " + name + " is connected (account " + c.Account.ID + "). A link works once: create a new one to connect again."}
}

// LiveStatus says when the page does not update by itself.
type LiveStatus struct {
	app.Compo

	Status liveStatus
}

// Render implements app.Composer.
func (s *LiveStatus) Render() app.UI {
	text := ""
	if s.Status.Known && !s.Status.Live {
		why := "Live updates are paused"
		if s.Status.Reason == connectapi.ReasonNoWebhooks {
			why = "Live updates are off: this server gets no webhooks from Pipedream (set PUBLIC_URL)"
		}
		text = why + ". Your accounts refresh when you come back to this page, and every few seconds while a Connect Link is open."
	}
	return app.Div().ID("live-status").Role("status").Aria("live", "polite").Body(
		app.If(text != "", func() app.UI {
			return app.P().Class("banner", "banner-live").Text(text)
		}),
	)
}
