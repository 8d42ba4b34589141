package e2e

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// connectFramesInAXTree counts the Connect iframes the page's accessibility
// tree has.
func connectFramesInAXTree(t *testing.T, ctx context.Context) int {
	t.Helper()
	var tree axTree
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		return cdp.Execute(ctx, accessibility.CommandGetFullAXTree, accessibility.GetFullAXTree(), &tree)
	}))
	n := 0
	for _, nd := range tree.Nodes {
		if nd.Ignored || nd.Name == nil {
			continue
		}
		if nm, _ := nd.Name.Value.(string); nm == "Pipedream Connect" {
			n++
		}
	}
	return n
}

// TestWidgetPreloads: on the customer's site (another origin, strict CSP)
// client.preload loads GitHub's hosted page out of sight: out of the
// accessibility tree, and when the page inside focuses itself the focus
// comes back to the site. connectAccount then shows that iframe, focused,
// without another token, and the flow connects an account as usual.
func TestWidgetPreloads(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")
	var tokens atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Request.Method == "POST" && r.Request.URL == site.URL+"/token" {
			tokens.Add(1)
		}
	})
	// The tab acts as the focused window, so that focus events run.
	run(t, ctx, network.Enable(), emulation.SetFocusEmulationEnabled(true))
	var loaded string
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const b = document.createElement("button");
		b.id = "mine";
		b.textContent = "Mine";
		document.querySelector("main").append(b);
		b.focus();
		await PipedreamConnect.ready;
		widgetClient = PipedreamConnect.createFrontendClient({
			frontendURL: `+jsString(s.SandboxURL)+`,
			tokenCallback: async () => (await fetch("/token", {method: "POST"})).json(),
		});
		await widgetClient.preload({app: "github"});
		return "loaded";
	})()`, &loaded, awaitPromise))
	if loaded != "loaded" {
		t.Fatalf("preload: %s", loaded)
	}
	h := newHostedPage(t, ctx, s.SandboxURL)
	if n := connectFramesInAXTree(t, ctx); n != 0 {
		t.Errorf("the accessibility tree has %d Connect iframes while preloaded, want 0", n)
	}
	// The hidden page focuses its window and its Continue button.
	fctx, frame, err := h.find(false)
	if err != nil {
		t.Fatal(err)
	}
	if err := evalIn(fctx, frame, `window.focus(); document.querySelector("button").focus(); true`, nil); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "mine"`, "the focus back on the site's button")

	var shown string
	run(t, ctx, chromedp.Evaluate(`(() => {
		const preloaded = document.querySelector('iframe[title="Pipedream Connect"]');
		widgetClient.connectAccount({app: "github", onSuccess: widgetRecord("success"), onError: widgetRecord("error"), onClose: widgetRecord("close")});
		const f = `+widgetIframeJS+`;
		return f === preloaded ? "the preloaded iframe" : "another iframe: " + (f && f.src);
	})()`, &shown))
	if shown != "the preloaded iframe" {
		t.Fatalf("connectAccount showed %s", shown)
	}
	waitJS(t, ctx, `document.activeElement === `+widgetIframeJS, "the focus in the flow")
	if n := connectFramesInAXTree(t, ctx); n != 1 {
		t.Errorf("the accessibility tree has %d Connect iframes once shown, want 1", n)
	}
	h.press("Continue")
	h.press("Allow")
	evs := widgetWaitEvents(t, ctx, 1)
	if evs[0].Type != "success" || !strings.HasPrefix(evs[0].Payload.ID, "apn_") {
		t.Fatalf("first event %+v, want success with an account id", evs[0])
	}
	widgetCheckClose(t, widgetFinish(t, ctx, h, 2)[1], "close", true, true)
	widgetWaitIframeGone(t, ctx)
	if n := tokens.Load(); n != 1 {
		t.Errorf("the site minted %d tokens for a preload and its flow, want 1", n)
	}
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "mine"`, "the focus back on the site's button after the flow")
}

// TestWidgetElementPreloadsOnHover: hovering the <pipedream-connect>
// button loads its flow out of sight; the click then shows that iframe.
func TestWidgetElementPreloadsOnHover(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/element")
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var box []float64
		if err := chromedp.Evaluate(`(() => { const r = document.querySelector("pipedream-connect button").getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2] })()`, &box).Do(ctx); err != nil {
			return err
		}
		return chromedp.MouseEvent(input.MouseMoved, box[0], box[1]).Do(ctx)
	}))
	waitJS(t, ctx, `(() => { const f = document.querySelector('iframe[title="Pipedream Connect"][aria-hidden="true"]');
		return !!f && f.src.includes("app=slack") })()`, "a hidden slack iframe after the hover")
	run(t, ctx, chromedp.Evaluate(`window.preloaded = document.querySelector('iframe[title="Pipedream Connect"]'); true`, nil))
	click(t, ctx, "pipedream-connect button")
	waitJS(t, ctx, ``+widgetIframeJS+` === window.preloaded`, "the preloaded iframe shown")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.press("Close")
	widgetCheckClose(t, widgetWaitEvents(t, ctx, 1)[0], "element-close", false, false)
}
