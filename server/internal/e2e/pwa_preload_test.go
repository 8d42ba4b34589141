package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// waitPreloaded waits until the PWA has the hosted page of app loaded out of
// sight, and only that one.
func waitPreloaded(t *testing.T, ctx context.Context, h *hostedPage, app string) {
	t.Helper()
	waitJS(t, ctx, `(() => { const fs = document.querySelectorAll("`+preloadedIframeSel+`");
		return fs.length === 1 && new URL(fs[0].src).searchParams.get("app") === `+jsString(app)+` })()`, "the preloaded "+app+" page")
	h.poll("the preloaded page loaded", func() (bool, error) {
		fctx, frame, err := h.find(false)
		if err != nil {
			return false, nil
		}
		var ok bool
		err = evalIn(fctx, frame, `document.readyState === "complete" && location.search.includes("app=`+app+`")`, &ok)
		return ok, err
	})
}

// TestPWAPreloadsTheChosenApp: the PWA loads the chosen app's hosted page
// out of sight when idle (and another's when the choice changes), the
// Connect button shows that very iframe, focused, on the token it already
// had, and after the flow the next one is preloaded.
func TestPWAPreloadsTheChosenApp(t *testing.T) {
	s := startPWAStack(t)
	ctx, tokens := openPWACounting(t, s)
	h := newHostedPage(t, ctx, s.SandboxURL)
	chooseApp(t, ctx, "github", "GitHub")
	waitPreloaded(t, ctx, h, "github")
	chooseApp(t, ctx, "openai", "OpenAI")
	waitPreloaded(t, ctx, h, "openai")
	before := tokens.Load()

	run(t, ctx, chromedp.Evaluate(`window.preloaded = document.querySelector("`+preloadedIframeSel+`"); true`, nil))
	openConnectFlow(t, ctx, s, "OpenAI")
	waitJS(t, ctx, `document.querySelector("`+connectIframeSel+`") === window.preloaded`, "the preloaded iframe shown")
	waitJS(t, ctx, `document.activeElement === window.preloaded`, "the focus in the flow")
	if n := tokens.Load(); n != before {
		t.Errorf("the click fetched %d more tokens", n-before)
	}
	h.press("Continue")
	h.fill("API Key", "sk-preload12345")
	h.press("Continue")
	finishSuccess(t, ctx, h, 0)
	// After the flow, the next one waits out of sight, on a new token.
	waitPreloaded(t, ctx, h, "openai")
	waitJS(t, ctx, `document.querySelector("`+preloadedIframeSel+`") !== window.preloaded`, "a new preloaded iframe")
	if n := tokens.Load(); n <= before {
		t.Error("no new token for the next preload")
	}
}
