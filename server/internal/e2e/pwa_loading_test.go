package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// loaderWatchJS records, from the document's start, every text the
// loader's label shows (not the empty one of a label whose text the parser
// has yet to reach, which a busy machine lets an observer see) and, once the page's styles apply
// (DOMContentLoaded), whether anything in the loader is animated.
const loaderWatchJS = `window.__loader = {labels: [], animation: "", running: -1};
new MutationObserver(() => {
  const label = document.getElementById("app-wasm-loader-label");
  if (label && label.textContent && __loader.labels[__loader.labels.length - 1] !== label.textContent) __loader.labels.push(label.textContent);
}).observe(document, {childList: true, subtree: true, characterData: true});
addEventListener("DOMContentLoaded", () => {
  const loader = document.getElementById("app-wasm-loader");
  if (!loader) return;
  __loader.animation = getComputedStyle(document.getElementById("app-wasm-loader-icon")).animationName;
  __loader.running = document.getAnimations().filter((a) => loader.contains(a.effect && a.effect.target)).length;
});`

// TestPWALoadingState checks the loader a first visit shows while the wasm
// comes and compiles on the page's cores, so the loader must cost little:
// it says "Loading the app…" throughout (no percentage that changes with
// every chunk of the download) and nothing in it moves. The first-minute
// test looks at this state (layout, axe, screenshots).
func TestPWALoadingState(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 2*time.Minute)
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(loaderWatchJS).Do(ctx)
		return err
	}), chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	var got struct {
		Labels    []string
		Animation string
		Running   int
	}
	run(t, ctx, chromedp.Evaluate(`__loader`, &got))
	if len(got.Labels) != 1 || got.Labels[0] != "Loading the app…" {
		t.Errorf("the loader said %q, want only %q", got.Labels, "Loading the app…")
	}
	if got.Animation != "none" || got.Running != 0 {
		t.Errorf("the loader moves: animation %q, %d running", got.Animation, got.Running)
	}
}
