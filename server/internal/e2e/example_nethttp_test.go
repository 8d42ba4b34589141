package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// TestNetHTTPExample runs examples/nethttp with its one command (make
// example-nethttp: the sandbox, the widget's files and the example) and
// uses its page as a person would, with the mouse on a phone's screen:
// sign in, see a Connect button per app named as the catalog names it,
// connect GitHub through the hosted page, see the account listed and the
// status say so, disconnect it and see the status say that. Each state is
// looked at (layout, axe) at 390 and 1280 px, light and dark.
func TestNetHTTPExample(t *testing.T) {
	ex := startExample(t, "nethttp")
	ctx := browsertest.New(t, 4*time.Minute)
	l := newLooker(t, ctx, "nethttp", phone)
	run(t, ctx, chromedp.Navigate(ex.URL+"/"))
	waitText(t, ctx, "h1", "Sign in")
	l.look("sign in")

	typeText(t, ctx, "name", "ann")
	mouseClick(t, ctx, buttonByText("Sign in"), "the Sign in button")
	waitText(t, ctx, "h1", "Hello, ann")
	for _, slug := range []string{"slack", "github", "openai"} {
		want := "Connect " + ex.appName(t, slug)
		waitJS(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("pipedream-connect[app=%s] button")].some(b => b.innerText.trim() === %s)`,
			slug, jsString(want)), "the button "+want)
	}
	waitJS(t, ctx, `!document.getElementById("no-accounts").hidden`, "the empty accounts list's word")
	l.look("signed in")

	h := newHostedPage(t, ctx, ex.SandboxURL)
	mouseClick(t, ctx, buttonByText("Connect GitHub"), "the Connect GitHub button")
	h.mousePress("Continue")
	h.waitText("Allow")
	l.lookHosted("consent", h)
	h.mousePress("Allow")
	h.waitText("Connected")
	h.mousePress("Close")
	waitText(t, ctx, "#status", "Connected GitHub.")
	waitJS(t, ctx, `[...document.querySelectorAll("#accounts li")].some(li => li.innerText.startsWith("GitHub"))`, "GitHub in the accounts list")
	if n := ex.accounts(t, "ann"); n != 1 {
		t.Fatalf("ann has %d accounts in the sandbox, want 1", n)
	}
	l.look("connected")

	mouseClick(t, ctx, buttonByText("Disconnect"), "the Disconnect button")
	waitJS(t, ctx, `document.querySelectorAll("#accounts li").length === 0`, "the accounts list to empty")
	contains(t, text(t, ctx, "#status"), "Disconnected GitHub")
	if n := ex.accounts(t, "ann"); n != 0 {
		t.Errorf("ann has %d accounts in the sandbox after Disconnect, want 0", n)
	}
	l.look("disconnected")
}
