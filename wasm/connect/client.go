//go:build js && wasm

package connect

import (
	"context"
	"strings"
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// Client opens the hosted Connect flow, one at a time. It is safe for
// concurrent use.
type Client struct {
	frontendURL string // without a trailing slash
	origin      string // the hosted UI's origin, as event.origin spells it
	token       string
	tokens      *Tokens

	mu   sync.Mutex
	next int      // the next iframe's number: iframes made so far
	flow *flow    // the open flow, or nil
	pre  *preload // the preloaded hosted page, or nil
}

// NewClient checks cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	if cfg.FrontendURL == "" {
		cfg.FrontendURL = DefaultFrontendURL
	}
	origin, err := urlOrigin(cfg.FrontendURL)
	if err != nil {
		return nil, newError(CodeInvalidOptions, "frontend URL "+cfg.FrontendURL, err)
	}
	return &Client{
		frontendURL: strings.TrimRight(cfg.FrontendURL, "/"),
		origin:      origin,
		token:       cfg.Token,
		tokens:      cfg.Tokens,
	}, nil
}

// Origin is the hosted UI's origin: the only origin whose messages the
// client accepts.
func (c *Client) Origin() string { return c.origin }

// Prefetch gets a token ahead of the flow when the client has a [Tokens]
// source, so that the next [Client.ConnectAccount] adds the iframe without
// waiting for the network.
func (c *Client) Prefetch() {
	if c.tokens != nil {
		c.tokens.Prefetch()
	}
}

// ConnectAccount starts a flow: it gets a token, adds the hosted page's
// iframe to document.body and returns; the flow then reports through o's
// callbacks, on a goroutine of their own. It returns an *Error when the flow
// could not start (CodeFlowInProgress, CodeCancelled, token and iframe
// failures); the callbacks are then not called.
//
// When the token is at hand (o.Token, Config.Token, or a fresh cached one)
// the iframe is added before ConnectAccount returns, without blocking, so it
// may run in a JavaScript event handler. Otherwise it waits for the token
// source, which a JavaScript callback must not do: call it in a goroutine.
//
// The flow ends when the hosted page closes, when ctx ends, or on
// [Client.Close]; in every case the iframe and the listener go away and
// OnClose runs.
func (c *Client) ConnectAccount(ctx context.Context, o Options) error {
	if o.Token == "" && c.token == "" && c.tokens == nil {
		return newError(CodeInvalidOptions, "no token: set Options.Token, Config.Token or Config.Tokens", nil)
	}
	ctx, cancel := context.WithCancel(ctx)
	f := &flow{c: c, opts: o, cancel: cancel, done: make(chan struct{})}
	c.mu.Lock()
	if c.flow != nil {
		c.mu.Unlock()
		cancel()
		return newError(CodeFlowInProgress, "a Connect flow is already open", nil)
	}
	p, hidden, tok := c.takePreload(o)
	c.flow = f
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
	go f.watch(ctx)
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
	go f.watch(ctx)
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

// Connect runs a whole flow and returns when it ends: the connected
// account, or an *Error saying why there is none (CodeConnectError with the
// hosted page's last error, CodeClosed when the user closed the page,
// CodeCancelled when ctx ended or Close was called, or why the flow could
// not start). o's callbacks run too. Connect blocks: never call it on the
// goroutine of a JavaScript callback.
func (c *Client) Connect(ctx context.Context, o Options) (Success, error) {
	var (
		res     Success
		lastErr error
		done    = make(chan CloseStatus, 1)
	)
	onSuccess, onError, onClose := o.OnSuccess, o.OnError, o.OnClose
	o.OnSuccess = func(s Success) {
		res = s
		if onSuccess != nil {
			onSuccess(s)
		}
	}
	o.OnError = func(err error) {
		lastErr = err
		if onError != nil {
			onError(err)
		}
	}
	o.OnClose = func(st CloseStatus) {
		if onClose != nil {
			onClose(st)
		}
		done <- st
	}
	if err := c.ConnectAccount(ctx, o); err != nil {
		return Success{}, err
	}
	st := <-done
	switch {
	case st.Successful:
		return res, nil
	case st.Cancelled:
		return Success{}, newError(CodeCancelled, "", context.Cause(ctx))
	case lastErr != nil:
		return Success{}, lastErr
	}
	return Success{}, newError(CodeClosed, "the Connect page was closed without connecting an account", nil)
}

// Close ends the open flow, if any, as cancelled: the iframe goes away and
// OnClose runs. It drops the preload too. The client stays usable.
func (c *Client) Close() {
	c.mu.Lock()
	f, p := c.flow, c.pre
	c.pre = nil
	c.mu.Unlock()
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
