//go:build js && wasm

package connect

import (
	"context"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// connectAccount is ConnectAccount in the browser.
func (c *Client) connectAccount(ctx context.Context, o Options) error {
	if o.Token == "" && c.token == "" && c.tokens == nil {
		return newError(CodeInvalidOptions, "no token: set Options.Token, Config.Token or Config.Tokens", nil)
	}
	ctx, cancel := context.WithCancel(ctx)
	f := &flow{c: c, opts: o, cancel: cancel}
	c.mu.Lock()
	if c.flow != nil {
		c.mu.Unlock()
		cancel()
		return newError(CodeFlowInProgress, "a Connect flow is already open", nil)
	}
	p, hidden, tok := c.takePreload(o)
	c.flow, c.bare = f, false
	if hidden != nil {
		c.flow = hidden
	}
	c.mu.Unlock()
	switch {
	case hidden != nil:
		p.drop(nil)
		return c.reveal(ctx, hidden, o, tok, cancel)
	case p != nil:
		p.drop(newError(CodeCancelled, "a flow with other options opened", nil))
	}

	t, err := c.tokenFor(ctx, o)
	if err == nil && ctx.Err() != nil {
		err = newError(CodeCancelled, "", ctx.Err())
	}
	if err == nil {
		err = f.attach(t)
	}
	if err != nil {
		f.abort()
		return err
	}
	if o.Token == "" && c.token == "" {
		c.tokens.MarkSpent(t)
	}
	f.watch(ctx)
	return nil
}

// reveal shows the preloaded flow f as the flow of o.
func (c *Client) reveal(ctx context.Context, f *flow, o Options, tok Token, cancel context.CancelFunc) error {
	if err := f.reveal(o, cancel); err != nil {
		f.abort()
		return err
	}
	if o.Token == "" && c.token == "" && c.tokens != nil {
		c.tokens.MarkSpent(tok.Token)
	}
	f.watch(ctx)
	return nil
}

// tokenFor picks the flow's token.
func (c *Client) tokenFor(ctx context.Context, o Options) (string, error) {
	switch {
	case o.Token != "":
		return o.Token, nil
	case c.token != "":
		return c.token, nil
	}
	if t, ok := c.tokens.Cached(); ok {
		return t.Token, nil
	}
	t, err := c.tokens.Token(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return "", newError(CodeCancelled, "", ctx.Err())
		}
		return "", err
	}
	return t.Token, nil
}

// closeFlows is Close in the browser. The spare goes first, and none is
// made until the next flow or Prefetch: the open flow's end, which comes
// later, makes none.
func (c *Client) closeFlows() {
	c.mu.Lock()
	f, p, fr := c.flow, c.pre, c.spare
	c.pre, c.spare, c.bare = nil, nil, true
	c.mu.Unlock()
	if fr != nil {
		_, _ = fr.iframe.Call("remove")
	}
	if p != nil {
		p.drop(newError(CodeCancelled, "the client was closed", nil))
	}
	if f != nil {
		f.cancel()
	}
}

// urlOrigin returns the origin of an absolute URL, as the browser computes it.
func urlOrigin(raw string) (string, error) {
	u, err := newURL(raw)
	if err != nil {
		return "", err
	}
	o, ok := jsutil.String(u, "origin")
	if !ok || o == "null" || o == "" {
		return "", newError(CodeInvalidOptions, "not an http(s) URL", nil)
	}
	return o, nil
}

// newURL is new URL(raw).
func newURL(raw string) (safejs.Value, error) {
	ctor, err := jsutil.Global("URL")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New(raw)
}
