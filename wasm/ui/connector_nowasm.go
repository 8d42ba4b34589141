//go:build !(js && wasm)

package ui

import (
	"context"
	"errors"
)

// errNoBrowser is what the server build's connector answers: the hosted
// flow opens in a browser only.
var errNoBrowser = errors.New("connect: the Connect window opens only in a browser")

// serverConnector is the server build's connector. The server only
// prerenders, and OnMount, which creates connectors, runs in the browser.
type serverConnector struct{}

// newConnector returns the server build's connector.
func newConnector(externalUserID, frontendURL string) connector { return serverConnector{} }

func (serverConnector) prefetch(context.Context) error               { return errNoBrowser }
func (serverConnector) open(context.Context, flow, flowEvents) error { return errNoBrowser }
