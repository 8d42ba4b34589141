package pwa

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// Page is the PWA's page. It composes the page's concerns, each in its own
// file with its state, its loads and its actions: who the user is
// (session.go), the app catalog and the chosen app (catalog.go), the hosted
// flow and its event log (flow.go), the Connect Link (link.go), the live
// events of the user's accounts (live.go), and the user's accounts, which
// connectui.AccountsList owns. The page itself only follows the network
// (offline, unreachable).
type Page struct {
	app.Compo

	ready bool   // the wasm runs
	stop  func() // stops the online/offline listeners
	net   network

	session  session
	catalog  catalog
	flow     flow
	link     link
	live     live
	run      openFor       // "Run an action"
	actions  componentApps // the apps with actions, for "Run an action"
	triggers componentApps // the apps with triggers, for Automations
	auto     openFor       // Automations
	agents   agents
}

// network is what the concerns share: the API, and whether the browser is
// offline or the server unreachable.
type network struct {
	api         api
	offline     bool
	unreachable bool
}

// failed records whether the server answered, and reports whether err is
// an error. The first answer after the server could not be reached posts
// actionReachable: the page then loads again what failed.
func (n *network) failed(ctx app.Context, err error) bool {
	var ne *fetch.NetworkError
	was := n.unreachable
	n.unreachable = errors.As(err, &ne)
	if was && !n.unreachable {
		ctx.NewAction(actionReachable)
	}
	return err != nil
}

// down reports whether no flow can start: the browser is offline or the
// server unreachable.
func (n *network) down() bool { return n.offline || n.unreachable }

// OnMount implements app.Mounter. It runs only in the browser: the
// prerendered page shows placeholders and disabled controls.
func (p *Page) OnMount(ctx app.Context) {
	p.ready = true
	p.net.api = newAPI(app.Window().URL())
	p.net.offline = !app.Window().Get("navigator").Get("onLine").Bool()
	p.stop = watchOnline(ctx, p.onOnline)
	ctx.Handle(actionReachable, func(ctx app.Context, _ app.Action) { p.recover(ctx) })
	// The page's response set the session cookie (server/site), so the
	// concerns load in parallel under one anonymous session.
	p.session.mount(ctx, &p.net)
	p.catalog.mount(ctx, &p.net)
	p.flow.mount(ctx)
	p.run.mount(ctx, runPanel)
	p.actions = componentApps{filter: filterActions, want: wantActions}
	p.triggers = componentApps{filter: filterTriggers, want: wantTriggers}
	p.actions.mount(ctx, &p.net)
	p.triggers.mount(ctx, &p.net)
	p.auto.mount(ctx, automationsPanel)
	p.link.mount(ctx, &p.net, &p.session)
	p.live.mount(ctx, &p.net, &p.flow, &p.link)
	p.agents.mount(ctx, &p.net)
}

// OnDismount implements app.Dismounter.
func (p *Page) OnDismount() {
	if p.stop != nil {
		p.stop()
	}
	p.live.dismount()
}

// Render implements app.Composer.
func (p *Page) Render() app.UI {
	signedIn := p.ready && p.session.user != ""
	frontend := app.Getenv(EnvFrontendURL)
	endpoints := connectui.Endpoints{APIURL: app.Getenv(EnvAPIURL), FrontendURL: frontend, ExternalUserID: p.session.user}
	return app.Div().Class("shell").Body(
		&UpdateNotice{},
		&OfflineBanner{Offline: p.net.offline, Unreachable: p.net.unreachable && !p.net.offline},
		&Header{UserID: p.session.user, Err: p.session.err, Ready: p.ready},
		&LiveStatus{Status: p.live.status},
		app.Main().ID("main").Class("layout").Body(
			app.Div().Class("column").Body(
				&AppPicker{Apps: p.catalog.apps, Selected: slug(p.catalog.selected), Loading: p.catalog.loading, Err: p.catalog.err, Ready: p.ready},
				&ConnectPanel{App: p.catalog.selected, FrontendURL: frontend, Ready: signedIn, Busy: p.flow.busy, Down: p.ready && p.net.down(), Notice: p.flow.notice, Events: p.flow.events()},
				&LinkPanel{App: p.catalog.selected, Token: p.link.token, Busy: p.link.busy, Err: p.link.err, Used: p.link.used, Ready: signedIn},
			),
			app.Div().Class("column").Body(
				&connectui.AccountsList{FrontendURL: frontend, Busy: p.flow.busy, Events: p.flow.events(),
					OnRequest: func(ctx app.Context, err error) { p.net.failed(ctx, err) }, Extra: accountExtras(p.ready, &p.actions, &p.triggers)},
				app.If(p.run.account != nil && signedIn, func() app.UI {
					return &RunPanel{
						Account: *p.run.account, Endpoints: endpoints,
						OnRun: func(ctx app.Context, r connectui.Run) { p.flow.log = appendEvent(p.flow.log, runEvent(r)) },
					}
				}),
				app.If(p.auto.account != nil && signedIn, func() app.UI {
					return &AutomationsPanel{Account: *p.auto.account, Endpoints: endpoints}
				}),
				&EventLog{Events: p.flow.log, Ready: p.ready},
				&AgentPanel{Keys: p.agents.keys, Loaded: p.agents.loaded, Minted: p.agents.minted, Busy: p.agents.busy,
					Revoking: p.agents.revoking, Err: p.agents.err, Ready: signedIn},
			),
		),
	)
}

// onOnline follows navigator's online and offline events; back online, it
// loads again what failed.
func (p *Page) onOnline(ctx app.Context, online bool) {
	p.net.offline = !online
	if online {
		p.recover(ctx)
	}
}

// recover loads again what failed while the browser was offline or the
// server unreachable, so that every message about it goes: the session,
// the accounts, the search; a failed link's message goes too.
func (p *Page) recover(ctx app.Context) {
	if p.session.user == "" || p.session.err != "" {
		p.session.load(ctx, &p.net) // then the accounts
	} else {
		ctx.NewAction(connectui.ActionRefresh)
	}
	if p.catalog.err != "" {
		p.catalog.search(ctx, &p.net, p.catalog.query)
	}
	p.link.err = ""
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
