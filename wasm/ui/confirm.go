package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Ids of the confirmation dialog's parts.
const (
	confirmCancelID = "confirm-cancel"
	confirmOKID     = "confirm-ok"
)

// ConfirmDialog asks the user to confirm a destructive action: a modal
// alertdialog over the page. Focus starts on Cancel and stays inside; Escape
// cancels.
type ConfirmDialog struct {
	app.Compo

	Title     string
	Message   string
	Confirm   string // the confirming button's text
	OnConfirm func(app.Context)
	OnCancel  func(app.Context)
}

// OnMount implements app.Mounter: focus starts on the safe choice.
func (d *ConfirmDialog) OnMount(ctx app.Context) { focus(ctx, confirmCancelID) }

// Render implements app.Composer.
func (d *ConfirmDialog) Render() app.UI {
	return app.Div().Class("backdrop").OnKeyDown(d.onKeyDown).Body(
		app.Div().Class("dialog").
			Role("alertdialog").
			Aria("modal", true).
			Aria("labelledby", "confirm-title").
			Aria("describedby", "confirm-message").
			Body(
				app.H3().ID("confirm-title").Text(d.Title),
				app.P().ID("confirm-message").Text(d.Message),
				app.Div().Class("dialog-actions").Body(
					app.Button().ID(confirmCancelID).Type("button").Class("button-secondary").
						OnClick(func(ctx app.Context, e app.Event) { d.OnCancel(ctx) }).
						Text("Cancel"),
					app.Button().ID(confirmOKID).Type("button").Class("button-danger").
						OnClick(func(ctx app.Context, e app.Event) { d.OnConfirm(ctx) }).
						Text(d.Confirm),
				),
			),
	)
}

// onKeyDown cancels on Escape and keeps Tab between the two buttons.
func (d *ConfirmDialog) onKeyDown(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "Escape":
		e.PreventDefault()
		d.OnCancel(ctx)
	case "Tab":
		e.PreventDefault()
		next := confirmOKID
		if app.Window().Get("document").Get("activeElement").Get("id").String() == confirmOKID {
			next = confirmCancelID
		}
		focusNow(next)
	}
}
