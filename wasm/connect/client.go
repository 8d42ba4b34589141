package connect

import (
	"context"
	"strings"
	"sync"
)

// Client opens the hosted Connect flow, one at a time. It is safe for
// concurrent use.
//
// It needs a browser: built for another platform (in a server that
// prerenders go-app components, or in host tests), a Client's flows and
// preloads fail with [CodeUnsupported], and only its options, tokens and
// Origin work.
type Client struct {
	frontendURL string // without a trailing slash
	origin      string // the hosted UI's origin, as event.origin spells it
	token       string
	tokens      *Tokens // Config.Tokens, cached

	mu    sync.Mutex
	next  int      // the next iframe's number: iframes made so far
	flow  *flow    // the open flow, or nil
	pre   *preload // the preloaded hosted page, or nil
	spare *frame   // the next shown flow's DOM, made ahead, or nil
	bare  bool     // Close took the spare away: none until the next flow or Prefetch
}

// NewClient checks cfg and returns a client. In a browser, in a task after
// this one, the client puts its spare iframe at the end of document.body:
// blank (no src, so nothing is fetched and no token spent), not displayed,
// inert, aria-hidden and out of the focus order. A flow's click shows that
// very iframe on the hosted page instead of adding one, and the next spare
// comes once the flow ends. [Client.Close] takes it away.
func NewClient(cfg Config) (*Client, error) {
	if cfg.FrontendURL == "" {
		cfg.FrontendURL = DefaultFrontendURL
	}
	origin, err := urlOrigin(cfg.FrontendURL)
	if err != nil {
		return nil, newError(CodeInvalidOptions, "frontend URL "+cfg.FrontendURL, err)
	}
	c := &Client{
		frontendURL: strings.TrimRight(cfg.FrontendURL, "/"),
		origin:      origin,
		token:       cfg.Token,
		tokens:      cache(cfg.Tokens),
	}
	c.prepareSoon()
	return c, nil
}

// Origin is the hosted UI's origin: the only origin whose messages the
// client accepts.
func (c *Client) Origin() string { return c.origin }

// Prefetch gets a token ahead of the flow when the client has a
// [Config].Tokens source, so that the next [Client.ConnectAccount] adds the iframe without
// waiting for the network. After [Client.Close] it puts the client's spare
// iframe back in the page too.
func (c *Client) Prefetch() {
	c.mu.Lock()
	bare := c.bare
	c.bare = false
	c.mu.Unlock()
	if bare {
		c.prepareSoon()
	}
	if c.tokens != nil {
		c.tokens.Prefetch()
	}
}

// ConnectAccount starts a flow: it gets a token, shows the hosted page in a
// full-window iframe in document.body (the client's spare when it is in the
// page, else a new one) and returns; the flow then reports through o's
// callbacks, on a goroutine of their own. It returns an *Error when the flow
// could not start (CodeFlowInProgress, CodeCancelled, token and iframe
// failures); the callbacks are then not called.
//
// When the token is at hand (o.Token, Config.Token, or a fresh cached one)
// ConnectAccount does not block, so it may run in a JavaScript event
// handler: the iframe is then shown in the caller's task (a new one is
// appended as a microtask once the JavaScript that called into Go has
// returned: appended from JavaScript, it costs a click about a millisecond
// less than from Go).
// Otherwise it waits for the token source, which a JavaScript callback must
// not do: call it in a goroutine.
//
// The flow ends when the hosted page closes, when ctx ends, or on
// [Client.Close]; in every case the iframe and the listener go away and
// OnClose runs.
func (c *Client) ConnectAccount(ctx context.Context, o Options) error {
	return c.connectAccount(ctx, o)
}

// Preload loads the hosted page for o out of sight, so that a later
// [Client.ConnectAccount] with the same page options (App, OAuthAppID,
// AppOverrideID, AccountID, HideClose, OAuthScopeProfile,
// CustomOAuthClient, and Token when that sets one) shows it in the caller's
// task, with that call's callbacks. It returns once the hidden page has
// loaded, or with an *Error when it could not (CodeCancelled when ctx ended
// first, which drops it).
//
// The hidden iframe is invisible, inert, out of the accessibility tree and
// takes no pointer events; its messages are checked as a flow's and held
// until it is shown. A client keeps at most one preload: another Preload
// with other options, a ConnectAccount with other options and
// [Client.Close] drop it. It renews its token before it expires, is dropped
// while the page has been hidden a while (and made again when it shows), and
// is made again quietly when the hidden page reports an error. Preload waits
// for the token source and the page: never call it on the goroutine of a
// JavaScript callback.
func (c *Client) Preload(ctx context.Context, o Options) error {
	return c.preloadPage(ctx, o)
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
// OnClose runs. It drops the preload and takes the spare iframe out of the
// page too, so that the client leaves nothing in the document. The client
// stays usable: its next flow makes its iframe at the click, and the spare
// comes back when that flow ends, or on [Client.Prefetch].
func (c *Client) Close() { c.closeFlows() }
