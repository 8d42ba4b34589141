//go:build js && wasm

package connect

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// TestFlowSpendsItsToken: a flow marks its token spent, so the next flow
// fetches a new one; a flow with its own token leaves the cache alone.
func TestFlowSpendsItsToken(t *testing.T) {
	src := &source{ttl: time.Hour}
	tokens := newTokens(src)
	c := newClient(t, Config{Tokens: tokens})
	var srcs []string
	for _, o := range []Options{{App: "a"}, {App: "b"}, {App: "c", Token: "ctok_own"}, {App: "d"}} {
		if o.Token != "" {
			token(t, tokens) // cache ctok_3 for flow d
		}
		r := start(t, c, o)
		srcs = append(srcs, evalString(t, `new URL(`+frameJS+`.src).search`))
		post(t, closeMsg)
		r.untilClose(t)
	}
	equal(t, "iframe queries", srcs, []string{
		"?token=ctok_1&app=a", "?token=ctok_2&app=b", "?token=ctok_own&app=c", "?token=ctok_3&app=d",
	})
	if n := src.calls.Load(); n != 3 {
		t.Errorf("%d fetches, want 3", n)
	}
	if _, ok := tokens.Cached(); ok {
		t.Error("a token stays cached after the flow that used it")
	}
}

// TestTokenFailureStartsNothing: when the token source fails, ConnectAccount
// returns its *Error, adds nothing and frees the client.
func TestTokenFailureStartsNothing(t *testing.T) {
	base := listeners(t)
	offline := errors.New("502 Bad Gateway")
	var fail atomic.Bool
	fail.Store(true)
	c := newClient(t, Config{Tokens: NewTokens(TokenFunc(func(context.Context) (Token, error) {
		if fail.Load() {
			return Token{}, offline
		}
		return Token{Token: "ctok_1"}, nil
	}))})
	r := newRecorder()
	err := c.ConnectAccount(context.Background(), r.opts(Options{App: "slack"}))
	if code(err) != CodeTokenFetchFailed || !errors.Is(err, offline) ||
		err.Error() != "connect: token_fetch_failed: 502 Bad Gateway" {
		t.Errorf("err = %v", err)
	}
	equal(t, "iframes", frames(t), []string{"spare"})
	if n := listeners(t); n != base {
		t.Errorf("%d listeners, want %d", n, base)
	}
	r.quiet(t)
	fail.Store(false)
	r = start(t, c, Options{App: "slack"})
	post(t, closeMsg)
	r.untilClose(t)
}

// TestPrefetch: after Prefetch, ConnectAccount in a JavaScript click
// handler adds the iframe in the click's task, without a fetch.
func TestPrefetch(t *testing.T) {
	src := &source{ttl: time.Hour}
	tokens := newTokens(src)
	c := newClient(t, Config{Tokens: tokens})
	c.Prefetch()
	waitFor(t, "the prefetch", func() bool { _, ok := tokens.Cached(); return ok })
	c.Prefetch() // a fresh token is cached: no second fetch

	r := newRecorder()
	errs := make(chan error, 1)
	remove := clickHandler(t, func() { errs <- c.ConnectAccount(context.Background(), r.opts(Options{App: "slack"})) })
	// The page clicks in a task of its own and counts the iframes at the
	// end of the click's microtasks, before any other task.
	counted, err := jsutil.Await(context.Background(), eval(t, `new Promise(resolve => setTimeout(() => {
		document.getElementById("connect").click();
		queueMicrotask(() => resolve(document.querySelectorAll('iframe[id^="pipedream-connect-iframe-"]').length));
	}))`))
	remove()
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if n, _ := counted.Int(); err != nil || n != 1 {
		t.Errorf("%d iframes in the click's task (%v), want 1", n, err)
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
	if q := evalString(t, `new URL(`+frameJS+`.src).search`); q != "?token=ctok_1&app=slack" {
		t.Errorf("iframe query %s", q)
	}
	post(t, closeMsg)
	r.untilClose(t)
}

// clickHandler adds a button#connect whose click runs fn on the JavaScript
// event loop's goroutine; the returned func removes both.
func clickHandler(t *testing.T, fn func()) func() {
	t.Helper()
	h, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		fn()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b := eval(t, `(() => { const b = document.createElement("button"); b.id = "connect"; document.body.append(b); return b })()`)
	if _, err := b.Call("addEventListener", "click", h.Value()); err != nil {
		t.Fatal(err)
	}
	return func() {
		b.Call("remove")
		h.Release()
	}
}
