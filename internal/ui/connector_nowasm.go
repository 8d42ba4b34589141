//go:build !(js && wasm)

package ui

import "errors"

// newConnector fails on the server: the hosted flow opens only in a
// browser, and the server only prerenders (OnMount, which creates
// connectors, runs in the browser).
func newConnector(frontendURL string) (connector, error) {
	return nil, errors.New("connect: the Connect window opens only in a browser")
}
