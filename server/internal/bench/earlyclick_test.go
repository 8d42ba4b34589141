package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// earlyClickJS records, from the document's start, when the first
// pointer release happened and whether the app ran by then (go-app removes
// its loader once the wasm runs), and when the Connect flow's iframe shows.
const earlyClickJS = `window.__early = {clickAt: -1, running: false, shownAt: new Promise((resolve) => {
  const obs = new MutationObserver(() => {
    if (document.querySelector("iframe[id^=pipedream-connect-iframe-]:not([aria-hidden])")) { obs.disconnect(); resolve(performance.now()); }
  });
  obs.observe(document, {childList: true, subtree: true, attributes: true});
})};
addEventListener("pointerup", () => {
  if (__early.clickAt >= 0) return;
  __early.clickAt = performance.now();
  __early.running = !document.getElementById("app-wasm-loader");
}, true);`

// buttonPointJS is the centre of the Connect button once it has a box.
const buttonPointJS = `(() => {
  const b = document.getElementById("connect-button");
  const r = b && b.getBoundingClientRect();
  return r && r.width ? {X: r.x + r.width / 2, Y: r.y + r.height / 2} : null;
})()`

// earlyClick is one cold visit of the PWA whose Connect button a person
// clicks as soon as the prerendered page shows it.
type earlyClick struct {
	ClickAt float64 // ms from navigation start
	ShownAt float64 // the flow's iframe shown, ms from navigation start
	Running bool    // the app ran already when the click came
}

// clickEarly loads the PWA at url in a fresh browser context and clicks
// its Connect button with the mouse as soon as it has a box, before the
// app is ready, then waits for the flow it opens.
func clickEarly(browser context.Context, url string) (earlyClick, error) {
	var res earlyClick
	tab, cancel, err := freshTab(browser)
	if err != nil {
		return res, err
	}
	defer cancel()
	err = chromedp.Run(tab, chromedp.ActionFunc(func(ctx context.Context) error {
		if _, err := page.AddScriptToEvaluateOnNewDocument(earlyClickJS).Do(ctx); err != nil {
			return err
		}
		_, _, _, _, err := page.Navigate(url).Do(ctx) // the load is not waited for
		return err
	}))
	if err != nil {
		return res, err
	}
	var p *struct{ X, Y float64 }
	for deadline := time.Now().Add(30 * time.Second); p == nil; {
		if time.Now().After(deadline) {
			return res, fmt.Errorf("the Connect button did not show within 30 s")
		}
		// A page between documents answers nothing yet: ask again.
		_ = chromedp.Run(tab, chromedp.Evaluate(buttonPointJS, &p))
	}
	// A flow that never shows fails the run instead of holding the bench.
	shown, cancelShown := context.WithTimeout(tab, 30*time.Second)
	defer cancelShown()
	err = chromedp.Run(shown,
		chromedp.MouseClickXY(p.X, p.Y),
		chromedp.Evaluate(`__early.shownAt`, &res.ShownAt, awaitPromise),
		chromedp.Evaluate(`__early.clickAt`, &res.ClickAt),
		chromedp.Evaluate(`__early.running`, &res.Running),
	)
	if errors.Is(err, context.DeadlineExceeded) {
		return res, fmt.Errorf("the flow did not show within 30 s of the early click: %w", err)
	}
	return res, err
}
