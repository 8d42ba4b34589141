package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// readyJS is true once the PWA's wasm has taken over: go-app removed its
// loader and the session is known (the Connect button works).
const readyJS = `!document.getElementById("app-wasm-loader") &&
	!!document.querySelector("code.user-id") &&
	!document.getElementById("connect-button").disabled`

// openPWA opens the app in a fresh browser and waits until it is ready.
func openPWA(t *testing.T, s *pwaStack) context.Context {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	return ctx
}

// run runs chromedp actions, failing the test on error.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// waitJS polls a JavaScript expression until it is true, for at most 30 s.
func waitJS(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	poll(t, what, func() (ok bool, err error) {
		err = chromedp.Run(ctx, chromedp.Evaluate(expr, &ok))
		return ok, err
	}, func() string {
		var body string
		chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &body))
		return body
	})
}

// poll calls check until it reports true, for at most 30 s; then it fails
// the test with check's last error and, when pageText is not nil, the text
// of the page.
func poll(t *testing.T, what string, check func() (bool, error), pageText func() string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		ok, err := check()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			msg := "timed out waiting for " + what
			if err != nil {
				msg += fmt.Sprintf(" (last error %v)", err)
			}
			if pageText != nil {
				msg += "; page text:\n" + pageText()
			}
			t.Fatal(msg)
		}
	}
}

// text returns the trimmed innerText of the element matching sel, "" when
// there is none.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText.trim() : "" })()`, sel), &s))
	return s
}

// waitText waits until the element matching sel contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q) })()`, sel, want),
		fmt.Sprintf("%s to read %q", sel, want))
}

// click clicks, with the mouse, the element matching the CSS selector sel
// (see mouseClick).
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	mouseClick(t, ctx, fmt.Sprintf(`document.querySelector(%q)`, sel), sel)
}

// buttonByText is a JS expression finding the button whose text starts with s.
func buttonByText(s string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("button")].find(b => b.innerText.trim().startsWith(%q))`, s)
}

// clickButton clicks, with the mouse, the button whose text starts with s.
func clickButton(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	mouseClick(t, ctx, buttonByText(s), fmt.Sprintf("the button %q", s))
}

func contains(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%q lacks %q", got, want)
	}
}

// awaitPromise makes chromedp.Evaluate wait for a promise's value.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// grantClipboard lets pages of origin read and write the clipboard.
func grantClipboard(ctx context.Context, origin string) error {
	c := chromedp.FromContext(ctx)
	return browser.GrantPermissions([]browser.PermissionType{
		browser.PermissionTypeClipboardReadWrite, browser.PermissionTypeClipboardSanitizedWrite,
	}).WithOrigin(origin).Do(cdp.WithExecutor(ctx, c.Browser))
}
