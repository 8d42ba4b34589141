package connectui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// accountsRefreshID is the Refresh button's id: focus goes there after a
// disconnection, whose row disappears.
const accountsRefreshID = "accounts-refresh"

// The list's own actions: its buttons and dialog post them so that the
// work runs in the list's context, which lasts, not in theirs, which ends
// when they leave the page (a Try again button goes as soon as it is
// pressed).
const (
	actionLoad       = "connectui/load"       // *AccountsList
	actionDisconnect = "connectui/disconnect" // disconnection
)

// disconnection is actionDisconnect's value.
type disconnection struct {
	list    *AccountsList
	account Account
}

// AccountsList shows the user's connected accounts, each with its app,
// name, when it was connected and its health, a [ConnectButton] that
// reconnects it and a button that disconnects it after a confirmation
// dialog. It loads the accounts from URL (GET) when it mounts, when its
// Refresh button is pressed and on [ActionRefresh], and disconnects with
// DELETE URL/{id}.
type AccountsList struct {
	app.Compo

	URL         string // the accounts endpoint: DefaultAccountsURL when empty
	TokenURL    string // the reconnect buttons' token endpoint: DefaultTokenURL when empty
	FrontendURL string // the hosted Connect UI: Pipedream's when empty
	Busy        bool   // another flow is open: no reconnecting now
	Events      Events // the reconnect flows' events
	// OnRequest, when set, runs after each of its requests (a load, a
	// disconnection) with nil or why it failed: a *connect.HTTPError for
	// the server's error answer, an error matching connect.ErrUnreachable
	// when there was no answer.
	OnRequest func(ctx app.Context, err error)
	// Extra, when set, renders more at the end of each account's row (nil
	// for nothing): the app's own actions on the account.
	Extra func(a Account) app.UI

	mounted  bool
	accounts []Account
	loading  bool
	loads    int          // loads started, to drop stale answers
	err      string       // why the list could not be loaded
	removing string       // id of the account being disconnected
	notice   uikit.Notice // how the last disconnection went
	confirm  *Account
}

// OnMount implements app.Mounter: it loads the accounts, and again on
// ActionRefresh.
func (l *AccountsList) OnMount(ctx app.Context) {
	l.mounted = true
	ctx.Handle(ActionRefresh, func(ctx app.Context, _ app.Action) { l.load(ctx) })
	ctx.Handle(actionLoad, func(ctx app.Context, a app.Action) {
		if a.Value == l {
			l.load(ctx)
		}
	})
	ctx.Handle(actionDisconnect, func(ctx app.Context, a app.Action) {
		if d, ok := a.Value.(disconnection); ok && d.list == l {
			l.disconnect(ctx, d.account)
		}
	})
	l.load(ctx)
}

func (l *AccountsList) url() string {
	if l.URL == "" {
		return DefaultAccountsURL
	}
	return l.URL
}

// load refreshes the list; only the latest load's answer shows.
func (l *AccountsList) load(ctx app.Context) {
	l.loads++
	n, u := l.loads, l.url()
	l.loading, l.err = true, ""
	ctx.Async(func() {
		var list connectapi.List[Account]
		err := fetch.Call(ctx, "GET", u, func(b []byte) error { return json.Unmarshal(b, &list) })
		ctx.Dispatch(func(ctx app.Context) {
			l.reported(ctx, err)
			if n != l.loads {
				return
			}
			l.loading = false
			if err != nil {
				l.err = uikit.Describe("load your accounts", err)
				return
			}
			if l.notice.Tone == uikit.ToneSuccess && added(l.accounts, list.Data) {
				l.notice = uikit.Notice{} // a disconnection's news is old once an account came
			}
			l.accounts = list.Data
		})
	})
}

// disconnect deletes a, then loads the list again.
func (l *AccountsList) disconnect(ctx app.Context, a Account) {
	if l.removing != "" {
		return
	}
	l.removing = a.ID
	l.notice = uikit.Notice{Tone: uikit.ToneInfo, Text: "Disconnecting your " + a.Label() + "…"}
	u := l.url() + "/" + url.PathEscape(a.ID)
	ctx.Async(func() {
		err := fetch.Call(ctx, "DELETE", u, nil)
		ctx.Dispatch(func(ctx app.Context) {
			l.reported(ctx, err)
			l.removing = ""
			if err != nil {
				l.notice = uikit.Notice{Tone: uikit.ToneError, Text: uikit.Describe("disconnect your "+a.Label(), err)}
				return
			}
			l.accounts = without(l.accounts, a.ID)
			l.notice = uikit.Notice{Tone: uikit.ToneSuccess, Text: "Disconnected your " + a.Label() + "."}
			ctx.NewAction(ActionRefresh)
		})
	})
}

// reload asks the list to load again.
func (l *AccountsList) reload(ctx app.Context, _ app.Event) { ctx.NewActionWithValue(actionLoad, l) }

// reported hands a request's outcome to OnRequest in the shapes connect's
// callers can name: an error answer is a *connect.HTTPError, no answer
// matches connect.ErrUnreachable.
func (l *AccountsList) reported(ctx app.Context, err error) {
	var se *fetch.StatusError
	var ne *fetch.NetworkError
	switch {
	case errors.As(err, &se):
		err = (*connect.HTTPError)(se)
	case errors.As(err, &ne):
		err = fmt.Errorf("%w: %w", connect.ErrUnreachable, err)
	}
	if l.OnRequest != nil {
		l.OnRequest(ctx, err)
	}
}

// Render implements app.Composer.
func (l *AccountsList) Render() app.UI {
	return app.Section().Class("card", "accounts").Aria("labelledby", "accounts-title").Body(
		app.Div().Class("card-head").Body(
			app.H2().ID("accounts-title").Text("Your connected accounts"),
			app.Button().ID(accountsRefreshID).Type("button").Class("button-secondary").
				Aria("label", "Refresh the accounts").
				Attr("disabled", uikit.DisabledIf(!l.mounted || l.loading)).
				OnClick(l.reload).
				Text("Refresh"),
		),
		app.P().Class("hint").Aria("live", "polite").Body(l.summary()),
		app.Ul().Class("account-list").Body(
			app.Range(l.accounts).Slice(func(i int) app.UI { return l.row(l.accounts[i]) }),
		),
		uikit.NoticeLine("accounts-status", l.notice),
		app.If(l.confirm != nil, func() app.UI {
			a := *l.confirm
			return &confirmDialog{
				Title:   "Disconnect " + a.App.DisplayName() + "?",
				Message: "This removes your " + a.Label() + ". This app can no longer use it until you connect it again.",
				Confirm: "Disconnect",
				OnConfirm: func(ctx app.Context) {
					l.confirm = nil
					ctx.NewActionWithValue(actionDisconnect, disconnection{l, a})
					uikit.FocusNow(accountsRefreshID)
				},
				OnCancel: func(ctx app.Context) {
					l.confirm = nil
					uikit.FocusNow(disconnectID(a))
				},
			}
		}),
	)
}

// summary is the line above the list: loading, failure, emptiness or count.
func (l *AccountsList) summary() app.UI {
	switch {
	case l.err != "":
		return app.Span().Class("notice-error").Body(
			app.Text(l.err+" "),
			app.Button().Type("button").Class("button-secondary").
				Aria("label", "Try again to load your accounts").
				Attr("disabled", uikit.DisabledIf(!l.mounted)).
				OnClick(l.reload).
				Text("Try again"),
		)
	case l.loading && len(l.accounts) == 0:
		return app.Text("Loading your accounts…")
	case !l.mounted && len(l.accounts) == 0:
		return app.Text("Your accounts appear once the page has loaded.")
	case len(l.accounts) == 0:
		return app.Text("No accounts yet. Connect one above.")
	}
	return app.Text(uikit.Plural(len(l.accounts), "account") + ".")
}

// row renders one account.
func (l *AccountsList) row(a Account) app.UI {
	label, class := health(a)
	removing := l.removing == a.ID
	return app.Li().Class("account").ID("account-"+a.ID).Body(
		uikit.Logo(a.App.ImgSrc, 36),
		app.Div().Class("account-info").Body(
			app.P().Class("account-app").Text(a.App.DisplayName()),
			app.P().Class("account-name").Text(orDash(a.Name)),
			app.P().Class("account-when").Body(
				app.Text("Connected "),
				app.Time().DateTime(a.CreatedAt.UTC().Format(time.RFC3339)).Text(day(a.CreatedAt)),
			),
		),
		app.Span().Class("health", class).Text(label),
		app.Div().Class("account-actions").Body(
			&ConnectButton{
				App: a.App.NameSlug, AppName: a.App.DisplayName(), AccountID: a.ID,
				Text: "Reconnect", Label: "Reconnect " + a.Label(), Class: "button-secondary",
				TokenURL: l.TokenURL, FrontendURL: l.FrontendURL,
				Disabled: l.Busy || removing, Events: l.rowEvents(),
			},
			app.Button().ID(disconnectID(a)).Type("button").Class("button-danger").
				Aria("label", disconnectText(removing)+" "+a.Label()).
				Attr("disabled", uikit.DisabledIf(!l.mounted || removing)).
				OnClick(func(ctx app.Context, e app.Event) { l.confirm = &a }, app.EventScope(a.ID)).
				Text(disconnectText(removing)),
		),
		app.If(l.Extra != nil, func() app.UI { return l.Extra(a) }),
	)
}

func disconnectID(a Account) string { return "disconnect-" + a.ID }

func disconnectText(removing bool) string {
	if removing {
		return "Disconnecting…"
	}
	return "Disconnect"
}

// without returns accounts without the one with id.
func without(accounts []Account, id string) []Account {
	var out []Account
	for _, a := range accounts {
		if a.ID != id {
			out = append(out, a)
		}
	}
	return out
}

// health says how an account is doing, and the CSS class that colours it.
func health(a Account) (label, class string) {
	switch {
	case a.Dead:
		return "Dead: reconnect it", "health-dead"
	case a.Healthy:
		return "Healthy", "health-ok"
	}
	return "Unhealthy", "health-bad"
}

// day formats when an account was connected: Jan 2, 2006, 15:04.
func day(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return t.Local().Format("Jan 2, 2006, 15:04")
}

// accountNames are the names of one app's accounts as a choice among
// them shows them: a name two accounts share gets when each was
// connected, and where that is shared too, the end of its id.
func accountNames(accounts []Account) []string {
	names := make([]string, len(accounts))
	for i, a := range accounts {
		names[i] = orDash(a.Name)
	}
	// Two passes, without closures (each costs the wasm 0.5 KB or more):
	// the connection time, then the end of the id.
	for pass := range 2 {
		seen := map[string]int{}
		for _, n := range names {
			seen[n]++
		}
		for i, a := range accounts {
			switch {
			case seen[names[i]] < 2:
			case pass == 0:
				names[i] += ", connected " + day(a.CreatedAt)
			default:
				names[i] += " (…" + a.ID[max(0, len(a.ID)-4):] + ")"
			}
		}
	}
	return names
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// rowEvents are l.Events for a row's Reconnect, whose start also makes the
// last disconnection's notice old news.
func (l *AccountsList) rowEvents() Events {
	e := l.Events
	start := e.OnStart
	e.OnStart = func(ctx app.Context, f Flow) {
		l.notice = uikit.Notice{}
		if start != nil {
			start(ctx, f)
		}
	}
	return e
}

// added reports whether now lists an account that before did not.
func added(before, now []Account) bool {
	for _, a := range now {
		if !slices.ContainsFunc(before, func(b Account) bool { return b.ID == a.ID }) {
			return true
		}
	}
	return false
}
