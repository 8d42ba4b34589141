package pwa

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// UpdateNotice tells the user a new version of the app is installed and
// offers to reload into it. go-app calls OnAppUpdate whenever a service
// worker activates on a page it controls, which includes the first worker
// of a first visit taking over the page it was registered from; the notice
// shows only once the active worker serves another build than the page
// runs (see otherBuildActive). An unchanged server keeps its version, so
// restarting it shows nothing.
type UpdateNotice struct {
	app.Compo

	available bool // the active service worker serves another build
}

// OnMount implements app.Mounter: an update may have landed before the wasm
// started.
func (u *UpdateNotice) OnMount(ctx app.Context) { u.check(ctx) }

// OnAppUpdate implements app.AppUpdater.
func (u *UpdateNotice) OnAppUpdate(ctx app.Context) { u.check(ctx) }

// check shows the notice when go-app saw a worker activate and that worker
// serves another build.
func (u *UpdateNotice) check(ctx app.Context) {
	if !ctx.AppUpdateAvailable() {
		return
	}
	ctx.Async(func() {
		other := otherBuildActive(ctx)
		ctx.Dispatch(func(ctx app.Context) { u.available = other })
	})
}

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
