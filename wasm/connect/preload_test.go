//go:build js && wasm

package connect

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingTokens is a token source that hands out ctok_1, ctok_2, ...,
// each living life (forever when zero), and counts its calls.
func countingTokens(life time.Duration) (*Tokens, *atomic.Int32) {
	var n atomic.Int32
	return NewTokens(TokenFunc(func(context.Context) (Token, error) {
			t := Token{Token: fmt.Sprintf("ctok_%d", n.Add(1))}
			if life > 0 {
				t.ExpiresAt = time.Now().Add(life)
			}
			return t, nil
		})),

		&n
}

// mustPreload preloads o on c and fails the test unless it loads.
func mustPreload(t testing.TB, c *Client, o Options) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := c.Preload(ctx, o); err != nil {
		t.Fatalf("Preload(%+v): %v", o, err)
	}
}

// hiddenState describes the Connect iframe as a person and assistive
// technology meet it: hidden, or shown (and focused, with the Close button).
const hiddenStateJS = `(() => {
	const f = ` + frameJS + `;
	if (!f) return "none";
	const s = getComputedStyle(f), r = f.getBoundingClientRect();
	const atCenter = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
	const hidden = s.display === "none" && s.pointerEvents === "none" && f.inert &&
		f.getAttribute("aria-hidden") === "true" && f.tabIndex === -1 && atCenter !== f;
	const shown = s.visibility === "visible" && s.pointerEvents !== "none" && !f.inert &&
		!f.hasAttribute("aria-hidden") && !f.hasAttribute("tabindex") && atCenter === f &&
		r.width === innerWidth && r.height === innerHeight && !!` + closeButtonJS + `;
	return hidden ? "hidden" : shown ? "shown" : "neither: " + f.outerHTML;
})()`

// frameToken is the token in the Connect iframe's src.
func frameToken(t testing.TB) string {
	return evalString(t, `new URL(`+frameJS+`.src).searchParams.get("token")`)
}

// TestPreloadReveal: Preload loads the hosted page in a hidden iframe; a
// ConnectAccount with the same page options shows that very iframe before
// it returns, focused, with its own callbacks, and without another token.
func TestPreloadReveal(t *testing.T) {
	tokens, fetched := countingTokens(0)
	c := newClient(t, Config{Tokens: tokens})
	mustPreload(t, c, Options{App: "slack", OAuthAppID: "oa_1", OnSuccess: func(Success) { t.Error("the preload's OnSuccess ran") }})
	if got := evalString(t, hiddenStateJS); got != "hidden" {
		t.Fatalf("after Preload the iframe is %s", got)
	}
	eval(t, `window.preloaded = `+frameJS)
	// The same options again: the same preload.
	mustPreload(t, c, Options{App: "slack", OAuthAppID: "oa_1"})
	if !evalBool(t, frameJS+" === window.preloaded") || connectFrames(t) != 1 {
		t.Error("a second Preload with the same options made another iframe")
	}
	r := start(t, c, Options{App: "slack", OAuthAppID: "oa_1"})
	waitFor(t, "the Close button", func() bool { return evalBool(t, "!!"+closeButtonJS) })
	if got := evalString(t, hiddenStateJS); got != "shown" {
		t.Fatalf("after ConnectAccount the iframe is %s", got)
	}
	if !evalBool(t, frameJS+" === window.preloaded && document.activeElement === window.preloaded") {
		t.Error("ConnectAccount did not show and focus the preloaded iframe")
	}
	if n := connectFrames(t); n != 1 {
		t.Errorf("%d Connect iframes, want 1", n)
	}
	post(t, `{type:"success", authProvisionId:"apn_7"}`)
	post(t, closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{"success apn_7", "close {Successful:true Completed:true Cancelled:false}"})
	if n := fetched.Load(); n != 1 {
		t.Errorf("%d tokens fetched, want 1", n)
	}
	// The token was spent: the next flow gets another.
	start(t, c, Options{App: "slack"})
	if got := frameToken(t); got != "ctok_2" {
		t.Errorf("the next flow's token is %s, want ctok_2", got)
	}
}

// TestPreloadOptionsMismatch: a ConnectAccount with other page options
// drops the preload and opens its own iframe; another Preload replaces the
// one before.
func TestPreloadOptionsMismatch(t *testing.T) {
	c := newClient(t, Config{})
	mustPreload(t, c, Options{App: "slack"})
	mustPreload(t, c, Options{App: "github"})
	if n := connectFrames(t); n != 1 || !strings.Contains(evalString(t, frameJS+".src"), "app=github") {
		t.Fatalf("%d Connect iframes after a second Preload; want github's only", n)
	}
	for _, o := range []Options{{App: "github", HideClose: true}, {App: "github", Token: "ctok_other"}, {App: "slack"}} {
		mustPreload(t, c, Options{App: "github"})
		eval(t, `window.preloaded = `+frameJS)
		r := start(t, c, o)
		if n := connectFrames(t); n != 1 || evalBool(t, frameJS+" === window.preloaded") {
			t.Errorf("ConnectAccount(%+v) after a github preload: %d iframes, the preloaded one shown: %v", o, n, evalBool(t, frameJS+" === window.preloaded"))
		}
		waitFor(t, "the iframe shown", func() bool { return evalString(t, hiddenStateJS) == "shown" })
		c.Close()
		equal(t, "callbacks", r.untilClose(t), []string{cancelledSt})
	}
}

// TestPreloadRenewsBeforeExpiry: a preload whose token is about to expire
// loads another hidden page with a new token, which takes its place once it
// has loaded; ConnectAccount then shows the new one.
func TestPreloadRenewsBeforeExpiry(t *testing.T) {
	tokens, _ := countingTokens(3 * time.Second)
	c := newClient(t, Config{Tokens: tokens})
	mustPreload(t, c, Options{App: "slack"})
	if got := frameToken(t); got != "ctok_1" {
		t.Fatalf("preloaded with %s", got)
	}
	waitFor(t, "the renewed preload", func() bool {
		return connectFrames(t) == 1 && frameToken(t) == "ctok_2" && evalString(t, hiddenStateJS) == "hidden"
	})
	r := start(t, c, Options{App: "slack"})
	if got := frameToken(t); got != "ctok_2" {
		t.Errorf("the flow shows %s, want the renewed ctok_2", got)
	}
	c.Close()
	r.untilClose(t)
}

// TestPreloadIsOutOfReach: the hidden page takes the focus neither from the
// page (Tab, focus()) nor from inside (its own elements' focus()), and no
// pointer. (Its window's own focus() is given back by a focus listener,
// which a page without the system focus does not run: the end-to-end tests
// check it.)
func TestPreloadIsOutOfReach(t *testing.T) {
	c := newClient(t, Config{})
	eval(t, `window.outside = document.createElement("button"); document.body.append(outside); outside.focus()`)
	defer eval(t, `outside.remove()`)
	mustPreload(t, c, Options{App: "slack"})
	waitLoaded(t)
	got := evalString(t, `(() => {
		const f = `+frameJS+`, d = f.contentDocument, b = d.createElement("button");
		d.body.append(b);
		f.focus();
		b.focus();
		return [document.activeElement === outside, d.activeElement !== b].join(" ");
	})()`)
	if got != "true true" {
		t.Errorf("the focus stays outside, not on the hidden page's button: %s", got)
	}
	if got := evalString(t, hiddenStateJS); got != "hidden" {
		t.Errorf("the iframe is %s", got)
	}
}

// TestPreloadHoldsMessages: a success the hidden page posts before the
// reveal reaches the flow's OnSuccess after it; an error before the reveal
// makes the preload again, quietly, with a new token.
func TestPreloadHoldsMessages(t *testing.T) {
	defer func(d time.Duration) { redoAfter = d }(redoAfter)
	redoAfter = 10 * time.Millisecond
	tokens, _ := countingTokens(0)
	c := newClient(t, Config{Tokens: tokens})
	mustPreload(t, c, Options{App: "slack"})
	n := evalInt(t, "messageLog.length")
	post(t, `{type:"error", error:"token expired"}`)
	waitSeen(t, n+1)
	waitFor(t, "the preload made again", func() bool {
		return connectFrames(t) == 1 && frameToken(t) == "ctok_2" &&
			evalBool(t, frameJS+`.contentDocument.readyState === "complete"`)
	})
	waitLoaded(t)
	post(t, `{type:"success", authProvisionId:"apn_early"}`)
	waitSeen(t, n+2)
	r := start(t, c, Options{App: "slack"})
	post(t, closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{"success apn_early", "close {Successful:true Completed:true Cancelled:false}"})
}

// TestPreloadCancel: a preload whose context ends, or whose client closes,
// before it has loaded returns CodeCancelled and leaves nothing behind.
func TestPreloadCancel(t *testing.T) {
	release := make(chan struct{})
	tokens := NewTokens(TokenFunc(func(ctx context.Context) (Token, error) {
		<-release
		return Token{Token: "ctok_late"}, nil
	}))

	c := newClient(t, Config{Tokens: tokens})
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 2)
	go func() { res <- c.Preload(ctx, Options{App: "slack"}) }()
	time.Sleep(0) // let it start
	cancel()
	if err := <-res; code(err) != CodeCancelled {
		t.Errorf("Preload with its context ended: %v", err)
	}
	go func() { res <- c.Preload(context.Background(), Options{App: "github"}) }()
	waitFor(t, "the preload to wait for its token", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.pre != nil && c.pre.opts.App == "github"
	})
	c.Close()
	if err := <-res; code(err) != CodeCancelled {
		t.Errorf("Preload with its client closed: %v", err)
	}
	close(release)
	time.Sleep(50 * time.Millisecond) // the token comes: nothing may come of it
	if n := connectFrames(t); n != 0 {
		t.Errorf("%d Connect iframes after cancelled preloads", n)
	}
}

// TestPreloadNoLeak runs a thousand preloads that end every way one ends
// (shown and closed, dropped by other options, by another preload, by
// Close, by its context) and checks that nothing grows.
func TestPreloadNoLeak(t *testing.T) {
	const preloads = 1000
	c := newClient(t, Config{})
	run := func(i int) {
		t.Helper()
		switch i % 5 {
		case 0:
			mustPreload(t, c, Options{App: "slack"})
			r := start(t, c, Options{App: "slack"})
			post(t, closeMsg)
			r.untilClose(t)
		case 1:
			mustPreload(t, c, Options{App: "slack"})
			r := start(t, c, Options{App: "github"})
			c.Close()
			r.untilClose(t)
		case 2:
			mustPreload(t, c, Options{App: "slack"})
			mustPreload(t, c, Options{App: "github"})
			c.Close()
		case 3:
			mustPreload(t, c, Options{App: "slack"})
			c.Close()
		case 4:
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := c.Preload(ctx, Options{App: "slack"}); code(err) != CodeCancelled {
				t.Fatalf("Preload with its context ended: %v", err)
			}
		}
		waitFor(t, "no Connect iframe", func() bool { return connectFrames(t) == 0 })
	}
	run(0)
	waitSpare(t, c)
	base := snapshot(t)
	began := time.Now()
	for i := range preloads {
		run(i)
	}
	t.Logf("%d preloads in %v", preloads, time.Since(began))
	c.Prefetch() // the spare, which the last Close took away
	waitSpare(t, c)
	base.leftNothing(t, fmt.Sprintf("%d preloads", preloads), wait)
}

// TestPreloadSleepsWhileThePageIsHidden: once the page has been hidden for
// hiddenDrop the hidden iframe goes; when the page shows again it comes
// back, and a flow shows it.
func TestPreloadSleepsWhileThePageIsHidden(t *testing.T) {
	defer func(d time.Duration) { hiddenDrop = d }(hiddenDrop)
	hiddenDrop = 20 * time.Millisecond
	c := newClient(t, Config{})
	mustPreload(t, c, Options{App: "slack"})
	setVisibility := func(state string) {
		eval(t, `Object.defineProperty(document, "visibilityState", {value: `+jsString(state)+`, configurable: true});
			document.dispatchEvent(new Event("visibilitychange"))`)
	}
	defer eval(t, `delete document.visibilityState`)
	setVisibility("hidden")
	waitFor(t, "the preload to go while the page is hidden", func() bool { return connectFrames(t) == 0 })
	setVisibility("visible")
	waitFor(t, "the preload to come back", func() bool {
		return connectFrames(t) == 1 && evalBool(t, frameJS+`.contentDocument && `+frameJS+`.contentDocument.readyState === "complete"`)
	})
	r := start(t, c, Options{App: "slack"})
	waitFor(t, "the iframe shown", func() bool { return evalString(t, hiddenStateJS) == "shown" })
	c.Close()
	r.untilClose(t)
}
