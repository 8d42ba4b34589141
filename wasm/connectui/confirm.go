package connectui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// Ids of the confirmation dialog's parts.
const (
	confirmCancelID = "confirm-cancel"
	confirmOKID     = "confirm-ok"
)

// confirmDialog asks the user to confirm a destructive action in a modal
// <dialog> (showModal): the browser keeps focus inside it and makes the
// page behind inert. Focus starts on Cancel; Escape cancels.
type confirmDialog struct {
	app.Compo

	Title     string
	Message   string
	Confirm   string // the confirming button's text
	OnConfirm func(app.Context)
	OnCancel  func(app.Context)

	done bool // a choice was made: the closing dialog's close event is not a cancel
}

// OnMount implements app.Mounter: the dialog opens as a modal once on the
// page, focus on the safe choice.
func (d *confirmDialog) OnMount(ctx app.Context) {
	ctx.Defer(func(ctx app.Context) {
		if dlg := ctx.JSSrc(); dlg.Get("showModal").Truthy() {
			dlg.Call("showModal")
		}
		uikit.FocusNow(confirmCancelID)
	})
}

// Render implements app.Composer.
func (d *confirmDialog) Render() app.UI {
	return app.Dialog().Class("dialog").
		Role("alertdialog").
		Aria("modal", true).
		Aria("labelledby", "confirm-title").
		Aria("describedby", "confirm-message").
		On("close", func(ctx app.Context, e app.Event) { d.choose(ctx, d.OnCancel) }).
		Body(
			app.H3().ID("confirm-title").Text(d.Title),
			app.P().ID("confirm-message").Text(d.Message),
			app.Div().Class("dialog-actions").Body(
				app.Button().ID(confirmCancelID).Type("button").Class("button-secondary").
					OnClick(func(ctx app.Context, e app.Event) { d.choose(ctx, d.OnCancel) }).
					Text("Cancel"),
				app.Button().ID(confirmOKID).Type("button").Class("button-danger").
					OnClick(func(ctx app.Context, e app.Event) { d.choose(ctx, d.OnConfirm) }).
					Text(d.Confirm),
			),
		)
}

// choose runs the first choice made (a button, or Escape closing the
// dialog) and ignores the rest.
func (d *confirmDialog) choose(ctx app.Context, f func(app.Context)) {
	if d.done {
		return
	}
	d.done = true
	f(ctx)
}
