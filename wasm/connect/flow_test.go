//go:build js && wasm

package connect

import (
	"context"
	"errors"
	"testing"
)

// TestCancel: ending the flow's context or calling Client.Close removes the
// iframe and the listener and reports a cancelled close.
func TestCancel(t *testing.T) {
	for _, how := range []string{"context", "Close"} {
		t.Run(how, func(t *testing.T) {
			base := listeners(t)
			c := newClient(t, Config{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := newRecorder()
			if err := c.ConnectAccount(ctx, r.opts(Options{App: "slack"})); err != nil {
				t.Fatal(err)
			}
			post(t, `{type:"error", error:"first try failed"}`)
			if got := <-r; got != "error connect_error: first try failed" {
				t.Fatalf("callback %q", got)
			}
			if how == "context" {
				cancel()
			} else {
				c.Close()
			}
			equal(t, "callbacks", r.untilClose(t), []string{"close {Successful:false Completed:true Cancelled:true}"})
			if n := connectFrames(t); n != 0 {
				t.Errorf("%d iframes after cancelling", n)
			}
			if n := listeners(t); n != base {
				t.Errorf("%d message listeners after cancelling, want %d", n, base)
			}
			r.quiet(t)
		})
	}
}

// TestConnectCancelled: the blocking call returns a cancelled *Error when
// its context ends or Close is called, also while it waits for a token.
func TestConnectCancelled(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	slow := NewTokens(TokenFunc(func(context.Context) (Token, error) {
		<-gate
		return Token{Token: "ctok_late"}, nil
	}))

	for _, tc := range []struct {
		name   string
		tokens TokenSource
		ctx    bool // cancel the context, else call Close
	}{
		{"context, iframe open", nil, true},
		{"Close, iframe open", nil, false},
		{"context, waiting for the token", slow, true},
		{"Close, waiting for the token", slow, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Config{Tokens: tc.tokens})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			res := make(chan error, 1)
			go func() {
				_, err := c.Connect(ctx, Options{App: "slack"})
				res <- err
			}()
			if tc.tokens == nil {
				waitFor(t, "the iframe", func() bool { return connectFrames(t) == 1 })
			} else {
				waitFor(t, "the flow", func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.flow != nil })
			}
			if tc.ctx {
				cancel()
			} else {
				c.Close()
			}
			err := <-res
			if code(err) != CodeCancelled || tc.ctx && !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want cancelled", err)
			}
			if n := connectFrames(t); n != 0 {
				t.Errorf("%d iframes after cancelling", n)
			}
		})
	}
}

// TestDoneContextStartsNothing: a flow whose context has already ended
// returns a cancelled error and adds no iframe, calls no callback and does
// not spend the cached token.
func TestDoneContextStartsNothing(t *testing.T) {
	base := listeners(t)
	tokens := NewTokens(TokenFunc(func(context.Context) (Token, error) { return Token{Token: "ctok_kept"}, nil }))
	if _, err := tokens.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, Config{Tokens: tokens})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := newRecorder()
	if err := c.ConnectAccount(ctx, r.opts(Options{App: "slack"})); code(err) != CodeCancelled {
		t.Errorf("err = %v, want cancelled", err)
	}
	equal(t, "iframes", frames(t), []string{"spare"})
	if n := listeners(t); n != base {
		t.Errorf("%d message listeners, want %d", n, base)
	}
	if tok, ok := tokens.Cached(); !ok || tok.Token != "ctok_kept" {
		t.Errorf("cached token %+v, %v: spent by a flow that did not start", tok, ok)
	}
	r.quiet(t)
}

// TestOneFlowAtATime: a second flow on a busy client fails with
// flow_in_progress and leaves the first alone, also while the first waits
// for its token; after the first ends, the client is free again.
func TestOneFlowAtATime(t *testing.T) {
	t.Run("iframe open", func(t *testing.T) {
		c := newClient(t, Config{})
		r := start(t, c, Options{App: "slack"})
		r2 := newRecorder()
		if err := c.ConnectAccount(context.Background(), r2.opts(Options{App: "github"})); code(err) != CodeFlowInProgress {
			t.Errorf("second ConnectAccount err = %v, want flow_in_progress", err)
		}
		if _, err := c.Connect(context.Background(), Options{App: "github"}); code(err) != CodeFlowInProgress {
			t.Errorf("Connect err = %v, want flow_in_progress", err)
		}
		if n := connectFrames(t); n != 1 {
			t.Errorf("%d iframes, want 1", n)
		}
		post(t, `{type:"success", authProvisionId:"apn_1"}`)
		post(t, closeMsg)
		equal(t, "first flow", r.untilClose(t), []string{"success apn_1", "close {Successful:true Completed:true Cancelled:false}"})
		r2.quiet(t)
		r3 := start(t, c, Options{App: "github"})
		post(t, closeMsg)
		equal(t, "third flow", r3.untilClose(t), []string{notClosed})
	})
	t.Run("waiting for the token", func(t *testing.T) {
		gate := make(chan struct{})
		c := newClient(t, Config{Tokens: NewTokens(TokenFunc(func(context.Context) (Token, error) {
			<-gate
			return Token{Token: "ctok_1"}, nil
		}))})
		first := make(chan error, 1)
		go func() { first <- c.ConnectAccount(context.Background(), Options{App: "slack"}) }()
		waitFor(t, "the flow", func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.flow != nil })
		if err := c.ConnectAccount(context.Background(), Options{App: "github", Token: "ctok_own"}); code(err) != CodeFlowInProgress {
			t.Errorf("second ConnectAccount err = %v, want flow_in_progress", err)
		}
		close(gate)
		if err := <-first; err != nil {
			t.Errorf("first ConnectAccount: %v", err)
		}
		if src := evalString(t, frameJS+".src"); src != pageOrigin(t)+"/_static/connect.html?token=ctok_1&app=slack" {
			t.Errorf("iframe src %s", src)
		}
	})
}

// TestNoToken: a client with no token source refuses to start.
func TestNoToken(t *testing.T) {
	c, err := NewClient(Config{FrontendURL: pageOrigin(t)})
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, c)
	waitSpare(t, c)
	if err := c.ConnectAccount(context.Background(), Options{App: "slack"}); code(err) != CodeInvalidOptions {
		t.Errorf("err = %v, want invalid_options", err)
	}
	equal(t, "iframes", frames(t), []string{"spare"})
}

// TestCallbacksDoNotBlockThePage: a callback that blocks holds up neither
// the page nor the end of the flow.
func TestCallbacksDoNotBlockThePage(t *testing.T) {
	c := newClient(t, Config{})
	release := make(chan struct{})
	closed := make(chan CloseStatus, 1)
	err := c.ConnectAccount(context.Background(), Options{
		App:       "slack",
		OnSuccess: func(Success) { <-release },
		OnClose:   func(st CloseStatus) { closed <- st },
	})
	if err != nil {
		t.Fatal(err)
	}
	post(t, `{type:"success", authProvisionId:"apn_1"}`)
	post(t, closeMsg)
	waitFor(t, "the iframe to go", func() bool { return connectFrames(t) == 0 })
	select {
	case <-closed:
		t.Fatal("OnClose ran before OnSuccess returned")
	default:
	}
	close(release)
	if st := <-closed; !st.Successful {
		t.Errorf("close %+v", st)
	}
}

// TestFocusReturns: the iframe takes the focus once loaded; when it goes, the element
// focused before gets it back, unless the focus has moved elsewhere since.
func TestFocusReturns(t *testing.T) {
	eval(t, `(() => {
		for (const id of ["opener", "elsewhere"]) {
			const b = document.createElement("button");
			b.id = id;
			document.body.append(b);
		}
	})()`)
	defer eval(t, `document.getElementById("opener").remove(); document.getElementById("elsewhere").remove()`)
	c := newClient(t, Config{})
	for _, tc := range []struct {
		name, end, moveTo, want string
	}{
		{"closed", "close", "", "opener"},
		{"cancelled", "cancel", "", "opener"},
		{"focus moved", "close", "elsewhere", "elsewhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eval(t, `document.getElementById("opener").focus()`)
			r := start(t, c, Options{App: "slack"})
			waitFor(t, "the loaded iframe to take the focus", func() bool { return evalBool(t, "document.activeElement === "+frameJS) })
			if tc.moveTo != "" {
				eval(t, `document.getElementById("`+tc.moveTo+`").focus()`)
			}
			if tc.end == "close" {
				post(t, closeMsg)
			} else {
				c.Close()
			}
			r.untilClose(t)
			if got := evalString(t, "document.activeElement.id"); got != tc.want {
				t.Errorf("focus on %q, want %q", got, tc.want)
			}
		})
	}
}
