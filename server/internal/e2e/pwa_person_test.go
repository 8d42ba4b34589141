package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

	searchApps(t, ctx, "github", "github")
	l.look("search")
	pickWithMouse(t, ctx, "github", "GitHub")
	mouseButton(t, ctx, "Connect GitHub")
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
	l.look("connected")

	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready on a second visit")
	waitText(t, ctx, ".accounts", "1 account.")
	l.look("second-visit")
}
