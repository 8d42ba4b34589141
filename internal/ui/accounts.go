package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// accountsRefreshID is the Refresh button's id: focus goes there after a
// disconnection, whose row disappears.
const accountsRefreshID = "accounts-refresh"

// AccountsList shows the user's connected accounts, each with its app,
// name, when it was connected and its health, and buttons to reconnect it
// (posts actionConnect with the account's id) or disconnect it (after a
// confirmation dialog; posts actionDisconnect).
type AccountsList struct {
	app.Compo

	Accounts []Account
	Loading  bool
	Err      string // why the list could not be loaded
	Removing string // id of the account being disconnected
	Notice   Notice // how the last disconnection went
	Ready    bool   // the wasm runs: buttons work
	Busy     bool   // a flow is open: no reconnecting now

	confirm *Account // the account whose disconnection awaits confirmation
}

// Render implements app.Composer.
func (l *AccountsList) Render() app.UI {
	return app.Section().Class("card", "accounts").Aria("labelledby", "accounts-title").Body(
		app.Div().Class("card-head").Body(
			app.H2().ID("accounts-title").Text("Your connected accounts"),
			app.Button().ID(accountsRefreshID).Type("button").Class("button-secondary").
				Aria("label", "Refresh the accounts").
				Attr("disabled", disabledIf(!l.Ready || l.Loading)).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actionRetry, partAccounts) }).
				Text("Refresh"),
		),
		app.P().Class("hint").Aria("live", "polite").Body(l.summary()),
		app.Ul().Class("account-list").Body(
			app.Range(l.Accounts).Slice(func(i int) app.UI { return l.row(l.Accounts[i]) }),
		),
		noticeLine("accounts-status", l.Notice),
		app.If(l.confirm != nil, func() app.UI {
			a := *l.confirm
			return &ConfirmDialog{
				Title:   "Disconnect " + appName(a.App) + "?",
				Message: "This removes your " + accountLabel(a) + ". Workflows that use it stop working until you connect it again.",
				Confirm: "Disconnect",
				OnConfirm: func(ctx app.Context) {
					l.confirm = nil
					ctx.NewActionWithValue(actionDisconnect, a)
					focusNow(accountsRefreshID)
				},
				OnCancel: func(ctx app.Context) {
					l.confirm = nil
					focusNow(disconnectID(a))
				},
			}
		}),
	)
}

// summary is the line above the list: loading, failure, emptiness or count.
func (l *AccountsList) summary() app.UI {
	switch {
	case l.Err != "":
		return app.Span().Class("notice-error").Body(
			app.Text(l.Err+" "),
			retryButton(partAccounts, "Try again to load your accounts", l.Ready),
		)
	case l.Loading && len(l.Accounts) == 0:
		return app.Text("Loading your accounts…")
	case !l.Ready && len(l.Accounts) == 0:
		return app.Text("Your accounts appear once the page has loaded.")
	case len(l.Accounts) == 0:
		return app.Text("No accounts yet. Connect one above.")
	case len(l.Accounts) == 1:
		return app.Text("1 account.")
	}
	return app.Text(plural(len(l.Accounts), "account") + ".")
}

// row renders one account. Its handlers are scoped by the account's id,
// so a row that shows another account after a change acts on that one
// (see AppPicker.option).
func (l *AccountsList) row(a Account) app.UI {
	label, class := health(a)
	name := accountLabel(a)
	removing := l.Removing == a.ID
	return app.Li().Class("account").ID("account-"+a.ID).Body(
		logo(a.App, 36),
		app.Div().Class("account-info").Body(
			app.P().Class("account-app").Text(appName(a.App)),
			app.P().Class("account-name").Text(orDash(a.Name)),
			app.P().Class("account-when").Body(
				app.Text("Connected "),
				app.Time().DateTime(a.CreatedAt.UTC().Format(time.RFC3339)).Text(day(a.CreatedAt)),
			),
		),
		app.Span().Class("health", class).Text(label),
		app.Div().Class("account-actions").Body(
			app.Button().Type("button").Class("button-secondary").
				Aria("label", "Reconnect "+name).
				Attr("disabled", disabledIf(!l.Ready || l.Busy || removing)).
				OnClick(func(ctx app.Context, e app.Event) {
					ctx.NewActionWithValue(actionConnect, flow{App: a.App, AccountID: a.ID})
				}, app.EventScope(a.ID)).
				Text("Reconnect"),
			app.Button().ID(disconnectID(a)).Type("button").Class("button-danger").
				Aria("label", disconnectText(removing)+" "+name).
				Attr("disabled", disabledIf(!l.Ready || removing)).
				OnClick(func(ctx app.Context, e app.Event) { l.confirm = &a }, app.EventScope(a.ID)).
				Text(disconnectText(removing)),
		),
		app.If(a.App.proxied(), func() app.UI { return &TestRequest{Account: a, Ready: l.Ready && !removing} }),
	)
}

func disconnectID(a Account) string { return "disconnect-" + a.ID }

func disconnectText(removing bool) string {
	if removing {
		return "Disconnecting…"
	}
	return "Disconnect"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
