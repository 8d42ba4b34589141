package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestPWAPicksAnAppByKeyboardAndRemembersIt searches the catalog, picks an
// app with the arrow keys and Enter, and finds it chosen after a reload.
func TestPWAPicksAnAppByKeyboardAndRemembersIt(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	run(t, ctx,
		chromedp.Focus("#app-search", chromedp.ByQuery),
		chromedp.SendKeys("#app-search", "stri", chromedp.ByQuery),
	)
	waitJS(t, ctx, `(() => { const o = [...document.querySelectorAll('#app-listbox [role=option]')];
		return o.length >= 1 && o.length < 10 && o[0].id === "app-option-stripe" })()`, "the search results for stri")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	waitJS(t, ctx, `document.getElementById("app-search").getAttribute("aria-activedescendant") === "app-option-stripe" &&
		document.getElementById("app-option-stripe").classList.contains("active")`, "ArrowDown to move to the first option")
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitText(t, ctx, "#connect-button", "Connect Stripe")
	if sel := text(t, ctx, `#app-option-stripe[aria-selected=true]`); !strings.Contains(sel, "Stripe") {
		t.Errorf("the stripe option is not marked selected: %q", sel)
	}

	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	waitText(t, ctx, "#connect-button", "Connect Stripe")
}

// TestPWAListsAndDisconnectsAccounts shows the user's accounts with their
// details, and disconnects one after an in-page confirmation that Escape
// cancels.
func TestPWAListsAndDisconnectsAccounts(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	if !strings.HasPrefix(user, "user-") {
		t.Fatalf("user shown as %q", user)
	}
	waitText(t, ctx, ".accounts", "No accounts yet.")
	ai := s.connectKeys(t, user, "openai", "ann@example.com", map[string]string{"api_key": "sk-abcdefgh12345"})
	st := s.connectKeys(t, user, "stripe", "shop", map[string]string{"api_key": "sk_test_abcdefgh1234"})

	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "2 accounts.")
	row := text(t, ctx, "#account-"+ai.ID)
	for _, want := range []string{"OpenAI (ChatGPT)", "ann@example.com", "Connected", "Healthy", "Reconnect", "Disconnect"} {
		contains(t, row, want)
	}
	var logo string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("#account-`+ai.ID+` img.logo").src`, &logo))
	if !strings.HasPrefix(logo, s.SandboxURL) {
		t.Errorf("account logo %q is not the app's img_src", logo)
	}

	// Escape cancels and gives focus back to the Disconnect button.
	click(t, ctx, "#disconnect-"+ai.ID)
	waitJS(t, ctx, `!!document.querySelector("dialog[open]") && document.querySelector("dialog").matches(":modal")`, "the confirmation dialog")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "confirm-cancel"`, "focus on Cancel")
	dialog := text(t, ctx, "[role=alertdialog]")
	contains(t, dialog, "OpenAI (ChatGPT) account ann@example.com")
	if strings.Contains(dialog, "orkflow") {
		t.Errorf("the dialog speaks of workflows, which this app has none of: %q", dialog)
	}
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, `!document.querySelector("[role=alertdialog]")`, "the dialog to close")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "disconnect-`+ai.ID+`"`, "focus back on Disconnect")
	if _, err := s.PD.GetAccount(context.Background(), ai.ID, pipedream.AccountOptions{}); err != nil {
		t.Fatalf("cancelled disconnection removed the account: %v", err)
	}

	// Confirming disconnects it, by keyboard.
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "confirm-cancel"`, "focus on Cancel")
	run(t, ctx, chromedp.KeyEvent("\t"))
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "confirm-ok"`, "focus on the confirming button")
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitText(t, ctx, "#accounts-status", "Disconnected your OpenAI (ChatGPT) account ann@example.com.")
	waitText(t, ctx, ".accounts", "1 account.")
	if text(t, ctx, "#account-"+ai.ID) != "" {
		t.Error("the disconnected account is still listed")
	}
	contains(t, text(t, ctx, "#account-"+st.ID), "shop")
	var ae *pipedream.APIError
	if _, err := s.PD.GetAccount(context.Background(), ai.ID, pipedream.AccountOptions{}); !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound {
		t.Errorf("the sandbox still has the account: %v", err)
	}

	// Connected again, the news of its disconnection goes.
	s.connectKeys(t, user, "openai", "ann@example.com", map[string]string{"api_key": "sk-abcdefgh12345"})
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "2 accounts.")
	waitJS(t, ctx, `!document.getElementById("accounts-status").innerText.includes("Disconnected")`, "the disconnection's notice to go")
}

// TestPWAConnectLink creates a Connect Link for the chosen app: a link on
// the sandbox's hosted page with the app, a copy button, a QR code and the
// expiry.
func TestPWAConnectLink(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	run(t, ctx, chromedp.Click("#app-option-openai", chromedp.ByQuery))
	waitText(t, ctx, "#connect-button", "Connect OpenAI")
	clickButton(t, ctx, "Create a Connect Link")
	waitJS(t, ctx, `!!document.getElementById("link-url")`, "the link")
	var link string
	run(t, ctx, chromedp.Value("#link-url", &link, chromedp.ByQuery))
	if !strings.HasPrefix(link, s.SandboxURL+"/_static/connect.html?") || !strings.Contains(link, "token=ctok_") ||
		!strings.HasSuffix(link, "&app=openai") {
		t.Errorf("link = %q", link)
	}
	contains(t, text(t, ctx, ".link-copy"), "Expires at")
	var qr struct {
		Src      string
		Complete bool
		Width    int
	}
	waitJS(t, ctx, `document.querySelector("img.qr").complete && document.querySelector("img.qr").naturalWidth > 0`, "the QR code to load")
	run(t, ctx, chromedp.Evaluate(`(() => { const i = document.querySelector("img.qr"); return {Src: i.src, Complete: i.complete, Width: i.naturalWidth} })()`, &qr))
	if !strings.HasPrefix(qr.Src, "data:image/svg+xml;base64,") || qr.Width == 0 {
		t.Errorf("qr = %+v", qr)
	}

	// Copy puts the link on the clipboard.
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		return grantClipboard(ctx, s.URL)
	}))
	clickButton(t, ctx, "Copy")
	waitText(t, ctx, "#link-status", "Link copied to the clipboard.")
	var clip string
	run(t, ctx, chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise))
	if clip != link {
		t.Errorf("clipboard = %q, want %q", clip, link)
	}

	// A new link spends a new token.
	clickButton(t, ctx, "Create a new link")
	waitJS(t, ctx, `document.getElementById("link-url").value !== `+jsString(link), "a new link")
}
