package connectui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// ConnectButton opens the hosted Connect flow for one app, with tokens
// from the app server's token endpoint. It gets a token when it mounts (and
// with Preload, loads the hosted page itself), so a click shows the hosted
// page at once, and reports the flow through
// Events. It is disabled until the wasm runs (in the prerendered page) and
// while its flow is open; when the flow closes it posts [ActionRefresh] and
// takes the focus back.
//
// Buttons with the same TokenURL and FrontendURL share one
// [connect.Client]: its tokens, and its one flow at a time.
type ConnectButton struct {
	app.Compo

	App       string // the app's name slug, such as "slack"; required
	AppName   string // its display name, for the default text; App when empty
	AccountID string // reconnect this account instead of connecting a new one

	Text  string // the button's text; "Connect {AppName}" ("Connecting…" while open) when empty
	Label string // its accessible name (aria-label), when it differs from Text
	ID    string // the button element's id
	Class string // its class; "button-primary" when empty

	TokenURL    string // the token endpoint: DefaultTokenURL when empty
	FrontendURL string // the hosted Connect UI: Pipedream's when empty
	Disabled    bool   // off for now, e.g. while another flow is open
	Events      Events // the flow's events

	// Preload loads the hosted page of its flow out of sight when the page
	// is idle (once mounted, enabled, and whenever its app changes) and again
	// after each flow, so that a click only shows it ([connect.Client.Preload]).
	// A client keeps one preload: let one of the buttons that share it
	// preload.
	Preload bool

	mounted bool // the wasm runs
	busy    bool // its flow is open
}

// OnMount implements app.Mounter: it gets the first token, or preloads.
func (b *ConnectButton) OnMount(ctx app.Context) {
	b.mounted = true
	prefetch(b.tokenURL(), b.FrontendURL)
	b.preload()
}

// OnUpdate implements app.Updater: a preloading button preloads its new
// flow.
func (b *ConnectButton) OnUpdate(ctx app.Context) { b.preload() }

// preload preloads the button's flow when the page is idle, if it is
// a preloading button that could open it now.
func (b *ConnectButton) preload() {
	if !b.Preload || !b.mounted || b.busy || b.Disabled || b.App == "" {
		return
	}
	preloadWhenIdle(b.tokenURL(), b.FrontendURL, connect.Options{App: b.App, AccountID: b.AccountID})
}

// Render implements app.Composer.
func (b *ConnectButton) Render() app.UI {
	text := b.Text
	switch {
	case text != "":
	case b.busy:
		text = "Connecting…"
	case b.App == "":
		text = "Connect"
	default:
		text = "Connect " + b.flow().AppName
	}
	class := b.Class
	if class == "" {
		class = "button-primary"
	}
	btn := app.Button().Type("button").Class(class).
		Attr("disabled", uikit.DisabledIf(!b.mounted || b.busy || b.Disabled || b.App == "")).
		Aria("busy", b.busy).
		OnClick(b.onClick).
		Text(text)
	if b.ID != "" {
		btn = btn.ID(b.ID)
	}
	if b.Label != "" {
		btn = btn.Aria("label", b.Label)
	}
	return btn
}

// flow describes the flow the button opens.
func (b *ConnectButton) flow() Flow {
	name := b.AppName
	if name == "" {
		name = b.App
	}
	return Flow{App: b.App, AppName: name, AccountID: b.AccountID}
}

func (b *ConnectButton) tokenURL() string {
	if b.TokenURL == "" {
		return DefaultTokenURL
	}
	return b.TokenURL
}

func (b *ConnectButton) onClick(ctx app.Context, e app.Event) {
	if b.busy || b.Disabled || b.App == "" {
		return
	}
	f, ev, tokenURL, frontendURL, id := b.flow(), b.Events, b.tokenURL(), b.FrontendURL, b.ID
	b.busy = true
	if ev.OnStart != nil {
		ev.OnStart(ctx, f)
	}
	ctx.Async(func() {
		err := open(ctx, tokenURL, frontendURL, connect.Options{
			App:       f.App,
			AccountID: f.AccountID,
			OnSuccess: func(s connect.Success) {
				ctx.Dispatch(func(ctx app.Context) {
					if ev.OnSuccess != nil {
						ev.OnSuccess(ctx, f, s)
					}
				})
			},
			OnError: func(err error) {
				ctx.Dispatch(func(ctx app.Context) {
					if ev.OnError != nil {
						ev.OnError(ctx, f, err)
					}
				})
			},
			OnClose: func(st connect.CloseStatus) {
				ctx.Dispatch(func(ctx app.Context) {
					b.busy = false
					prefetch(tokenURL, frontendURL)
					b.preload()
					if ev.OnClose != nil {
						ev.OnClose(ctx, f, st)
					}
					ctx.NewAction(ActionRefresh)
					if id != "" {
						uikit.Focus(ctx, id)
					}
				})
			},
		})
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) {
				b.busy = false
				prefetch(tokenURL, frontendURL)
				b.preload()
				if ev.OnError != nil {
					ev.OnError(ctx, f, err)
				}
			})
		}
	})
}
