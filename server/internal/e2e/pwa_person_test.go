package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// TestPWAFirstMinuteOnAPhone goes through a new user's first minute on a
// phone, in a fresh profile, with the mouse and the keyboard, looking at
// each state (see looker): the page while its wasm is still on the way (a
// slow network), ready with no accounts, after a search, each step of a
// flow in the iframe, after the flow, and on a second visit.
func TestPWAFirstMinuteOnAPhone(t *testing.T) {
	s := startPWAStack(t)
	site := s.front.get()
	wasm := make(chan struct{})
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			select { // a slow network: the wasm arrives when the test says
			case <-wasm:
			case <-r.Context().Done():
				return
			}
		}
		site.ServeHTTP(w, r)
	}))
	ctx := browsertest.New(t, 4*time.Minute)
	l := newLooker(t, ctx, "first-minute", phone)
	run(t, ctx, chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, `!!document.getElementById("app-wasm-loader") && document.readyState !== "loading"`, "the prerendered page")
	l.look("loading")
	close(wasm)
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	waitText(t, ctx, ".accounts", "No accounts yet.")
	l.look("ready")

	// The apps named for the search come first: those only a description
	// matches ("digital" holds "git") come after.
	searchApps(t, ctx, "git", "github")
	var listed []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#app-listbox [role=option] .option-name")].map((e) => e.innerText.trim())`, &listed))
	if len(listed) < 3 || listed[0] != "GitHub" || listed[1] != "GitLab" {
		t.Errorf("a search for git lists %q, want GitHub and GitLab first", listed)
	}
	l.look("search")
	pickWithMouse(t, ctx, "github", "GitHub")
	clickButton(t, ctx, "Connect GitHub")
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.waitText("Continue")
	l.lookHosted("flow-start", h)
	h.mousePress("Continue")
	h.waitText("Allow")
	l.lookHosted("flow-consent", h)
	h.mousePress("Allow")
	h.waitText("Connected")
	l.lookHosted("flow-connected", h)
	h.mousePress("Close")
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	waitText(t, ctx, ".accounts", "1 account.")
	waitText(t, ctx, "#connect-status", "Connected GitHub")
	waitWebhook(t, ctx, "CONNECTION_SUCCESS", "github")
	l.look("connected")
	payloadLines(t, ctx)

	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready on a second visit")
	waitText(t, ctx, ".accounts", "1 account.")
	l.look("second-visit")
}

// TestPWAFlowsAndConnectLinkOnADesktop uses the PWA at a desktop's width
// and looks at each state: a key-based app's form in the iframe with its
// errors, a denied OAuth flow, a Connect Link in the PWA, and the link
// opened on a phone, step by step, then once more when it is spent.
func TestPWAFlowsAndConnectLinkOnADesktop(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "desktop", desktop)

	pickWithMouse(t, ctx, "openai", "OpenAI")
	clickButton(t, ctx, "Connect OpenAI")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.mousePress("Continue")
	h.waitControl("textbox", "API Key", `function() { return true }`, "the key field")
	l.lookHosted("keys-form", h)
	h.mouseFill("API Key", "")
	h.mousePress("Continue")
	h.waitText("required")
	l.lookHosted("keys-empty", h)
	h.mouseFill("API Key", "not-a-key")
	h.mousePress("Continue")
	h.waitText("unexpected format")
	l.lookHosted("keys-malformed", h)
	h.mouseFill("API Key", "sk-e2eTestKey12345")
	h.mousePress("Continue")
	h.waitText("Connected")
	l.lookHosted("keys-connected", h)
	h.mousePress("Close")
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	waitText(t, ctx, ".accounts", "1 account.")
	l.look("keys-connected-pwa")

	// A denied flow, the app picked by keyboard.
	searchApps(t, ctx, "slack", "slack")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	waitText(t, ctx, "#connect-button", "Connect Slack")
	clickButton(t, ctx, "Connect Slack")
	h.mousePress("Continue")
	h.mousePress("Deny")
	h.waitText("denied")
	l.lookHosted("denied", h)
	h.mousePress("Close")
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	waitText(t, ctx, "#connect-status", "Slack was not connected: access was denied at the sign-in page.")
	l.look("denied-pwa")

	// A Connect Link, copied with the mouse.
	searchApps(t, ctx, "github", "github")
	pickWithMouse(t, ctx, "github", "GitHub")
	clickButton(t, ctx, "Create a Connect Link")
	waitJS(t, ctx, `!!document.getElementById("link-url") && document.querySelector("img.qr").complete`, "the link")
	// The sandbox of a local run is on this computer, which a phone cannot reach.
	contains(t, text(t, ctx, "#link-local"), "a phone can't open")
	l.look("link")
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error { return grantClipboard(ctx, s.URL) }))
	clickButton(t, ctx, "Copy")
	waitText(t, ctx, "#link-status", "Link copied to the clipboard.")
	var link string
	run(t, ctx, chromedp.Value("#link-url", &link, chromedp.ByQuery))

	// The link on a phone.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	lp := newLooker(t, tab, "link-phone", phone)
	run(t, tab, chromedp.Navigate(link))
	hp := newHostedPage(t, tab, s.SandboxURL)
	hp.waitText("Continue")
	// No script opened this tab, so none can close it: no Close that
	// would do nothing.
	hp.wait(`document.readyState === "complete" &&
		![...document.querySelectorAll("button")].some((b) => b.innerText.trim() === "Close" && b.getClientRects().length > 0)`,
		"the link's page without a Close button")
	lp.look("start")
	hp.mousePress("Continue")
	hp.waitText("Allow")
	lp.look("consent")
	hp.mousePress("Allow")
	hp.wait(`document.querySelector("h1")?.innerText.trim() === "Connected"`, "the link's success page")
	lp.look("connected")

	// The PWA shows the link used, and offers a new one instead.
	waitText(t, ctx, "#link-status", "The link was used: GitHub is connected")
	waitJS(t, ctx, `!document.getElementById("link-url") && !document.querySelector("img.qr") && !document.querySelector(".expiry")`, "the used link's field, QR code and expiry to go")
	waitText(t, ctx, "#link-create", "Create a new link")
	l.look("link-used")
	run(t, tab, chromedp.Navigate(link))
	hp.waitText("already been used")
	lp.look("used")
	bad := strings.Replace(link, "token=ctok_", "token=ctok_x", 1)
	run(t, tab, chromedp.Navigate(bad))
	hp.wait(`document.querySelector("h1")?.innerText.trim() !== "" && !document.body.innerText.includes("Continue")`, "the page for a token that is not valid")
	lp.look("bad-token")
}

// TestPWAErrorsOnAPhone meets the errors a person may meet, on a phone:
// the token service rate-limits the user, then the server goes down and
// comes back.
func TestPWAErrorsOnAPhone(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "errors", phone)
	waitText(t, ctx, ".accounts", "No accounts yet.")
	pickWithMouse(t, ctx, "openai", "OpenAI")

	site := s.front.get()
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/connect/token" {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":{"code":"rate_limited","message":"too many tokens"}}`))
			return
		}
		site.ServeHTTP(w, r)
	}))
	clickButton(t, ctx, "Create a Connect Link")
	waitText(t, ctx, "#link-status", "too many requests. Try again in 30 seconds.")
	l.look("rate-limited")

	s.front.set(http.HandlerFunc(hangUp))
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "the server can't be reached")
	waitJS(t, ctx, `!!document.querySelector("#offline-banner .banner")`, "the banner saying the server is unreachable")
	l.look("server-down")

	s.front.set(site)
	clickButton(t, ctx, "Try again")
	waitText(t, ctx, ".accounts", "No accounts yet.")
	waitJS(t, ctx, `!document.querySelector("#offline-banner .banner")`, "the banner to go")
	l.look("server-back")
}

// TestExamplePageAsAPersonSeesIt looks at /example, the widget's example
// page, before, during and after a flow.
func TestExamplePageAsAPersonSeesIt(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 3*time.Minute)
	l := newLooker(t, ctx, "example", desktop)
	run(t, ctx, chromedp.Navigate(s.URL+"/example"))
	waitJS(t, ctx, `!document.getElementById("connect-github").disabled`, "the Connect GitHub button")
	l.look("ready")
	mouseClick(t, ctx, byID("connect-github"), "Connect GitHub")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.waitText("Continue")
	l.lookHosted("flow", h)
	h.mousePress("Continue")
	h.mousePress("Allow")
	h.waitText("Connected")
	h.mousePress("Close")
	waitText(t, ctx, "#log", `onClose {"successful":true,"completed":true`)
	l.look("connected")
}

// payloadLines fails the test when a payload of the event log wraps inside
// a JSON member on a phone: it may wrap only after a member's comma.
func payloadLines(t *testing.T, ctx context.Context) {
	t.Helper()
	var broken []string
	run(t, ctx, chromedp.Evaluate(`(() => {
		const broken = [];
		for (const pre of document.querySelectorAll("#event-log .event-payload")) {
			for (const node of pre.childNodes) {
				if (node.nodeType !== Node.TEXT_NODE) continue;
				const range = document.createRange();
				range.selectNodeContents(node);
				const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
				if (tops.size > 1) broken.push(node.textContent);
			}
		}
		return broken;
	})()`, &broken))
	for _, b := range broken {
		t.Errorf("the event log wraps %q inside a member on a phone", b)
	}
}
