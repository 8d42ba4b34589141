package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// UpdateNotice tells the user a new version of the app is installed and
// offers to reload into it. go-app calls OnAppUpdate when the service worker
// has a new version; an unchanged server keeps its version, so restarting it
// shows nothing.
type UpdateNotice struct {
	app.Compo

	available bool // a new version is installed
}

// OnMount implements app.Mounter: an update may have landed before the wasm
// started.
func (u *UpdateNotice) OnMount(ctx app.Context) { u.available = ctx.AppUpdateAvailable() }

// OnAppUpdate implements app.AppUpdater.
func (u *UpdateNotice) OnAppUpdate(ctx app.Context) { u.available = ctx.AppUpdateAvailable() }

// Render implements app.Composer.
func (u *UpdateNotice) Render() app.UI {
	return app.Div().ID("update-notice").Role("status").Aria("live", "polite").Body(
		app.If(u.available, func() app.UI {
			return app.Div().Class("banner", "banner-update").Body(
				app.Span().Text("A new version of this app is ready."),
				app.Button().ID("update-reload").Type("button").Class("button-primary").
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }).
					Text("Reload to update"),
			)
		}),
	)
}
