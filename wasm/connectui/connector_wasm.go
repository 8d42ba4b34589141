//go:build js && wasm

package connectui

import (
	"context"
	"sync"

	"github.com/pdconnect/pdconnect/internal/jsutil"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// clients are the page's Connect clients by token URL and frontend URL,
// made once: the components that share them share their token cache and
// their one flow at a time.
var clients struct {
	sync.Mutex
	m map[[2]string]*connect.Client
}

// client returns the page's client for tokenURL and frontendURL.
func client(tokenURL, frontendURL string) (*connect.Client, error) {
	clients.Lock()
	defer clients.Unlock()
	key := [2]string{tokenURL, frontendURL}
	if c, ok := clients.m[key]; ok {
		return c, nil
	}
	c, err := connect.NewClient(connect.Config{
		FrontendURL: frontendURL,
		Tokens:      tokensFor(tokenURL),
	})
	if err != nil {
		return nil, err
	}
	if clients.m == nil {
		clients.m = map[[2]string]*connect.Client{}
	}
	clients.m[key] = c
	return c, nil
}

// prefetch gets a token ahead of the click, so the iframe opens at once. A
// failure shows at the click, which fetches again.
func prefetch(tokenURL, frontendURL string) {
	if c, err := client(tokenURL, frontendURL); err == nil {
		c.Prefetch()
	}
}

// preloadWhenIdle preloads o's flow once the page is idle (or within two
// seconds). A failure is quiet: the click then opens the page as usual.
func preloadWhenIdle(tokenURL, frontendURL string, o connect.Options) {
	c, err := client(tokenURL, frontendURL)
	if err != nil {
		return
	}
	jsutil.WhenIdle(func() {
		go func() { _ = c.Preload(context.Background(), o) }()
	})
}

// open starts a flow; it then reports through o's callbacks.
func open(ctx context.Context, tokenURL, frontendURL string, o connect.Options) error {
	c, err := client(tokenURL, frontendURL)
	if err != nil {
		return err
	}
	return c.ConnectAccount(ctx, o)
}
