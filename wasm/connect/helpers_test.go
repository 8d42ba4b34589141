//go:build js && wasm

package connect

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// The tests run in the page wasmbrowsertest serves: a FrontendURL on the
// page's own origin loads the "hosted page" from that server (an empty
// document), so a test can reach into the iframe and post messages from its
// window as the hosted page would.

// instruments counts window's live 'message' listeners (wrapping
// addEventListener and removeEventListener) and logs where each message
// event the page receives came from: its origin, and whether its source is
// the Connect iframe's window or the page's.
const instruments = `(() => {
	globalThis.messageLog = [];
	window.addEventListener("message", e => {
		const frame = ` + frameJS + `;
		messageLog.push({
			origin: e.origin,
			fromFrame: !!frame && e.source === frame.contentWindow,
			fromPage: e.source === window,
		});
	});
	const live = new Set();
	const add = window.addEventListener, remove = window.removeEventListener;
	window.addEventListener = function (type, fn, opts) {
		if (type === "message") live.add(fn);
		return add.call(this, type, fn, opts);
	};
	window.removeEventListener = function (type, fn, opts) {
		if (type === "message") live.delete(fn);
		return remove.call(this, type, fn, opts);
	};
	globalThis.messageListeners = () => live.size;
})()`

func TestMain(m *testing.M) {
	if _, err := safejs.Global().Call("eval", instruments); err != nil {
		fmt.Println("install the instruments:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// eval evaluates JavaScript code in the page as a script of the page sees
// it: after what the Go side queued for the end of the JavaScript that
// called it (a flow's iframe is appended then: see appendSoon).
func eval(t testing.TB, code string) safejs.Value {
	t.Helper()
	settle(t)
	v, err := safejs.Global().Call("eval", code)
	if err != nil {
		t.Fatalf("eval %s: %v", code, err)
	}
	return v
}

// settle lets the page run the microtasks queued so far: it waits for a
// promise resolved now.
func settle(t testing.TB) {
	t.Helper()
	p, err := safejs.Global().Get("Promise")
	if err == nil {
		p, err = p.Call("resolve")
	}
	if err == nil {
		_, err = jsutil.Await(context.Background(), p)
	}
	if err != nil {
		t.Fatalf("settle: %v", err)
	}
}

// evalString evaluates code to a string (String(value)).
func evalString(t testing.TB, code string) string {
	t.Helper()
	s, err := eval(t, "String("+code+")").String()
	if err != nil {
		t.Fatalf("eval %s: %v", code, err)
	}
	return s
}

// evalInt evaluates code to a number.
func evalInt(t testing.TB, code string) int {
	t.Helper()
	n, err := eval(t, "Number("+code+")").Int()
	if err != nil {
		t.Fatalf("eval %s: %v", code, err)
	}
	return n
}

// evalBool evaluates code to a boolean.
func evalBool(t testing.TB, code string) bool {
	t.Helper()
	b, err := eval(t, "Boolean("+code+")").Bool()
	if err != nil {
		t.Fatalf("eval %s: %v", code, err)
	}
	return b
}

// frameJS is the JavaScript for the (first) Connect iframe on the page.
const frameJS = `document.querySelector('iframe[id^="pipedream-connect-iframe-"]')`

// connectFrames counts the Connect iframes on the page; allFrames, every iframe.
func connectFrames(t testing.TB) int {
	return evalInt(t, `document.querySelectorAll('iframe[id^="pipedream-connect-iframe-"]').length`)
}

func allFrames(t testing.TB) int { return evalInt(t, `document.querySelectorAll("iframe").length`) }

// spareJS is true for an iframe that is a client's spare: in document.body,
// blank (no src, id or title, its document about:blank), not displayed,
// inert, aria-hidden and out of the focus order.
const spareJS = `((f) => f.parentElement === document.body && !f.hasAttribute("src") && !f.id && !f.title &&
	f.contentDocument && f.contentDocument.URL === "about:blank" && getComputedStyle(f).display === "none" &&
	f.inert && f.getAttribute("aria-hidden") === "true" && f.tabIndex === -1)`

// frames describes the page's iframes in order: "spare" for a client's
// spare (see spareJS), else the iframe's id.
func frames(t testing.TB) []string {
	s := evalString(t, `[...document.querySelectorAll("iframe")].map(f => `+spareJS+`(f) ? "spare" : f.id || "?").join()`)
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// waitSpare waits until c's spare iframe is in the page.
func waitSpare(t testing.TB, c *Client) {
	t.Helper()
	waitFor(t, "the spare iframe in the page", func() bool {
		c.mu.Lock()
		fr := c.spare
		c.mu.Unlock()
		if fr == nil {
			return false
		}
		ok, err := fr.iframe.Get("isConnected")
		if err != nil {
			return false
		}
		b, _ := ok.Bool()
		return b
	})
}

// listeners counts window's live 'message' listeners.
func listeners(t testing.TB) int { return evalInt(t, "messageListeners()") }

// post makes the Connect iframe's window post data (a JavaScript
// expression) to the page, as the hosted page does: once the hosted page is
// the iframe's document (a spare's blank document has a window of its own,
// which the hosted page's does not reuse).
func post(t testing.TB, data string) {
	t.Helper()
	waitFor(t, "the hosted page in the iframe", func() bool {
		return evalBool(t, `(() => { const f = `+frameJS+`;
			return !!f && f.contentWindow.location.pathname === "/_static/connect.html" })()`)
	})
	postFrom(t, frameJS+".contentWindow", data)
}

// postFrom makes window win (a JavaScript expression) post data to the page:
// the script runs in win's realm, so the event's source is win and its
// origin win's.
func postFrom(t testing.TB, win, data string) {
	t.Helper()
	eval(t, win+`.eval("parent.postMessage(" + `+jsString(data)+` + ", '*')")`)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// waitLoaded waits until the Connect iframe shows the hosted page.
func waitLoaded(t testing.TB) {
	t.Helper()
	waitFor(t, "the iframe to load", func() bool {
		return evalBool(t, `(() => { const f = `+frameJS+`;
			return f && f.contentWindow.location.pathname === "/_static/connect.html" &&
				f.contentDocument.readyState === "complete" })()`)
	})
}

// waitSeen waits until the page has received n message events in all.
func waitSeen(t testing.TB, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d message events", n), func() bool { return evalInt(t, "messageLog.length") >= n })
}

// pageOrigin is the test page's origin.
func pageOrigin(t testing.TB) string { return evalString(t, "location.origin") }

// newClient returns a client for the hosted page on the test page's origin
// with a fixed token unless cfg says otherwise, once its spare iframe is in
// the page (as a page's click comes long after NewClient), and checks when
// the test ends that Close leaves no iframe behind, the spare included.
func newClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	if cfg.FrontendURL == "" {
		cfg.FrontendURL = pageOrigin(t)
	}
	if cfg.Token == "" && cfg.Tokens == nil {
		cfg.Token = "ctok_test"
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, c)
	waitSpare(t, c)
	return c
}

// closeAtEnd closes c when the test ends and checks that no iframe is left.
func closeAtEnd(t testing.TB, c *Client) {
	t.Cleanup(func() {
		c.Close()
		waitFor(t, "no iframe", func() bool { return allFrames(t) == 0 })
	})
}

// Messages and OnClose logs the tests use often.
const (
	closeMsg    = `{type:"close"}`
	notClosed   = "close {Successful:false Completed:false Cancelled:false}"
	cancelledSt = "close {Successful:false Completed:false Cancelled:true}"
)

// start opens a flow on c that logs to a new recorder.
func start(t testing.TB, c *Client, o Options) recorder {
	t.Helper()
	r := newRecorder()
	if err := c.ConnectAccount(context.Background(), r.opts(o)); err != nil {
		t.Fatalf("ConnectAccount: %v", err)
	}
	return r
}

// connectResult is what Client.Connect returned.
type connectResult struct {
	s   Success
	err error
}

// recorder logs a flow's callbacks, in order, as strings.
type recorder chan string

func newRecorder() recorder { return make(recorder, 100) }

// opts returns o with callbacks that log to r.
func (r recorder) opts(o Options) Options {
	o.OnSuccess = func(s Success) { r <- "success " + s.ID }
	o.OnError = func(err error) { r <- "error " + describe(err) }
	o.OnClose = func(st CloseStatus) { r <- fmt.Sprintf("close %+v", st) }
	return o
}

// untilClose returns the callbacks logged up to and including OnClose.
func (r recorder) untilClose(t testing.TB) []string {
	t.Helper()
	var got []string
	timeout := time.After(wait)
	for {
		select {
		case s := <-r:
			got = append(got, s)
			if strings.HasPrefix(s, "close ") {
				return got
			}
		case <-timeout:
			t.Fatalf("no OnClose; callbacks so far: %q", got)
		}
	}
}

// quiet fails the test if r logs anything within a short while.
func (r recorder) quiet(t testing.TB) {
	t.Helper()
	select {
	case s := <-r:
		t.Errorf("unexpected callback %q", s)
	case <-time.After(50 * time.Millisecond):
	}
}

// pageState is what flows and preloads may leave behind in the page: its
// elements, its message listeners and the goroutines.
type pageState struct{ elements, listeners, goroutines int }

// snapshot is the page's state now, after a garbage collection.
func snapshot(t *testing.T) pageState {
	t.Helper()
	runtime.GC()
	return pageState{evalInt(t, "document.querySelectorAll('*').length"), listeners(t), runtime.NumGoroutine()}
}

// leftNothing fails t when the page holds more than base did after what;
// goroutines get until wait to end.
func (base pageState) leftNothing(t *testing.T, what string, wait time.Duration) {
	t.Helper()
	if n := evalInt(t, "document.querySelectorAll('*').length"); n != base.elements {
		t.Errorf("%d elements after %s, %d before", n, what, base.elements)
	}
	if n := listeners(t); n != base.listeners {
		t.Errorf("%d message listeners after %s, %d before", n, what, base.listeners)
	}
	for deadline := time.Now().Add(wait); runtime.NumGoroutine() > base.goroutines && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base.goroutines {
		t.Errorf("%d goroutines after %s, %d before", n, what, base.goroutines)
	}
}
