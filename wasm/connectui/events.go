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
	// Start: the hosted page is on the screen.
	Start func(ctx app.Context, f Flow)
	// Success: an account was connected.
	Success func(ctx app.Context, f Flow, s connect.Success)
	// Error: the hosted page reported an error (a *connect.Error with
	// connect.CodeConnectError), or the flow could not start (any other
	// code; no Close follows then).
	Error func(ctx app.Context, f Flow, err error)
	// Close: the flow ended, last.
	Close func(ctx app.Context, f Flow, st connect.CloseStatus)
}
