//go:build js && wasm

package ui

import (
	"context"
	"fmt"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// browserConnector opens the hosted flow through github.com/pdconnect/pdconnect/wasm/connect,
// with tokens from the app server.
type browserConnector struct{ client *connect.Client }

// newConnector returns a connector opening the hosted UI at frontendURL
// (Pipedream's when empty).
func newConnector(frontendURL string) (connector, error) {
	c, err := connect.NewClient(connect.Config{
		FrontendURL: frontendURL,
		Tokens:      connect.NewTokens(connect.FetchTokens(tokenPath)),
	})
	if err != nil {
		return nil, fmt.Errorf("connect client: %w", err)
	}
	return browserConnector{c}, nil
}

func (c browserConnector) prefetch() { c.client.Prefetch() }

func (c browserConnector) open(ctx context.Context, f flow, ev flowEvents) error {
	return c.client.ConnectAccount(ctx, connect.Options{
		App:       f.App.NameSlug,
		AccountID: f.AccountID,
		OnSuccess: func(s connect.Success) { ev.success(s.ID) },
		OnError:   ev.fail,
		OnClose:   func(s connect.CloseStatus) { ev.closed(s.Successful, s.Completed) },
	})
}
