package connectui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// ActionRefresh makes every mounted [AccountsList] load its accounts again.
// A [ConnectButton] posts it when its flow closes; post it yourself when
// you know the accounts changed: ctx.NewAction(connectui.ActionRefresh).
const ActionRefresh = "connectui/refresh"

// Flow is one run of the hosted Connect flow a component started.
type Flow struct {
	App       string // the app's name slug
	AppName   string // its display name
	AccountID string // the account being reconnected; empty for a new one
}

// Events receive a flow's events on the UI goroutine (through
// ctx.Dispatch), so they may change the component's state. Every field is
// optional.
type Events struct {
	// OnStart: the flow started; the hosted page is on its way to the
	// screen (at once when it was preloaded).
	OnStart func(ctx app.Context, f Flow)
	// OnSuccess: an account was connected ([connect.Options.OnSuccess]).
	OnSuccess func(ctx app.Context, f Flow, s connect.Success)
	// OnError: the hosted page reported an error (a *connect.Error with
	// connect.CodeConnectError; [connect.Options.OnError]), or the flow
	// could not start (any other code; no OnClose follows then).
	OnError func(ctx app.Context, f Flow, err error)
	// OnClose: the flow ended, last ([connect.Options.OnClose]).
	OnClose func(ctx app.Context, f Flow, st connect.CloseStatus)
}
