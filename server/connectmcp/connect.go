package connectmcp

import (
	"context"
	"iter"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Connect is the part of the Connect API the server calls, for the
// project's users. *pipedream.Client implements it; a test or another
// backend can fake it.
type Connect interface {
	// Accounts lists connected accounts (the server asks for one user's).
	Accounts(ctx context.Context, q pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error]
	// Components lists the catalog's components (the server asks for one
	// app's actions).
	Components(ctx context.Context, q pipedream.ComponentsQuery) iter.Seq2[pipedream.Component, error]
	// ConfigureProp lists the options of one prop of an action.
	ConfigureProp(ctx context.Context, req pipedream.ConfigurePropRequest) (pipedream.ConfigurePropResult, error)
	// ReloadProps computes the props of an action that depend on others.
	ReloadProps(ctx context.Context, req pipedream.ReloadPropsRequest) (pipedream.ReloadPropsResult, error)
	// RunAction runs an action for a user; a run that failed is a
	// *pipedream.RunError.
	RunAction(ctx context.Context, req pipedream.RunActionRequest) (pipedream.RunResult, error)
	// CreateToken mints the Connect token of a Connect Link.
	CreateToken(ctx context.Context, req pipedream.TokenRequest) (pipedream.Token, error)
}

var _ Connect = (*pipedream.Client)(nil)

// Watcher tells the server when a user's accounts may have changed (an
// account connected or deleted), so that the user's tool lists follow at
// once. WatchAccounts sends on the channel after each change and closes it
// when ctx ends. With connecthttp, [HubWatcher] watches its Hub
// (connecthttp.Config.Events); without a Watcher, Config.Poll applies.
type Watcher interface {
	WatchAccounts(ctx context.Context, externalUserID string) (<-chan struct{}, error)
}

// WatcherFunc adapts a function to Watcher.
type WatcherFunc func(ctx context.Context, externalUserID string) (<-chan struct{}, error)

// WatchAccounts calls f.
func (f WatcherFunc) WatchAccounts(ctx context.Context, externalUserID string) (<-chan struct{}, error) {
	return f(ctx, externalUserID)
}
