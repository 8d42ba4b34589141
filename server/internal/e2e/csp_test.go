package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// recordCSPViolations makes every document of the tab, from its first
// script on, keep the Content-Security-Policy violations it meets in
// window.cspViolations.
func recordCSPViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(`window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));`).Do(ctx)
		return err
	}))
}

// wantNoCSPViolations fails the test with the page's violations, if any.
func wantNoCSPViolations(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	var got []string
	run(t, ctx, chromedp.Evaluate(`window.cspViolations || []`, &got))
	if len(got) > 0 {
		t.Errorf("%s broke its Content-Security-Policy:\n%s", page, strings.Join(got, "\n"))
	}
}

// TestPagesRunUnderTheirTightCSP: the PWA through a whole flow, and
// /example with its widget, run without a single violation of the policy
// (no https: wildcard for images or connections, no inline styles but the
// pages' own, by hash), and their styles apply.
func TestPagesRunUnderTheirTightCSP(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 3*time.Minute)
	recordCSPViolations(t, ctx)

	run(t, ctx, chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	var csp string
	run(t, ctx, chromedp.Evaluate(`fetch("/").then((r) => r.headers.get("Content-Security-Policy"))`, &csp, awaitPromise))
	for _, loose := range []string{"'unsafe-inline'", " https:;", " https: "} {
		if strings.Contains(csp, loose) {
			t.Errorf("the policy allows %s: %s", strings.TrimSpace(loose), csp)
		}
	}
	connectOAuthInPWA(t, ctx, s, "github", "GitHub")
	waitJS(t, ctx, `[...document.querySelectorAll("img")].some((i) => i.complete && i.naturalWidth > 0)`, "an app logo to load")
	wantNoCSPViolations(t, ctx, "the PWA")

	run(t, ctx, chromedp.Navigate(s.URL+"/example"))
	waitJS(t, ctx, `!document.getElementById("connect-github").disabled`, "the Connect GitHub button")
	h := newHostedPage(t, ctx, s.SandboxURL)
	click(t, ctx, "#connect-github")
	h.press("Continue")
	h.press("Allow")
	waitText(t, ctx, "#log", `onSuccess {"id":"apn_`)
	h.press("Close")
	waitText(t, ctx, "#log", `onClose {"successful":true`)
	var margin string
	run(t, ctx, chromedp.Evaluate(`getComputedStyle(document.body).maxWidth`, &margin))
	if margin == "none" {
		t.Error("/example's own inline styles did not apply")
	}
	wantNoCSPViolations(t, ctx, "/example")
}
