package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// TestGoAppExample runs examples/goapp with its one command (make
// example-goapp: the sandbox, the page's wasm and the server) and uses its
// page as a person would, with the mouse on a phone's screen: the
// prerendered page comes to life, every file it asked for came from its own
// server or the sandbox (go-app's defaults would fetch its icons and loader
// image from GitHub), Slack connects through the hosted page, the account
// is listed, and Disconnect (confirmed in its dialog) removes it. Each
// state is looked at (layout, axe) at 390 and 1280 px, light and dark.
func TestGoAppExample(t *testing.T) {
	ex := startExample(t, "goapp")
	ctx := browsertest.New(t, 4*time.Minute)
	l := newLooker(t, ctx, "goapp", phone)
	run(t, ctx, chromedp.Navigate(ex.URL+"/"))
	waitText(t, ctx, "h1", "Settings")
	waitJS(t, ctx, `[...document.querySelectorAll("button")].some(b => b.innerText.trim() === "Connect Slack" && !b.disabled)`, "the wasm to enable Connect Slack")
	waitText(t, ctx, ".accounts .hint", "No accounts yet")
	var foreign []string
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`[
		...performance.getEntriesByType("resource").map((e) => e.name),
		...[...document.querySelectorAll("link[href]")].map((e) => e.href),
		...[...document.querySelectorAll("img[src], script[src]")].map((e) => e.src),
	].filter((u) => !u.startsWith(%s) && !u.startsWith(%s))`, jsString(ex.URL+"/"), jsString(ex.SandboxURL+"/")), &foreign))
	if len(foreign) > 0 {
		t.Errorf("the page asked for files elsewhere (offline, they fail):\n%s", strings.Join(foreign, "\n"))
	}
	l.look("first visit")

	user := exampleCookie(t, ctx, ex.URL, "goapp_visitor") // the example's user id
	h := newHostedPage(t, ctx, ex.SandboxURL)
	mouseClick(t, ctx, buttonByText("Connect Slack"), "the Connect Slack button")
	h.mousePress("Continue")
	h.mousePress("Allow")
	h.waitText("Connected")
	h.mousePress("Close")
	waitText(t, ctx, "[role=status]", "Connected Slack.")
	waitJS(t, ctx, `[...document.querySelectorAll("li.account")].some(li => li.innerText.includes("Slack"))`, "Slack in the accounts list")
	if n := ex.accounts(t, user); n != 1 {
		t.Fatalf("the visitor has %d accounts in the sandbox, want 1", n)
	}
	l.look("connected")

	mouseClick(t, ctx, buttonByText("Disconnect"), "the account's Disconnect button")
	waitJS(t, ctx, `!!document.querySelector("dialog[open]")`, "the confirmation dialog")
	l.look("confirm disconnect")
	mouseClick(t, ctx, `[...document.querySelectorAll("dialog[open] button")].find(b => b.innerText.trim().startsWith("Disconnect"))`, "the dialog's Disconnect button")
	waitJS(t, ctx, `document.querySelectorAll("li.account").length === 0`, "the accounts list to empty")
	waitText(t, ctx, ".accounts .hint", "No accounts yet")
	if n := ex.accounts(t, user); n != 0 {
		t.Errorf("the visitor has %d accounts in the sandbox after Disconnect, want 0", n)
	}
	l.look("disconnected")
}

// exampleCookie is the value of the page's cookie of that name (HttpOnly
// ones too), failing the test when there is none.
func exampleCookie(t *testing.T, ctx context.Context, origin, name string) string {
	t.Helper()
	var cookies []*network.Cookie
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		cookies, err = network.GetCookies().WithURLs([]string{origin}).Do(ctx)
		return err
	}))
	for _, c := range cookies {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("the page has no cookie %s", name)
	return ""
}
