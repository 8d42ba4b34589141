//go:build js && wasm

package connect

import (
	"context"
	"sync"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// How a preload lives. Variables, so that the tests can shorten them.
var (
	// renewBefore: a preload's token is renewed this long before it
	// expires, or halfway through a shorter life.
	renewBefore = 2 * time.Minute
	// hiddenDrop: a preload is dropped once the page has been hidden this
	// long, and made again when the page shows.
	hiddenDrop = 5 * time.Minute
	// redoAfter is the first pause before a broken preload is made again;
	// it doubles each time, up to maxRedos times in a row.
	redoAfter = time.Second
)

const maxRedos = 3

// preload is the hosted page loaded out of sight for one set of options,
// waiting for a ConnectAccount with the same options to show it. Its
// fields after ready are guarded by c.mu.
type preload struct {
	c     *Client
	key   string  // the hosted URL without a token: the options that shape the page
	opts  Options // those options, without callbacks
	ready chan struct{}
	once  sync.Once
	err   error // why it did not load, once ready is closed

	f, next       *flow // the hidden flow a reveal shows, and a renewal's, loading
	tok, nextTok  Token
	dropped       bool
	dormant       bool // dropped while the page is hidden
	redos         int
	timer, asleep *time.Timer // renewal or redo; the hidden page's countdown
	onVisibility  safejs.Func
	listening     bool
}

// preloadPage is Preload in the browser.
func (c *Client) preloadPage(ctx context.Context, o Options) error {
	if o.Token == "" && c.token == "" && c.tokens == nil {
		return newError(CodeInvalidOptions, "no token: set Options.Token, Config.Token or Config.Tokens", nil)
	}
	o = pageOptions(o)
	key := hostedURL(c.frontendURL, "", o)
	c.mu.Lock()
	old := c.pre
	if old != nil && old.key == key && old.opts.Token == o.Token && old.alive() {
		c.mu.Unlock()
		return old.wait(ctx)
	}
	p := &preload{c: c, key: key, opts: o, ready: make(chan struct{})}
	c.pre = p
	c.mu.Unlock()
	if old != nil {
		old.drop(newError(CodeCancelled, "another preload took its place", nil))
	}
	if err := p.watchVisibility(); err != nil {
		c.dropPreload(p)
		return browserError(err)
	}
	go p.load(false)
	return p.wait(ctx)
}

// pageOptions is o without its callbacks.
func pageOptions(o Options) Options {
	o.OnSuccess, o.OnError, o.OnClose = nil, nil, nil
	return o
}

// takePreload takes the client's preload away; its hidden flow when it fits
// o, or nil. c.mu is held.
func (c *Client) takePreload(o Options) (p *preload, f *flow, tok Token) {
	p, c.pre = c.pre, nil
	if p == nil || p.f == nil || p.dropped || p.key != hostedURL(c.frontendURL, "", pageOptions(o)) ||
		(o.Token != "" && o.Token != p.tok.Token) {
		return p, nil, Token{}
	}
	f, tok, p.f = p.f, p.tok, nil
	return p, f, tok
}

// dropPreload drops p when it is still the client's.
func (c *Client) dropPreload(p *preload) {
	c.mu.Lock()
	if c.pre == p {
		c.pre = nil
	}
	c.mu.Unlock()
	p.drop(newError(CodeCancelled, "the preload was dropped", nil))
}

// wait waits until p has loaded or failed, or ctx ends, which drops p.
func (p *preload) wait(ctx context.Context) error {
	select {
	case <-p.ready:
		return p.err
	case <-ctx.Done():
		p.c.dropPreload(p)
		return newError(CodeCancelled, "", ctx.Err())
	}
}

// finish settles the waits on p, once.
func (p *preload) finish(err error) {
	p.once.Do(func() {
		p.err = err
		close(p.ready)
	})
}

// alive reports whether p is loading or has a hidden flow to show (not
// failed, broken or asleep). c.mu is held.
func (p *preload) alive() bool {
	select {
	case <-p.ready:
		return p.err == nil && p.f != nil
	default:
		return true
	}
}

// token gets a token for p's options, and whether it came from the
// client's token source (which then can renew it).
func (p *preload) token() (Token, bool, error) {
	switch {
	case p.opts.Token != "":
		return Token{Token: p.opts.Token}, false, nil
	case p.c.token != "":
		return Token{Token: p.c.token}, false, nil
	}
	t, err := p.c.tokens.Token(context.Background())
	return t, true, err
}

// load makes a hidden flow: p's first, again after a break, or a renewal's
// (which replaces the current one once it has loaded).
func (p *preload) load(renewal bool) {
	tok, _, err := p.token()
	var f *flow
	if err == nil {
		f = &flow{c: p.c, opts: p.opts, cancel: func() {}, hidden: true}
		f.onLoaded = func() { p.loaded(f) }
		f.hiddenEnd = func(bool) { p.broke(f) }
		if err = f.attach(tok.Token); err != nil {
			f.abort()
		}
	}
	c := p.c
	c.mu.Lock()
	if err != nil {
		c.mu.Unlock()
		if renewal {
			p.retry(tok)
		} else {
			p.finish(err)
		}
		return
	}
	if p.dropped || p.dormant {
		c.mu.Unlock()
		f.abort()
		return
	}
	if renewal {
		p.next, p.nextTok = f, tok
	} else {
		p.f, p.tok = f, tok
	}
	c.mu.Unlock()
}

// loaded runs when a hidden flow's page has loaded: a renewal's takes the
// place of the one before; the token's renewal is planned.
func (p *preload) loaded(f *flow) {
	c := p.c
	c.mu.Lock()
	var old *flow
	switch {
	case p.dropped:
	case f == p.next:
		old, p.f, p.tok, p.next = p.f, f, p.nextTok, nil
		p.redos = 0
		p.planRenewal()
	case f == p.f:
		p.redos = 0
		p.planRenewal()
	}
	c.mu.Unlock()
	if old != nil {
		old.abort()
	}
	p.finish(nil)
}

// planRenewal plans the renewal of p's token before it expires, when the
// client's token source gave it. c.mu is held.
func (p *preload) planRenewal() {
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.tok.ExpiresAt.IsZero() || p.c.tokens == nil || p.opts.Token != "" || p.c.token != "" {
		return
	}
	left := time.Until(p.tok.ExpiresAt)
	d := left - renewBefore
	if d < left/2 {
		d = left / 2
	}
	tok := p.tok.Token
	p.timer = time.AfterFunc(d, func() {
		p.c.tokens.MarkSpent(tok)
		p.load(true)
	})
}

// broke runs when a hidden page reports an error or closes: that flow goes,
// and p is made again after a pause.
func (p *preload) broke(f *flow) {
	c := p.c
	c.mu.Lock()
	var tok Token
	switch {
	case p.dropped:
		c.mu.Unlock()
		return
	case f == p.next:
		p.next, tok = nil, p.nextTok
	case f == p.f:
		p.f, tok = nil, p.tok
	default:
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	f.abort()
	p.retry(tok)
}

// retry makes p again after a pause, unless it has failed maxRedos times in
// a row; tok, which failed, is not used again.
func (p *preload) retry(tok Token) {
	c := p.c
	if c.tokens != nil && tok.Token != "" {
		c.tokens.MarkSpent(tok.Token)
	}
	c.mu.Lock()
	if p.dropped {
		c.mu.Unlock()
		return
	}
	p.redos++
	if p.redos > maxRedos {
		c.mu.Unlock()
		p.finish(newError(CodeIframeLoadFailed, "the hosted page kept failing out of sight", nil))
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.timer = time.AfterFunc(redoAfter<<(p.redos-1), func() { p.load(p.hasFlow()) })
	c.mu.Unlock()
}

// hasFlow reports whether p has a flow to show (so a new one is a renewal).
func (p *preload) hasFlow() bool {
	p.c.mu.Lock()
	defer p.c.mu.Unlock()
	return p.f != nil
}

// drop takes p's hidden flows away and stops its timers; waits on it end
// with err (nil: p was shown).
func (p *preload) drop(err error) {
	c := p.c
	c.mu.Lock()
	p.dropped = true
	f, next := p.f, p.next
	p.f, p.next = nil, nil
	p.stopTimers()
	c.mu.Unlock()
	for _, fl := range []*flow{f, next} {
		if fl != nil {
			fl.abort()
		}
	}
	p.unwatchVisibility()
	p.finish(err)
}

// stopTimers stops p's renewal, redo and hidden-page countdown. c.mu is held.
func (p *preload) stopTimers() {
	for _, t := range []*time.Timer{p.timer, p.asleep} {
		if t != nil {
			t.Stop()
		}
	}
}

// watchVisibility drops p's flows while the page has been hidden for
// hiddenDrop, and makes p again when it shows.
func (p *preload) watchVisibility() error {
	fn, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		p.visibilityChanged()
		return nil
	})
	if err != nil {
		return err
	}
	doc, err := jsutil.Global("document")
	if err == nil {
		_, err = doc.Call("addEventListener", "visibilitychange", fn.Value())
	}
	if err != nil {
		fn.Release()
		return err
	}
	p.c.mu.Lock()
	p.onVisibility, p.listening = fn, true
	p.c.mu.Unlock()
	return nil
}

func (p *preload) unwatchVisibility() {
	p.c.mu.Lock()
	fn, listening := p.onVisibility, p.listening
	p.listening = false
	p.c.mu.Unlock()
	if !listening {
		return
	}
	if doc, err := jsutil.Global("document"); err == nil {
		_, _ = doc.Call("removeEventListener", "visibilitychange", fn.Value())
	}
	fn.Release()
}

// visibilityChanged starts the hidden page's countdown, or stops it and
// makes p again if it went.
func (p *preload) visibilityChanged() {
	doc, err := jsutil.Global("document")
	if err != nil {
		return
	}
	state, _ := jsutil.String(doc, "visibilityState")
	c := p.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.dropped {
		return
	}
	if state == "hidden" {
		if p.asleep == nil {
			p.asleep = time.AfterFunc(hiddenDrop, p.sleep)
		}
		return
	}
	if p.asleep != nil {
		p.asleep.Stop()
		p.asleep = nil
	}
	if p.dormant {
		p.dormant = false
		go p.load(false)
	}
}

// sleep drops p's flows while the page is hidden.
func (p *preload) sleep() {
	c := p.c
	c.mu.Lock()
	if p.dropped || p.asleep == nil {
		c.mu.Unlock()
		return
	}
	p.dormant, p.asleep = true, nil
	f, next := p.f, p.next
	p.f, p.next = nil, nil
	if p.timer != nil {
		p.timer.Stop()
	}
	c.mu.Unlock()
	for _, fl := range []*flow{f, next} {
		if fl != nil {
			fl.abort()
		}
	}
}
