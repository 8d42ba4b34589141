//go:build js && wasm

package connect

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// TestIframeAsTheOfficialClientMakesIt: one iframe in document.body with the
// official id, title, size, style and src, which takes the focus once it
// has loaded.
func TestIframeAsTheOfficialClientMakesIt(t *testing.T) {
	c := newClient(t, Config{Token: "ctok_config"})
	start(t, c, Options{
		App: "google_sheets", OAuthAppID: "oa_1", AppOverrideID: "ov_1", AccountID: "apn_9",
		HideClose: true, OAuthScopeProfile: "read only", CustomOAuthClient: true, Token: "ctok_abc",
	})
	got := evalString(t, `JSON.stringify((() => {
		const f = `+frameJS+`, s = getComputedStyle(f);
		return {
			inBody: f.parentElement === document.body,
			attrs: f.getAttributeNames().sort(),
			id: f.id, title: f.title, width: f.getAttribute("width"), height: f.getAttribute("height"),
			style: f.style.cssText, src: f.getAttribute("src"),
			position: s.position, zIndex: s.zIndex,
		};
	})())`)
	want := `{"inBody":true,"attrs":["height","id","src","style","title","width"],` +
		`"id":"pipedream-connect-iframe-0","title":"Pipedream Connect","width":"100%","height":"100%",` +
		`"style":"` + cssText(t, "position:fixed;inset:0;z-index:2147483647;border:0;display:block;overflow:hidden auto") + `",` +
		`"src":"` + pageOrigin(t) + `/_static/connect.html?token=ctok_abc&app=google_sheets&oauthAppId=oa_1` +
		`&appOverrideId=ov_1&accountId=apn_9&hideClose=true&oauthScopeProfile=read+only&customOauthClient=true",` +
		`"position":"fixed","zIndex":"2147483647"}`
	if got != want {
		t.Errorf("iframe\n got %s\nwant %s", got, want)
	}
	waitFor(t, "the loaded iframe to take the focus", func() bool { return evalBool(t, "document.activeElement === "+frameJS) })
	if n := allFrames(t); n != 1 {
		t.Errorf("%d iframes on the page, want 1", n)
	}
}

// cssText is style as the browser serializes it.
func cssText(t *testing.T, style string) string {
	return evalString(t, `(() => { const d = document.createElement("div"); d.style.cssText = `+jsString(style)+`; return d.style.cssText })()`)
}

// TestIframeIDsCountUpPerClient: N in pipedream-connect-iframe-N counts the
// iframes each client made, from 0, as the official client's does.
func TestIframeIDsCountUpPerClient(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	tokens := NewTokens(TokenFunc(func(context.Context) (Token, error) {
		if fail.Load() {
			return Token{}, errors.New("offline")
		}
		return Token{Token: "ctok_1"}, nil
	}))

	a := newClient(t, Config{Tokens: tokens})
	b := newClient(t, Config{})
	var ids []string
	open := func(c *Client) {
		t.Helper()
		r := start(t, c, Options{App: "slack"})
		ids = append(ids, evalString(t, frameJS+".id"))
		c.Close()
		r.untilClose(t)
	}
	if err := a.ConnectAccount(context.Background(), Options{App: "slack"}); code(err) != CodeTokenFetchFailed {
		t.Fatalf("ConnectAccount with a failing token source = %v", err)
	}
	fail.Store(false)
	open(a)
	open(a)
	open(b)
	open(a)
	equal(t, "ids", ids, []string{
		"pipedream-connect-iframe-0", "pipedream-connect-iframe-1",
		"pipedream-connect-iframe-0", "pipedream-connect-iframe-2",
	})
}

// TestFormEncodeAsURLSearchParams checks the Go encoding of the query
// against the browser's URLSearchParams, byte for byte, on every ASCII
// character, non-ASCII text and invalid UTF-8.
func TestFormEncodeAsURLSearchParams(t *testing.T) {
	values := []string{"", "ctok_abc-123.XYZ", "a b+c&d=e/f?g#h%i", "*~!'()", "é ü 中文 😀", "\x00\x1f\x7f", "bad \xff\xfe utf8"}
	var all []byte
	for c := 0; c < 128; c++ {
		all = append(all, byte(c))
	}
	values = append(values, string(all))
	for _, v := range values {
		var b strings.Builder
		formEncode(&b, v)
		// The value crosses to JavaScript as any Go string does.
		if err := safejs.Global().Set("__formValue", v); err != nil {
			t.Fatal(err)
		}
		want := evalString(t, `new URLSearchParams([["v", __formValue]]).toString().slice(2)`)
		if got := b.String(); got != want {
			t.Errorf("formEncode(%q) = %s, URLSearchParams: %s", v, got, want)
		}
	}
}

// TestNewClient: the frontend URL's origin is the only one accepted; a URL
// without an http(s) origin is refused.
func TestNewClient(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "https://pipedream.com",
		"http://localhost:3001/":    "http://localhost:3001",
		"https://PipeDream.com:443": "https://pipedream.com",
		"https://u@example.com/x/":  "https://example.com",
	} {
		c, err := NewClient(Config{FrontendURL: in})
		if err != nil || c.Origin() != want {
			t.Errorf("NewClient(%q): origin %v, %v; want %s", in, c.Origin(), err, want)
		}
		if c != nil {
			closeAtEnd(t, c)
		}
	}
	for _, in := range []string{"/relative", "localhost:3001", "javascript:alert(1)", "data:text/html,x", "not a URL"} {
		if _, err := NewClient(Config{FrontendURL: in}); code(err) != CodeInvalidOptions {
			t.Errorf("NewClient(%q) err = %v, want invalid_options", in, err)
		}
	}
}

// TestNoBody: without document.body the flow does not start
// (iframe_load_failed) and leaves no listener; the client stays usable.
func TestNoBody(t *testing.T) {
	base := listeners(t)
	c := newClient(t, Config{})
	eval(t, "globalThis.savedBody = document.body; savedBody.remove()")
	err := c.ConnectAccount(context.Background(), Options{App: "slack"})
	eval(t, "document.documentElement.append(savedBody)")
	if code(err) != CodeIframeLoadFailed {
		t.Errorf("err = %v, want iframe_load_failed", err)
	}
	if n := listeners(t); n != base {
		t.Errorf("%d message listeners, want %d", n, base)
	}
	r := start(t, c, Options{App: "slack"})
	post(t, closeMsg)
	equal(t, "callbacks", r.untilClose(t), []string{notClosed})
}

// TestSpareIframeInThePage: after NewClient the page holds the client's
// spare iframe, hidden and blank: no src (nothing fetched, no token
// spent), not displayed (no layout, no scrollbar), inert, aria-hidden and
// out of the focus order. A click turns that very element into the flow's
// iframe, on the hosted page, creating no element and adding no history
// entry; each flow's end puts a new spare in the page.
func TestSpareIframeInThePage(t *testing.T) {
	eval(t, `globalThis.scrollSize = () => document.documentElement.scrollWidth + "x" + document.documentElement.scrollHeight`)
	before := evalString(t, "scrollSize()")
	c := newClient(t, Config{})
	equal(t, "iframes after NewClient", frames(t), []string{"spare"})
	if got := evalString(t, "scrollSize()"); got != before {
		t.Errorf("the page's scroll size went from %s to %s", before, got)
	}
	if got := evalString(t, `JSON.stringify(document.querySelector("iframe").getBoundingClientRect())`); got != `{"x":0,"y":0,"width":0,"height":0,"top":0,"right":0,"bottom":0,"left":0}` {
		t.Errorf("the spare takes room: %s", got)
	}
	eval(t, `(() => {
		globalThis.created = [];
		const orig = Document.prototype.createElement;
		globalThis.restoreCreate = () => { Document.prototype.createElement = orig; };
		Document.prototype.createElement = function (tag, ...rest) { created.push(tag); return orig.call(this, tag, ...rest); };
	})()`)
	defer eval(t, "restoreCreate()")
	for i := range 2 {
		eval(t, `globalThis.spare = document.querySelector("iframe"); globalThis.historyLength = history.length; created.length = 0`)
		r := start(t, c, Options{App: "slack"})
		if got := evalString(t, "created.join()"); got != "" {
			t.Errorf("flow %d: ConnectAccount created %q", i, got)
		}
		if !evalBool(t, frameJS+" === spare") {
			t.Errorf("flow %d: the flow's iframe is not the spare", i)
		}
		equal(t, fmt.Sprintf("flow %d: iframes", i), frames(t), []string{fmt.Sprintf("pipedream-connect-iframe-%d", i)})
		if got := evalString(t, `spare.getAttributeNames().sort() + " " + spare.style.display`); got != "height,id,src,style,title,width block" {
			t.Errorf("flow %d: the shown spare's attributes and display: %s", i, got)
		}
		waitLoaded(t)
		waitFor(t, "the loaded iframe to take the focus", func() bool { return evalBool(t, "document.activeElement === spare") })
		if n := evalInt(t, "history.length - historyLength"); n != 0 {
			t.Errorf("flow %d: %d more history entries", i, n)
		}
		post(t, closeMsg)
		r.untilClose(t)
		waitSpare(t, c)
		if evalBool(t, `document.querySelector("iframe") === spare`) {
			t.Errorf("flow %d: the spare after the flow is its iframe again", i)
		}
		equal(t, fmt.Sprintf("after flow %d: iframes", i), frames(t), []string{"spare"})
	}
}

// TestCloseTakesTheSpareAway: Close leaves no iframe, and none comes back on
// its own (nor with a preload); a flow after Close makes its iframe and
// leaves a spare as it ends, and Prefetch brings it back.
func TestCloseTakesTheSpareAway(t *testing.T) {
	c := newClient(t, Config{})
	gone := func(what string) {
		t.Helper()
		c.Close()
		waitFor(t, "no iframe after Close", func() bool { return allFrames(t) == 0 })
		// A while later, after the tasks the client had planned.
		if _, err := jsutil.Await(context.Background(), eval(t, `new Promise(resolve => setTimeout(resolve, 20))`)); err != nil {
			t.Fatal(err)
		}
		equal(t, "iframes a while after Close "+what, frames(t), nil)
	}
	gone("with a spare")
	r := start(t, c, Options{App: "slack"})
	equal(t, "iframes with a flow after Close", frames(t), []string{"pipedream-connect-iframe-0"})
	gone("with a flow open")
	r.untilClose(t)
	r = start(t, c, Options{App: "slack"})
	post(t, closeMsg)
	r.untilClose(t)
	waitSpare(t, c)
	gone("after a flow")
	c.Prefetch()
	waitSpare(t, c)
	gone("after Prefetch")
	mustPreload(t, c, Options{App: "slack"})
	equal(t, "iframes with a preload after Close", frames(t), []string{"pipedream-connect-iframe-2"})
	gone("after Preload")
}

// TestBlankLoadIsNotTheHostedPages: a load event while the flow's iframe
// still holds the spare's blank document (as a browser that loads the blank
// document late would send it) is not the hosted page's: the focus stays
// until that has loaded.
func TestBlankLoadIsNotTheHostedPages(t *testing.T) {
	c := newClient(t, Config{})
	eval(t, `document.body.insertAdjacentHTML("beforeend", "<button id=before>b</button>"); document.getElementById("before").focus()`)
	defer eval(t, `document.getElementById("before").remove()`)
	r := start(t, c, Options{App: "slack"})
	// In the click's task still: the hosted page comes in a later one.
	eval(t, frameJS+`.dispatchEvent(new Event("load"))`)
	if got := evalString(t, frameJS+".contentDocument.URL + ' ' + document.activeElement.id"); got != "about:blank before" {
		t.Errorf("after the blank document's load: %s, want the blank document and the focus kept", got)
	}
	c.mu.Lock()
	loaded := c.flow.loaded
	c.mu.Unlock()
	if loaded {
		t.Error("the flow took the blank document's load for the hosted page's")
	}
	waitLoaded(t)
	waitFor(t, "the loaded iframe to take the focus", func() bool { return evalBool(t, "document.activeElement === "+frameJS) })
	post(t, closeMsg)
	r.untilClose(t)
}

// TestClickMakesNoFuncOrGoroutine: with the spare frame ready, a
// ConnectAccount with its token at hand makes no js.Func (a flow shares
// the listener made ahead; the Close button's task too) and starts no
// goroutine (the flow's context is watched with context.AfterFunc): each
// would cost the click's task.
func TestClickMakesNoFuncOrGoroutine(t *testing.T) {
	c := newClient(t, Config{})
	waitFor(t, "the spare frame", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.spare != nil
	})
	eval(t, `(() => {
		globalThis.funcsMade = 0;
		const orig = Go.prototype._makeFuncWrapper;
		globalThis.restoreFuncs = () => { Go.prototype._makeFuncWrapper = orig; };
		Go.prototype._makeFuncWrapper = function (...args) { funcsMade++; return orig.apply(this, args); };
	})()`)
	defer eval(t, "restoreFuncs()")
	before := runtime.NumGoroutine()
	r := start(t, c, Options{App: "slack"})
	after := runtime.NumGoroutine()
	// Read at once: eval waits on a promise, which makes js.Funcs.
	made, err := safejs.Global().Get("funcsMade")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := made.Int(); n != 0 {
		t.Errorf("ConnectAccount made %d js.Funcs", n)
	}
	if after != before {
		t.Errorf("%d goroutines after ConnectAccount, %d before", after, before)
	}
	c.Close()
	r.untilClose(t)
}

// TestSpareReadyWhenTheFlowEnds: the next flow's frame is made as the flow
// ends, not in a task after: a click soon after (Chromium runs input before
// timers) finds it, not yet in the page, and adds it as it shows it; else
// it goes in the page in a task of its own.
func TestSpareReadyWhenTheFlowEnds(t *testing.T) {
	c := newClient(t, Config{})
	r := start(t, c, Options{App: "slack"})
	c.mu.Lock()
	f, spare := c.flow, c.spare
	c.mu.Unlock()
	if spare != nil {
		t.Fatal("the flow left the spare frame")
	}
	f.end(false) // in this task, as a close message's handler does
	c.mu.Lock()
	spare = c.spare
	c.mu.Unlock()
	if spare == nil {
		t.Fatal("no spare frame once the flow ended")
	}
	r2 := start(t, c, Options{App: "github"}) // in this task still
	r.untilClose(t)
	equal(t, "iframes", frames(t), []string{"pipedream-connect-iframe-1"})
	if got, want := evalString(t, frameJS+".src"), pageOrigin(t)+"/_static/connect.html?token=ctok_test&app=github"; got != want {
		t.Errorf("iframe src %s, want %s", got, want)
	}
	post(t, closeMsg)
	r2.untilClose(t)
	waitSpare(t, c)
	equal(t, "iframes after", frames(t), []string{"spare"})
}

// TestEndedBeforeTheAppend: a flow that found no spare in the page appends
// its iframe once the JavaScript that called ConnectAccount returns; a flow
// ended before then leaves none.
func TestEndedBeforeTheAppend(t *testing.T) {
	c, err := NewClient(Config{FrontendURL: pageOrigin(t), Token: "ctok_test"})
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, c)
	r := newRecorder()
	if err := c.ConnectAccount(context.Background(), r.opts(Options{App: "slack"})); err != nil {
		t.Fatal(err)
	}
	c.Close()
	equal(t, "callbacks", r.untilClose(t), []string{cancelledSt})
	if n := allFrames(t); n != 0 {
		t.Errorf("%d iframes after the flow ended, want 0", n)
	}
}
