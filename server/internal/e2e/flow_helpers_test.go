package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pdconnect/server/internal/browsertest"
	"pdconnect/server/pipedream"
)

// connectIframeSel selects the hosted flow's iframe in the PWA.
const connectIframeSel = "iframe[id^=pipedream-connect-iframe-]"

// connectIframeGoneJS is true when no hosted flow's iframe is on the page.
const connectIframeGoneJS = `!document.querySelector("` + connectIframeSel + `")`

// openPWACounting is openPWA that also counts the page's token requests
// (POST /api/connect/token) from the first navigation on.
func openPWACounting(t *testing.T, s *pwaStack) (context.Context, *atomic.Int32) {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute)
	var n atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok &&
			r.Request.Method == "POST" && r.Request.URL == s.URL+"/api/connect/token" {
			n.Add(1)
		}
	})
	run(t, ctx, network.Enable(), chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	return ctx, &n
}

// waitUntil polls ok until it is true, for at most 30 s.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// hostedPage drives the sandbox's hosted Connect page: in the PWA's iframe,
// or as the top page of its own tab (a Connect Link).
type hostedPage struct {
	t      *testing.T
	ctx    context.Context
	origin string // the sandbox's origin
	top    bool   // the page is the tab's top document
}

// hostedInFrame drives the hosted page in the tab's Connect iframe.
func hostedInFrame(t *testing.T, ctx context.Context, s *pwaStack) hostedPage {
	return hostedPage{t: t, ctx: ctx, origin: s.SandboxURL}
}

// errNoFrame says the hosted page's frame is not (yet) there.
var errNoFrame = errors.New("no hosted Connect frame")

// eval evaluates expr in the hosted page and stores its value in res. In
// an iframe, it runs in an isolated world of the frame: the page's DOM, not
// the PWA's, and unaffected by the cross-origin boundary.
func (h hostedPage) eval(expr string, res any) error {
	if h.top {
		return chromedp.Run(h.ctx, chromedp.Evaluate(expr, res, awaitPromise))
	}
	return chromedp.Run(h.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		var frame *cdp.Frame
		for _, c := range tree.ChildFrames {
			if strings.HasPrefix(c.Frame.URL, h.origin+"/") {
				frame = c.Frame
			}
		}
		if frame == nil {
			return errNoFrame
		}
		world, err := page.CreateIsolatedWorld(frame.ID).WithWorldName("e2e").Do(ctx)
		if err != nil {
			return err
		}
		v, exc, err := runtime.Evaluate(expr).WithContextID(world).WithReturnByValue(true).WithAwaitPromise(true).Do(ctx)
		switch {
		case err != nil:
			return err
		case exc != nil:
			return fmt.Errorf("hosted page: %s", exc.Text+describeException(exc))
		case res == nil:
			return nil
		}
		return json.Unmarshal(v.Value, res)
	}))
}

func describeException(exc *runtime.ExceptionDetails) string {
	if exc.Exception != nil {
		return " " + exc.Exception.Description
	}
	return ""
}

// text is the hosted page's visible text.
func (h hostedPage) text() string {
	var s string
	if err := h.eval(`document.body ? document.body.innerText : ""`, &s); err != nil {
		h.t.Fatal(err)
	}
	return s
}

// wait polls a JavaScript expression in the hosted page until it is true,
// for at most 30 s.
func (h hostedPage) wait(expr, what string) {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		err := h.eval(expr, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var body string
			h.eval(`document.body ? document.body.innerText : ""`, &body)
			h.t.Fatalf("timed out waiting for %s in the hosted page (last error %v); its text:\n%s", what, err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the hosted page's text contains want.
func (h hostedPage) waitText(want string) {
	h.t.Helper()
	h.wait(fmt.Sprintf(`!!document.body && document.body.innerText.includes(%s)`, jsString(want)), fmt.Sprintf("the text %q", want))
}

// controlJS finds the enabled, visible button (or submit input) whose
// accessible name begins with name.
func controlJS(name string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("button, input[type=submit], [role=button]")].find(b => {
		const n = (b.getAttribute("aria-label") || b.innerText || b.value || "").trim();
		return n.startsWith(%s) && !b.disabled && b.getClientRects().length > 0 })`, jsString(name))
}

// press waits for the button whose accessible name begins with name and
// clicks it.
func (h hostedPage) press(name string) {
	h.t.Helper()
	h.wait("!!"+controlJS(name), fmt.Sprintf("a button %q", name))
	if err := h.eval(controlJS(name)+".click()", nil); err != nil {
		h.t.Fatal(err)
	}
}

// fieldJS finds the form control labelled label (the label's text begins
// with it).
func fieldJS(label string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("label")].find(l => l.innerText.trim().startsWith(%s))?.control`, jsString(label))
}

// fill types value into the control labelled label, as a user would.
func (h hostedPage) fill(label, value string) {
	h.t.Helper()
	h.wait("!!"+fieldJS(label), fmt.Sprintf("a field labelled %q", label))
	js := fmt.Sprintf(`(() => { const f = %s; f.focus(); f.value = %s;
		f.dispatchEvent(new Event("input", {bubbles: true})); f.dispatchEvent(new Event("change", {bubbles: true})) })()`,
		fieldJS(label), jsString(value))
	if err := h.eval(js, nil); err != nil {
		h.t.Fatal(err)
	}
}

// pwaEvent is one entry of the PWA's event log.
type pwaEvent struct {
	Name    string
	Payload string
}

// pwaEventLog reads the PWA's event log, oldest first.
func pwaEventLog(t *testing.T, ctx context.Context) []pwaEvent {
	t.Helper()
	var evs []pwaEvent
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#event-log li")].map(li => ({
		Name: li.querySelector(".event-name").innerText.trim(), Payload: li.querySelector(".event-payload").innerText.trim() }))`, &evs))
	return evs
}

// waitPWAEvents waits until the event log holds n entries and returns them.
func waitPWAEvents(t *testing.T, ctx context.Context, n int) []pwaEvent {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`document.querySelectorAll("#event-log li").length >= %d`, n), fmt.Sprintf("%d events in the log", n))
	return pwaEventLog(t, ctx)
}

// successID returns the account id of an onSuccess event, failing the test
// when ev is another event or has no apn_ id.
func successID(t *testing.T, ev pwaEvent) string {
	t.Helper()
	var p struct{ ID string }
	if ev.Name != "onSuccess" || json.Unmarshal([]byte(ev.Payload), &p) != nil || !strings.HasPrefix(p.ID, "apn_") {
		t.Fatalf("event %+v is not onSuccess with an account id", ev)
	}
	return p.ID
}

// wantClose checks that ev is onClose with the given status.
func wantClose(t *testing.T, ev pwaEvent, successful, completed bool) {
	t.Helper()
	want := fmt.Sprintf(`{"successful":%t,"completed":%t}`, successful, completed)
	if ev.Name != "onClose" || ev.Payload != want {
		t.Errorf("event %+v, want onClose %s", ev, want)
	}
}

// chooseApp picks app in the picker's first page and waits for the Connect
// button to name it.
func chooseApp(t *testing.T, ctx context.Context, slug, name string) {
	t.Helper()
	waitJS(t, ctx, `!!document.getElementById("app-option-`+slug+`")`, "the "+slug+" option")
	click(t, ctx, "#app-option-"+slug)
	waitText(t, ctx, "#connect-button", "Connect "+name)
}

// openConnectFlow presses the Connect button and waits for the hosted page's
// iframe; it returns the iframe's src.
func openConnectFlow(t *testing.T, ctx context.Context, s *pwaStack, name string) string {
	t.Helper()
	clickButton(t, ctx, "Connect "+name)
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	var src string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("`+connectIframeSel+`").src`, &src))
	if !strings.HasPrefix(src, s.SandboxURL+"/_static/connect.html?") || !strings.Contains(src, "token=ctok_") {
		t.Errorf("iframe src = %q", src)
	}
	return src
}

// connectOAuthInPWA connects an OAuth app through the iframe: Connect,
// Continue, Allow, Close. It returns the account id reported.
func connectOAuthInPWA(t *testing.T, ctx context.Context, s *pwaStack, slug, name string) string {
	t.Helper()
	chooseApp(t, ctx, slug, name)
	before := len(pwaEventLog(t, ctx))
	openConnectFlow(t, ctx, s, name)
	h := hostedInFrame(t, ctx, s)
	h.press("Continue")
	h.press("Allow")
	return finishSuccess(t, ctx, h, before)
}

// finishSuccess waits for the hosted page to report success (event number
// n of the log), closes it, and checks onClose and that the iframe went.
// It returns the account id reported.
func finishSuccess(t *testing.T, ctx context.Context, h hostedPage, n int) string {
	t.Helper()
	id := successID(t, waitPWAEvents(t, ctx, n+1)[n])
	h.waitText("Connected")
	h.press("Close")
	wantClose(t, waitPWAEvents(t, ctx, n+2)[n+1], true, true)
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	return id
}

// sandboxAccount gets an account from the sandbox, failing the test when it
// is missing.
func sandboxAccount(t *testing.T, s *pwaStack, id string, credentials bool) pipedream.Account {
	t.Helper()
	a, err := s.PD.GetAccount(context.Background(), id, credentials)
	if err != nil {
		t.Fatalf("account %s in the sandbox: %v", id, err)
	}
	return a
}

// sandboxAccounts lists the user's accounts in the sandbox.
func sandboxAccounts(t *testing.T, s *pwaStack, user string) []pipedream.Account {
	t.Helper()
	l, err := s.PD.ListAccounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: user})
	if err != nil {
		t.Fatal(err)
	}
	return l.Data
}
