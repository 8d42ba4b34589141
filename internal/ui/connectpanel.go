package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// connectButtonID is the Connect button's id: focus returns to it when the
// hosted flow closes.
const connectButtonID = "connect-button"

// ConnectPanel opens the hosted Connect flow for the chosen app and says, in
// a live region, how the last flow went. It posts actionConnect.
type ConnectPanel struct {
	app.Compo

	App    *App   // the chosen app; nil when none is
	Ready  bool   // the wasm runs and the session is known
	Busy   bool   // a flow is open
	Notice Notice // how the last flow went
}

// Render implements app.Composer.
func (c *ConnectPanel) Render() app.UI {
	label := "Connect"
	if c.App != nil {
		label = "Connect " + appName(*c.App)
	}
	if c.Busy {
		label = "Connecting…"
	}
	return app.Section().Class("card", "connect").Aria("labelledby", "connect-title").Body(
		app.H2().ID("connect-title").Text("Connect an account"),
		app.If(c.App == nil, func() app.UI {
			return app.P().Class("hint").Text("Choose an app first, then connect your account to it.")
		}).Else(func() app.UI {
			return app.P().Class("chosen").Body(
				logo(*c.App, 32),
				app.Span().Body(
					app.Strong().Text(appName(*c.App)),
					app.Span().Class("badge").Text(authLabel(c.App.AuthType)),
				),
			)
		}),
		app.Button().ID(connectButtonID).Type("button").Class("button-primary").
			Attr("disabled", disabledIf(!c.Ready || c.Busy || c.App == nil)).
			Aria("busy", c.Busy).
			OnClick(c.onClick).
			Text(label),
		noticeLine("connect-status", c.Notice),
	)
}

func (c *ConnectPanel) onClick(ctx app.Context, e app.Event) {
	if c.App != nil {
		ctx.NewActionWithValue(actionConnect, flow{App: *c.App})
	}
}

// noticeLine is a live region holding a notice. It is always on the page,
// empty when there is nothing to say, so screen readers announce changes.
func noticeLine(id string, n Notice) app.UI {
	tone := n.Tone
	if tone == "" {
		tone = ToneInfo
	}
	return app.P().ID(id).Class("notice", "notice-"+string(tone)).Role("status").Aria("live", "polite").Text(n.Text)
}
