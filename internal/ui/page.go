package ui

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// storageKey is where localStorage remembers the last app chosen.
const storageKey = "pdconnect.app"

// Page is the PWA's page. It holds the state, talks to the app server and
// the hosted flow, and hands each component what it shows; components ask
// for changes with actions, and every change goes through ctx.Dispatch.
type Page struct {
	app.Compo

	api     api
	conn    connector // set once the session is known
	ready   bool      // the wasm runs
	stop    func()    // stops the online/offline listeners
	started bool      // StartedEvent was dispatched

	offline     bool
	unreachable bool

	user    string
	userErr string

	apps        []App
	appsLoading bool
	appsErr     string
	query       string
	searches    int // searches started, to drop stale answers
	selected    *App

	flowBusy   bool
	flowNotice Notice

	accounts        []Account
	accountsLoading bool
	accountsErr     string
	removing        string
	accountsNotice  Notice

	events []Event

	link     *connect.Token
	linkBusy bool
	linkErr  string
}

// OnMount implements app.Mounter. It runs only in the browser: the
// prerendered page shows placeholders and disabled controls.
func (p *Page) OnMount(ctx app.Context) {
	p.ready = true
	p.api = newAPI(app.Window().URL())
	p.offline = !app.Window().Get("navigator").Get("onLine").Bool()
	var last App
	if err := ctx.LocalStorage().Get(storageKey, &last); err == nil && last.NameSlug != "" {
		p.selected = &last
	}
	ctx.Handle(actionSearch, p.onSearch)
	ctx.Handle(actionSelect, p.onSelect)
	ctx.Handle(actionConnect, p.onConnect)
	ctx.Handle(actionDisconnect, p.onDisconnect)
	ctx.Handle(actionCreateLink, p.onCreateLink)
	ctx.Handle(actionRetry, p.onRetry)
	ctx.Handle(actionClearLog, func(ctx app.Context, _ app.Action) { p.events = nil })
	p.stop = watchOnline(ctx, p.onOnline)
	// The page's response set the session cookie (server/site), so these
	// run in parallel under one anonymous session.
	p.loadSession(ctx)
	p.search(ctx, "")
}

// OnDismount implements app.Dismounter.
func (p *Page) OnDismount() {
	if p.stop != nil {
		p.stop()
	}
}

// Render implements app.Composer.
func (p *Page) Render() app.UI {
	session := p.ready && p.user != ""
	return app.Div().Class("shell").Body(
		&UpdateNotice{},
		&OfflineBanner{Offline: p.offline, Unreachable: p.unreachable && !p.offline},
		&Header{UserID: p.user, Err: p.userErr, Ready: p.ready},
		app.Main().ID("main").Class("layout").Body(
			app.Div().Class("column").Body(
				&AppPicker{Apps: p.apps, Selected: slug(p.selected), Loading: p.appsLoading, Err: p.appsErr, Ready: p.ready},
				&ConnectPanel{App: p.selected, Ready: session && p.conn != nil, Busy: p.flowBusy, Notice: p.flowNotice},
				&LinkPanel{App: p.selected, Token: p.link, Busy: p.linkBusy, Err: p.linkErr, Ready: session},
			),
			app.Div().Class("column").Body(
				&AccountsList{
					Accounts: p.accounts, Loading: p.accountsLoading, Err: p.accountsErr,
					Removing: p.removing, Notice: p.accountsNotice, Ready: session, Busy: p.flowBusy || p.conn == nil,
				},
				&EventLog{Events: p.events, Ready: p.ready},
			),
		),
	)
}

// loadSession learns who the user is, then loads what needs the session.
func (p *Page) loadSession(ctx app.Context) {
	p.userErr = ""
	ctx.Async(func() {
		user, err := p.api.session(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if !p.started {
				// The page's start is over, whatever the answer: the
				// service worker can wait no more.
				p.started = true
				announceStart()
			}
			if p.noteErr(err) {
				p.userErr = describe("load your session", err)
				return
			}
			p.user = user
			if p.conn == nil {
				conn, err := newConnector(app.Getenv(EnvFrontendURL))
				if err != nil {
					p.flowNotice = Notice{ToneError, describe("set up the Connect window", err)}
				}
				p.conn = conn
			}
			p.prefetch()
			p.loadAccounts(ctx)
		})
	})
}

// loadAccounts refreshes the list of the user's accounts.
func (p *Page) loadAccounts(ctx app.Context) {
	if p.user == "" {
		p.loadSession(ctx)
		return
	}
	p.accountsLoading, p.accountsErr = true, ""
	ctx.Async(func() {
		accounts, err := p.api.accounts(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			p.accountsLoading = false
			if p.noteErr(err) {
				p.accountsErr = describe("load your accounts", err)
				return
			}
			p.accounts = accounts
		})
	})
}

// search looks the catalog up; only the latest search's answer shows.
func (p *Page) search(ctx app.Context, q string) {
	p.searches++
	n := p.searches
	p.query, p.appsLoading, p.appsErr = q, true, ""
	ctx.Async(func() {
		apps, err := p.api.apps(ctx, q)
		ctx.Dispatch(func(ctx app.Context) {
			if n != p.searches {
				return
			}
			p.appsLoading = false
			if p.noteErr(err) {
				p.appsErr = describe("search the apps", err)
				return
			}
			p.apps = apps
			if p.selected == nil && q == "" && len(apps) > 0 {
				p.selected = &apps[0]
			}
		})
	})
}

// prefetch gets the hosted flow's next token ahead of the click.
func (p *Page) prefetch() {
	if p.conn != nil {
		p.conn.prefetch()
	}
}

func (p *Page) onSearch(ctx app.Context, a app.Action) {
	if q, ok := a.Value.(string); ok {
		p.search(ctx, q)
	}
}

func (p *Page) onSelect(ctx app.Context, a app.Action) {
	chosen, ok := a.Value.(App)
	if !ok {
		return
	}
	p.selected = &chosen
	// Remembering is a convenience: a full or blocked storage changes
	// nothing else.
	_ = ctx.LocalStorage().Set(storageKey, chosen)
}

func (p *Page) onConnect(ctx app.Context, a app.Action) {
	f, ok := a.Value.(flow)
	if !ok || p.conn == nil || p.flowBusy {
		return
	}
	verb := "Connecting"
	if f.AccountID != "" {
		verb = "Reconnecting"
	}
	p.flowBusy = true
	p.flowNotice = Notice{ToneInfo, verb + " " + appName(f.App) + " in the Connect window…"}
	conn := p.conn
	ctx.Async(func() {
		err := conn.open(ctx, f, flowEvents{
			success: func(id string) { ctx.Dispatch(func(ctx app.Context) { p.flowSucceeded(f, id) }) },
			fail:    func(err error) { ctx.Dispatch(func(ctx app.Context) { p.flowFailed(f, err) }) },
			closed: func(successful, completed bool) {
				ctx.Dispatch(func(ctx app.Context) { p.flowClosed(ctx, f, successful, completed) })
			},
		})
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) {
				p.flowBusy = false
				p.noteErr(err)
				p.flowNotice = Notice{ToneError, describe("open the Connect window", err)}
				p.prefetch()
			})
		}
	})
}

func (p *Page) flowSucceeded(f flow, accountID string) {
	p.log("onSuccess", successPayload(accountID))
	verb := "Connected"
	if f.AccountID != "" {
		verb = "Reconnected"
	}
	p.flowNotice = Notice{ToneSuccess, verb + " " + appName(f.App) + " (account " + accountID + ")."}
}

func (p *Page) flowFailed(f flow, err error) {
	p.log("onError", errorPayload(err))
	p.flowNotice = Notice{ToneError, appName(f.App) + " was not connected: " + reason(err)}
}

func (p *Page) flowClosed(ctx app.Context, f flow, successful, completed bool) {
	p.log("onClose", closePayload(successful, completed))
	p.flowBusy = false
	if !completed {
		p.flowNotice = Notice{ToneInfo, "You closed the Connect window before finishing: " + appName(f.App) + " was not connected."}
	}
	p.prefetch()
	p.loadAccounts(ctx)
	focus(ctx, connectButtonID)
}

func (p *Page) onDisconnect(ctx app.Context, a app.Action) {
	acc, ok := a.Value.(Account)
	if !ok || p.removing != "" {
		return
	}
	p.removing = acc.ID
	p.accountsNotice = Notice{ToneInfo, "Disconnecting your " + accountLabel(acc) + "…"}
	ctx.Async(func() {
		err := p.api.disconnect(ctx, acc.ID)
		ctx.Dispatch(func(ctx app.Context) {
			p.removing = ""
			if p.noteErr(err) {
				p.accountsNotice = Notice{ToneError, describe("disconnect your "+accountLabel(acc), err)}
				return
			}
			p.accounts = withoutAccount(p.accounts, acc.ID)
			p.accountsNotice = Notice{ToneSuccess, "Disconnected your " + accountLabel(acc) + "."}
			p.loadAccounts(ctx)
		})
	})
}

func (p *Page) onCreateLink(ctx app.Context, _ app.Action) {
	if p.linkBusy || p.user == "" {
		return
	}
	p.linkBusy, p.linkErr = true, ""
	ctx.Async(func() {
		// The link gets a token of its own: a link's token is single-use,
		// and the prefetched one belongs to the Connect button.
		tok, err := p.api.token(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			p.linkBusy = false
			if p.noteErr(err) {
				p.linkErr = describe("create a Connect Link", err)
				return
			}
			p.link = &tok
		})
	})
}

func (p *Page) onRetry(ctx app.Context, a app.Action) {
	switch a.Value {
	case partSession:
		p.loadSession(ctx)
	case partApps:
		p.search(ctx, p.query)
	case partAccounts:
		p.loadAccounts(ctx)
	}
}

// onOnline follows navigator's online and offline events; back online, it
// loads again what failed.
func (p *Page) onOnline(ctx app.Context, online bool) {
	p.offline = !online
	if !online {
		return
	}
	switch {
	case p.user == "":
		p.loadSession(ctx)
	case p.accountsErr != "":
		p.loadAccounts(ctx)
	}
	if p.appsErr != "" {
		p.search(ctx, p.query)
	}
}

// noteErr records whether the server answered, and reports whether err is
// an error.
func (p *Page) noteErr(err error) bool {
	var ne *fetch.NetworkError
	p.unreachable = errors.As(err, &ne)
	return err != nil
}

// log adds a callback to the event log.
func (p *Page) log(name, payload string) {
	p.events = appendEvent(p.events, Event{At: time.Now(), Name: name, Payload: payload})
}

// withoutAccount returns accounts without the one with id.
func withoutAccount(accounts []Account, id string) []Account {
	var out []Account
	for _, a := range accounts {
		if a.ID != id {
			out = append(out, a)
		}
	}
	return out
}

func slug(a *App) string {
	if a == nil {
		return ""
	}
	return a.NameSlug
}

// watchOnline calls f, through ctx.Dispatch, on the window's online and
// offline events until the returned stop is called.
func watchOnline(ctx app.Context, f func(ctx app.Context, online bool)) (stop func()) {
	w := app.Window()
	on := app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { f(ctx, true) })
		return nil
	})
	off := app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { f(ctx, false) })
		return nil
	})
	w.Call("addEventListener", "online", on)
	w.Call("addEventListener", "offline", off)
	return func() {
		w.Call("removeEventListener", "online", on)
		w.Call("removeEventListener", "offline", off)
		on.Release()
		off.Release()
	}
}
