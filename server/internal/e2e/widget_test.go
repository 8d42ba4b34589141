package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWidgetLoadsOnAnotherSite loads /widget.js on the customer's site,
// another site under a strict CSP: the script, the Go loader and the wasm
// come from the app with CORS headers and the types the browser needs to
// compile the wasm as it streams.
func TestWidgetLoadsOnAnotherSite(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")

	var got map[string]string
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const out = {};
		for (const p of ["/widget.js", "/wasm_exec.js", "/web/widget.wasm"]) {
			const r = await fetch(`+jsString(s.URL)+` + p, {mode: "cors"});
			out[p] = r.type + " " + r.status + " " + r.headers.get("content-type");
		}
		const m = await WebAssembly.compileStreaming(fetch(`+jsString(s.URL)+` + "/web/widget.wasm"));
		out.compiled = String(m instanceof WebAssembly.Module);
		out.api = typeof PipedreamConnect.createFrontendClient + " " + (PipedreamConnect.ready instanceof Promise);
		return out;
	})()`, &got, awaitPromise))
	for k, want := range map[string]string{
		"/widget.js":       "cors 200 text/javascript",
		"/wasm_exec.js":    "cors 200 text/javascript",
		"/web/widget.wasm": "cors 200 application/wasm",
		"compiled":         "true",
		"api":              "function true",
	} {
		if !strings.HasPrefix(got[k], want) {
			t.Errorf("%s: %q, want %q…", k, got[k], want)
		}
	}
}

// TestWidgetConnectsOAuthAccount connects an OAuth app from the customer's
// site: Continue and Allow in the sandbox's hosted page inside the iframe
// give onSuccess({id}) then onClose({successful, completed}), and the
// account is the site user's in the sandbox.
func TestWidgetConnectsOAuthAccount(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")

	run(t, ctx, chromedp.Evaluate(`widgetConnect("github")`, nil, awaitPromise))
	var iframe struct {
		Src, Position, ZIndex string
		Rect                  [4]int // left, top, width, height
		Viewport              [2]int
	}
	run(t, ctx, chromedp.Evaluate(`(() => { const f = `+widgetIframeJS+`, cs = getComputedStyle(f), r = f.getBoundingClientRect();
		return {Src: f.src, Position: cs.position, ZIndex: cs.zIndex, Rect: [r.left, r.top, r.width, r.height],
			Viewport: [innerWidth, innerHeight]} })()`, &iframe))
	if !strings.HasPrefix(iframe.Src, s.SandboxURL+"/_static/connect.html?") || !strings.Contains(iframe.Src, "token=ctok_") ||
		!strings.Contains(iframe.Src, "app=github") {
		t.Errorf("iframe src = %q", iframe.Src)
	}
	// The site's CSP allows no inline styles: the iframe must still cover the page.
	if iframe.Position != "fixed" || iframe.ZIndex != "2147483647" ||
		iframe.Rect != [4]int{0, 0, iframe.Viewport[0], iframe.Viewport[1]} {
		t.Errorf("iframe is not the full-page overlay: %+v", iframe)
	}

	h := widgetHostedUI(ctx, s.SandboxURL)
	h.click(t, "button", "Continue")
	h.click(t, "button", "Allow")
	evs := widgetWaitEvents(t, ctx, 1)
	if evs[0].Type != "success" || !strings.HasPrefix(evs[0].Payload.ID, "apn_") {
		t.Fatalf("first event %+v, want success with an account id", evs[0])
	}
	if ids := widgetAccounts(t, s, site.User); !slices.Equal(ids, []string{evs[0].Payload.ID}) {
		t.Errorf("the sandbox has accounts %v for %s, want [%s]", ids, site.User, evs[0].Payload.ID)
	}
	evs = widgetFinish(t, ctx, h, 2)
	widgetCheckClose(t, evs[1], "close", true, true)
	widgetWaitIframeGone(t, ctx)
}
