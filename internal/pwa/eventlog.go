package pwa

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// maxEvents is how many events the log keeps.
const maxEvents = 50

// EventLog is the live log of the hosted flow's callbacks and of the
// user's connection webhooks: each one's name, payload as JSON and time,
// oldest first, like the docs' interactive demo.
type EventLog struct {
	app.Compo

	Events []Event
	Ready  bool // the wasm runs: Clear works
}

// Render implements app.Composer.
func (l *EventLog) Render() app.UI {
	return app.Section().Class("card", "log").Aria("labelledby", "log-title").Body(
		app.Div().Class("card-head").Body(
			app.H2().ID("log-title").Text("Event log"),
			app.Button().Type("button").Class("button-secondary").
				Aria("label", "Clear the event log").
				Attr("disabled", uikit.DisabledIf(!l.Ready || len(l.Events) == 0)).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionClearLog) }).
				Text("Clear"),
		),
		app.If(len(l.Events) == 0, func() app.UI {
			return app.P().Class("hint").Text("The Connect window's callbacks (onSuccess, onError, onClose) appear here as they happen, and the webhook of every connection you make anywhere (CONNECTION_SUCCESS, CONNECTION_ERROR).")
		}),
		// The live region wraps the list: a role on the <ol> itself would
		// take away its list role and leave its items outside any list.
		app.Div().Role("log").Aria("label", "Connect events").Body(
			// Focusable once it holds events: a long log scrolls, and
			// keyboards must reach it; an empty one is no Tab stop.
			app.Ol().ID("event-log").Class("events").Attr("tabindex", tabStopIf(len(l.Events) > 0)).Body(
				app.Range(l.Events).Slice(func(i int) app.UI {
					e := l.Events[i]
					return app.Li().Class("event", "event-"+e.Name).Body(
						app.Time().DateTime(e.At.UTC().Format(time.RFC3339Nano)).Text(clock(e.At)),
						app.Code().Class("event-name").Text(e.Name),
						app.Pre().Class("event-payload").Body(breakable(e.Payload)...),
					)
				}),
			),
		),
	)
}

// appendEvent adds e to the log, keeping the newest maxEvents.
func appendEvent(events []Event, e Event) []Event {
	events = append(events, e)
	if n := len(events) - maxEvents; n > 0 {
		events = append([]Event(nil), events[n:]...)
	}
	return events
}

// tabStopIf is the value of a tabindex attribute: 0 when on, absent
// otherwise.
func tabStopIf(on bool) any {
	if on {
		return 0
	}
	return nil
}

// breakable is a JSON payload with a line break opportunity after each
// comma, so that on a narrow screen it wraps between members rather than
// inside a word.
func breakable(payload string) []app.UI {
	parts := strings.SplitAfter(payload, ",")
	out := make([]app.UI, 0, 2*len(parts))
	for i, p := range parts {
		if i > 0 {
			out = append(out, app.Wbr())
		}
		out = append(out, app.Text(p))
	}
	return out
}
