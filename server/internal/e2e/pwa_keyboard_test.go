package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestPWAByKeyboard uses the PWA with the keyboard alone, looking at each
// state: every Tab stop of the page shows; after Enter on Connect, and
// after each step of the flow, a control of the hosted page has the focus,
// its ring shown (on a key's error, the field in error); Escape closes the
// flow from inside the hosted page and from the client's own Close button,
// and the focus comes back to Connect.
func TestPWAByKeyboard(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "keyboard", desktop)
	waitText(t, ctx, ".accounts", "No accounts yet.")
	tabStopsShow(t, ctx)

	searchApps(t, ctx, "openai", "openai")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	waitText(t, ctx, "#connect-button", "Connect OpenAI")
	tabTo(t, ctx, "connect-button")
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.waitFocus(`document.activeElement.innerText.trim() === "Continue"`, "Continue")
	l.lookHosted("start", h)

	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	h.waitFocus(`document.activeElement.id === "f_api_key"`, "the API Key field")
	run(t, ctx, chromedp.KeyEvent(kb.Enter)) // no key: an error
	h.waitText("required")
	h.waitFocus(`document.activeElement.id === "f_api_key" && document.activeElement.getAttribute("aria-invalid") === "true"`, "the API Key field in error")
	l.lookHosted("key-error", h)

	// Escape inside the hosted page.
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, connectIframeGoneJS, "Escape to close the flow")
	wantClose(t, waitPWAEvents(t, ctx, 1)[0], false, false)
	waitJS(t, ctx, `document.activeElement.id === "connect-button" && document.activeElement.matches(":focus-visible")`, "the focus back on Connect")
	l.look("escaped")

	// Escape on the client's own Close button, reached by Tab past the
	// hosted page's controls once it is there (it comes in a task of its
	// own, after the iframe's).
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	h.waitFocus(`document.activeElement.innerText.trim() === "Continue"`, "Continue")
	waitJS(t, ctx, `!!document.querySelector("body > button[aria-label=Close]")`, "the client's Close button")
	run(t, ctx, chromedp.KeyEvent(kb.Tab))
	h.waitFocus(`document.activeElement.innerText.trim() === "Close"`, "the hosted page's Close")
	run(t, ctx, chromedp.KeyEvent(kb.Tab))
	waitJS(t, ctx, `document.activeElement.matches("body > button[aria-label=Close]")`, "the client's Close button focused")
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, connectIframeGoneJS, "Escape on the Close button to close the flow")
	wantClose(t, waitPWAEvents(t, ctx, 2)[1], false, false)
	waitJS(t, ctx, `document.activeElement.id === "connect-button"`, "the focus back on Connect")
}

// waitFocus waits until the hosted page has the focus on the element the
// expression is, its focus ring shown.
func (h *hostedPage) waitFocus(expr, what string) {
	h.t.Helper()
	h.wait(`document.hasFocus() && !!document.activeElement && document.activeElement !== document.body &&
		document.activeElement.matches(":focus-visible") && (`+expr+`)`, "the focus, shown, on "+what)
}

// tabTo presses Tab until the element of that id has the focus.
func tabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for range 40 {
		var ok bool
		run(t, ctx, chromedp.Evaluate(`document.activeElement && document.activeElement.id === `+jsString(id), &ok))
		if ok {
			return
		}
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("40 Tabs did not reach #%s", id)
}

// tabStopsShow tabs through the whole page from its start and fails the
// test for each Tab stop a person cannot see: no size, or out of sight.
func tabStopsShow(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true`, nil))
	seen := map[string]bool{}
	for range 80 {
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
		var stop struct {
			Name   string
			Shown  bool
			AtBody bool
		}
		run(t, ctx, chromedp.Evaluate(`(() => {
			const el = document.activeElement;
			if (!el || el === document.body) return {AtBody: true};
			const r = el.getBoundingClientRect();
			return {Name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.getAttribute("aria-label") || el.innerText || "").trim().slice(0, 30),
				Shown: r.width >= 1 && r.height >= 1 && getComputedStyle(el).visibility !== "hidden"};
		})()`, &stop))
		if stop.AtBody || seen[stop.Name] {
			if len(seen) < 5 {
				t.Fatalf("only %d Tab stops on the page", len(seen))
			}
			return
		}
		seen[stop.Name] = true
		if !stop.Shown {
			t.Errorf("a Tab stop a person cannot see: %s", stop.Name)
		}
	}
	t.Fatalf("80 Tabs did not go round the page (%d stops)", len(seen))
}
