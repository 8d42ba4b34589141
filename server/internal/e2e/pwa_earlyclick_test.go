package e2e

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// TestPWAKeepsAnEarlyClick: a person clicks Connect on the prerendered
// page, with the mouse, before the app runs (the test holds the wasm's
// download until then, so the click is surely early); the click is not
// lost: once the app is up, the hosted page opens for the app it chose,
// with no other click.
func TestPWAKeepsAnEarlyClick(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 3*time.Minute)
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	chromedp.ListenTarget(ctx, func(ev any) {
		if ev, ok := ev.(*fetch.EventRequestPaused); ok {
			go func() {
				<-release
				chromedp.Run(ctx, fetch.ContinueRequest(ev.RequestID))
			}()
		}
	})
	run(t, ctx, fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*.wasm"}}),
		chromedp.ActionFunc(func(ctx context.Context) error { // no waiting for the load, which the held wasm holds
			_, _, _, _, err := page.Navigate(s.URL + "/").Do(ctx)
			return err
		}))
	at := waitShown(t, ctx, byID("connect-button"), "the prerendered Connect button")
	var early bool
	run(t, ctx, chromedp.Evaluate(`!!document.getElementById("app-wasm-loader") && document.getElementById("connect-button").disabled`, &early))
	if !early {
		t.Fatal("the page was not still prerendered when the test clicked")
	}
	run(t, ctx, chromedp.MouseClickXY(at.X, at.Y))
	waitJS(t, ctx, `document.documentElement.hasAttribute("data-early-click")`, "the page to note the early click")

	once.Do(func() { close(release) })
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe, opened by the early click")
	var app string
	run(t, ctx, chromedp.Evaluate(`new URL(document.querySelector("`+connectIframeSel+`").src).searchParams.get("app")`, &app))
	waitJS(t, ctx, `!document.documentElement.hasAttribute("data-early-click")`, "the early click's mark to go")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.waitText("Continue")
	if app == "" {
		t.Errorf("the flow opened for no app")
	}
	h.press("Close")
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	t.Logf("the early click opened the flow for %q", app)
}
