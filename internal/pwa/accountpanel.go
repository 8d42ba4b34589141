package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// accountPanel is a panel the page opens for one account at a time ("Run
// an action", Automations): a button on each account's row opens it, with
// the focus on its title; closing it puts the focus back on that button.
type accountPanel struct {
	open, close string // the actions: open (value: connectui.Account), close (nil)
	titleID     string // the panel's title, focused when it opens
	idPrefix    string // an account's button's id is this and the account's id
}

var (
	runPanel         = accountPanel{actionRunWith, actionRunClose, runPanelTitleID, "run-"}
	automationsPanel = accountPanel{actionAutomationsOpen, actionAutomationsClose, automationsTitleID, "automations-"}
)

// button is an account's button that opens the panel; label is its
// accessible name.
func (p accountPanel) button(a connectui.Account, ready bool, text, label string) app.UI {
	return app.Button().ID(p.buttonID(a)).Type("button").Class("button-secondary").
		Aria("label", label).
		Attr("disabled", uikit.DisabledIf(!ready || a.Dead)).
		OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(p.open, a) }, app.EventScope(a.ID)).
		Text(text)
}

func (p accountPanel) buttonID(a connectui.Account) string { return p.idPrefix + a.ID }

// openFor is, as the page follows it, the account a panel is open for.
type openFor struct {
	account *connectui.Account
}

// mount opens and closes the panel p when asked.
func (o *openFor) mount(ctx app.Context, p accountPanel) {
	ctx.Handle(p.open, func(ctx app.Context, a app.Action) {
		if acct, ok := a.Value.(connectui.Account); ok {
			o.account = &acct
			uikit.Focus(ctx, p.titleID)
		}
	})
	ctx.Handle(p.close, func(ctx app.Context, a app.Action) {
		if o.account != nil {
			id := p.buttonID(*o.account)
			o.account = nil
			uikit.Focus(ctx, id)
		}
	})
}

// title is a panel's title for account a: what it does with the app
// ("Run an action with Slack"), then, on a line of its own, the account's
// name, which tells two accounts of the app apart.
func (p accountPanel) title(what string, a connectui.Account) app.UI {
	return app.H2().ID(p.titleID).TabIndex(-1).Body(
		app.Text(what+" "+a.App.DisplayName()),
		app.If(a.Name != "", func() app.UI { return app.Span().Class("panel-account").Text(a.Name) }),
	)
}

// connected says when a was connected, which sets apart two accounts of
// an app that share a name.
func connected(a connectui.Account) string {
	if a.CreatedAt.IsZero() {
		return ""
	}
	return "Connected " + a.CreatedAt.Local().Format("Jan 2, 2006, 15:04") + ". "
}
