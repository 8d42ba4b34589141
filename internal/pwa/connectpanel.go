package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// connectButtonID is the Connect button's id: focus returns to it when the
// hosted flow closes.
const connectButtonID = "connect-button"

// ConnectPanel shows the chosen app with a connectui.ConnectButton that
// opens the hosted Connect flow for it, and says, in a live region, how the
// last flow went.
type ConnectPanel struct {
	app.Compo

	App         *App             // the chosen app; nil when none is
	FrontendURL string           // the hosted Connect UI
	Ready       bool             // the wasm runs and the session is known
	Busy        bool             // a flow is open
	Down        bool             // offline, or the server unreachable: no flow can start
	Notice      uikit.Notice     // how the last flow went
	Events      connectui.Events // the flow's events
}

// Render implements app.Composer.
func (c *ConnectPanel) Render() app.UI {
	var chosen App
	if c.App != nil {
		chosen = *c.App
	}
	return app.Section().Class("card", "connect").Aria("labelledby", "connect-title").Body(
		app.H2().ID("connect-title").Text("Connect an account"),
		app.If(c.App == nil, func() app.UI {
			return app.P().Class("hint").Text("Choose an app first, then connect your account to it.")
		}).Else(func() app.UI {
			return app.P().Class("chosen").Body(
				uikit.Logo(c.App.ImgSrc, 32),
				app.Span().Body(
					app.Strong().Text(c.App.DisplayName()),
					app.Span().Class("badge").Text(authLabel(c.App.AuthType)),
				),
			)
		}),
		&connectui.ConnectButton{
			App: chosen.NameSlug, AppName: chosen.DisplayName(), ID: connectButtonID,
			FrontendURL: c.FrontendURL, Disabled: !c.Ready || c.Busy || c.Down, Events: c.Events,
			Preload: true,
		},
		app.If(c.Down && !c.Busy, func() app.UI {
			return app.P().ID("connect-down").Class("hint").Text("Connecting needs the server, which can't be reached now: the button works again by itself once it answers.")
		}),
		uikit.NoticeLine("connect-status", c.Notice),
	)
}
