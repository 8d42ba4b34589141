//go:build js && wasm

package ui

import (
	"context"
	"errors"
)

// errNoClient is what the connector answers until the PWA links the
// frontend client, pdconnect/wasm/connect.
var errNoClient = errors.New("the Connect client is not part of this build yet")

// browserConnector is the wasm build's connector.
type browserConnector struct{}

// newConnector returns the wasm build's connector.
func newConnector(externalUserID, frontendURL string) connector { return browserConnector{} }

func (browserConnector) prefetch(context.Context) error               { return errNoClient }
func (browserConnector) open(context.Context, flow, flowEvents) error { return errNoClient }
