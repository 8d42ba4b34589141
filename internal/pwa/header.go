package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// Header shows the app's name and who the user is: the session's
// external_user_id.
type Header struct {
	app.Compo

	UserID string // empty until the session loads
	Err    string // why the session could not be loaded
	Ready  bool   // the wasm runs: buttons work
}

// Render implements app.Composer.
func (h *Header) Render() app.UI {
	var who app.UI
	switch {
	case h.UserID != "":
		who = app.P().Class("identity").Body(
			app.Text("Signed in as "),
			app.Code().Class("user-id").Title("Your external_user_id").Text(h.UserID),
		)
	case h.Err != "":
		who = app.P().Class("identity", "notice", "notice-error").Body(
			app.Span().Text(h.Err+" "),
			retryButton("Try again to load your session", h.Ready),
		)
	default:
		who = app.P().Class("identity", "muted").Text("Loading your session…")
	}
	return app.Header().Class("site-header").Body(
		app.Div().Class("brand").Body(
			// The PNG, not icon.svg: an SVG image costs the main thread an
			// isolated SVG document while the page is starting, and the
			// loader has already decoded this one.
			app.Img().Src("/web/pwa/icon-192.png").Role("presentation").Width(40).Height(40),
			app.H1().Text("Pipedream Connect"),
		),
		app.Div().ID("identity").Aria("live", "polite").Body(who),
	)
}

// retryButton asks to load the session again. Its accessible name is
// label; it reads "Try again".
func retryButton(label string, ready bool) app.UI {
	return app.Button().Type("button").Class("button-secondary").
		Aria("label", label).
		Attr("disabled", uikit.DisabledIf(!ready)).
		OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionLoadSession) }).
		Text("Try again")
}
