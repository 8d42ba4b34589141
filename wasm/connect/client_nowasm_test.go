//go:build !(js && wasm)

package connect

import (
	"context"
	"errors"
	"testing"
)

// Off the browser a Client builds, so code that also runs on the server
// compiles, and every flow says plainly why it cannot run.
func TestClientOffTheBrowser(t *testing.T) {
	c, err := NewClient(Config{FrontendURL: "HTTP://LocalHost:80/x", Token: "ctok_1"})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if got, want := c.Origin(), "http://localhost"; got != want {
		t.Errorf("Origin() = %q, want %q", got, want)
	}
	for name, err := range map[string]error{
		"ConnectAccount": c.ConnectAccount(t.Context(), Options{App: "slack"}),
		"Preload":        c.Preload(t.Context(), Options{App: "slack"}),
		"Connect":        func() error { _, err := c.Connect(t.Context(), Options{App: "slack"}); return err }(),
	} {
		if got := code(err); got != CodeUnsupported {
			t.Errorf("%s: got %v, want an *Error with %s", name, err, CodeUnsupported)
		}
	}
	c.Close() // a no-op, not a panic
	if _, err := NewClient(Config{FrontendURL: "ftp://example.com"}); code(err) != CodeInvalidOptions {
		t.Errorf("NewClient(ftp): got %v, want %s", err, CodeInvalidOptions)
	}
}

// A plain TokenSource is cached by the client; a *Tokens is used as is.
func TestClientCachesItsTokenSource(t *testing.T) {
	src := TokenFunc(func(context.Context) (Token, error) { return Token{}, errors.New("unused") })
	c, err := NewClient(Config{Tokens: src})
	if err != nil || c.tokens == nil || c.tokens.src == nil {
		t.Fatalf("NewClient(TokenFunc): tokens %v, err %v; want a cache in front of it", c.tokens, err)
	}
	shared := NewTokens(src)
	if c, _ := NewClient(Config{Tokens: shared}); c.tokens != shared {
		t.Errorf("NewClient(*Tokens) cached it again; want the same cache")
	}
	if c, _ := NewClient(Config{}); c.tokens != nil {
		t.Errorf("NewClient without Tokens has a cache %v, want none", c.tokens)
	}
}
