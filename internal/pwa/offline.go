package pwa

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// OfflineBanner says when the page works without the network: the browser
// is offline, or the server does not answer.
type OfflineBanner struct {
	app.Compo

	Offline     bool // navigator.onLine is false
	Unreachable bool // the last request got no answer
}

// Render implements app.Composer.
func (b *OfflineBanner) Render() app.UI {
	text := ""
	switch {
	case b.Offline:
		text = "You're offline. The app still opens; connecting accounts needs the network and resumes when you're back online."
	case b.Unreachable:
		text = "The server can't be reached right now. What's on the page stays, and the page picks up again by itself once the server answers."
	}
	return app.Div().ID("offline-banner").Role("status").Aria("live", "polite").Body(
		app.If(text != "", func() app.UI {
			return app.P().Class("banner", "banner-offline").Text(text)
		}),
	)
}
