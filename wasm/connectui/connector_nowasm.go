//go:build !(js && wasm)

package connectui

import (
	"context"

	"github.com/pdconnect/pdconnect/wasm/connect"
)

// The server only prerenders the components: OnMount and clicks, which
// prefetch and open flows, run in the browser.

func prefetch(tokenURL, frontendURL string) {}

func preloadWhenIdle(tokenURL, frontendURL string, o connect.Options) {}

func open(ctx context.Context, tokenURL, frontendURL string, o connect.Options) error {
	return &connect.Error{Code: connect.CodeUnsupported, Message: "the Connect window opens only in a browser"}
}
