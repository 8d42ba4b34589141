package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestPWAConnectsOAuthAppInIframe connects GitHub through the hosted page
// in its iframe (Continue, then Allow on the provider's consent page): the
// iframe opens, focused, on a token fetched ahead of the click; the log
// shows onSuccess with the account id, then onClose; the account is listed
// and exists in the sandbox for this user; and a new token is fetched for
// the next flow.
func TestPWAConnectsOAuthAppInIframe(t *testing.T) {
	s := startPWAStack(t)
	ctx, tokens := openPWACounting(t, s)
	user := text(t, ctx, "code.user-id")
	chooseApp(t, ctx, "github", "GitHub")
	waitUntil(t, "the token prefetch", func() bool { return tokens.Load() > 0 })
	before := tokens.IDs()
	prefetched := int32(len(before))

	// The iframe opens on a token fetched before the click (a preloaded
	// page may already have the next flow's fetched as it is shown).
	src := openConnectFlow(t, ctx, s, "GitHub")
	u, err := url.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	used, fetchedBefore := u.Query().Get("token"), false
	for _, id := range before {
		var body []byte
		run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
			body, err = network.GetResponseBody(id).Do(ctx)
			return err
		}))
		fetchedBefore = fetchedBefore || (used != "" && strings.Contains(string(body), used))
	}
	if !fetchedBefore {
		t.Errorf("the iframe opened on token %q, not on one fetched before the click", used)
	}
	if !strings.Contains(src, "app=github") {
		t.Errorf("iframe src %q lacks app=github", src)
	}
	var title string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("`+connectIframeSel+`").title`, &title))
	if title != "Pipedream Connect" {
		t.Errorf("iframe title = %q", title)
	}
	waitText(t, ctx, "#connect-status", "Connecting GitHub in the Connect window")
	waitJS(t, ctx, `!!document.activeElement && document.activeElement.matches("`+connectIframeSel+`")`, "focus on the iframe")

	h := newHostedPage(t, ctx, s.SandboxURL)
	h.press("Continue")
	h.press("Allow")
	id := finishSuccess(t, ctx, h, 0)
	waitText(t, ctx, "#connect-status", "Connected GitHub (account "+id+").")
	waitWebhook(t, ctx, "CONNECTION_SUCCESS", id) // beside the callbacks, the service's word
	waitJS(t, ctx, `!!document.getElementById("account-`+id+`")`, "the new account in the list")
	contains(t, text(t, ctx, "#account-"+id), "GitHub")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "connect-button"`, "focus back on the Connect button")

	a := sandboxAccount(t, s, id, true)
	if a.ExternalID != user || a.App == nil || a.App.NameSlug != "github" || a.Credentials["oauth_access_token"] == nil {
		t.Errorf("sandbox account = %+v", a)
	}
	// The spent token is replaced ahead of the next click.
	waitUntil(t, "the next token prefetch", func() bool { return tokens.Load() > prefetched })
}

// TestPWAConnectsKeyAppWithInlineErrors connects OpenAI through the
// iframe's labelled fields: an empty and then a malformed key each get an
// inline message on the field and connect nothing; a good key connects the
// account with that key as its credential.
func TestPWAConnectsKeyAppWithInlineErrors(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	h := continueFlow(t, ctx, s, "openai", "OpenAI")

	const ariaInvalid = `function() { return this.getAttribute("aria-invalid") === "true" }`
	h.fill("API Key", "")
	h.press("Continue")
	h.waitControl("textbox", "API Key", ariaInvalid, "the empty key to be marked invalid")
	h.waitText("required")
	h.fill("API Key", "not-a-key")
	h.press("Continue")
	h.waitText("unexpected format")
	h.waitControl("textbox", "API Key", ariaInvalid, "the malformed key to be marked invalid")
	if evs := pwaEventLog(t, ctx); len(evs) != 0 {
		t.Errorf("a refused key logged %+v", evs)
	}
	if as := sandboxAccounts(t, s, user); len(as) != 0 {
		t.Fatalf("a refused key connected %+v", as)
	}

	const key = "sk-e2eTestKey12345"
	h.fill("API Key", key)
	h.press("Continue")
	id := finishSuccess(t, ctx, h, 0)
	waitText(t, ctx, "#account-"+id, "OpenAI (ChatGPT)")
	waitText(t, ctx, ".accounts", "1 account.")
	if a := sandboxAccount(t, s, id, true); a.ExternalID != user || a.Credentials["api_key"] != key {
		t.Errorf("sandbox account = %+v", a)
	}
}

// TestPWAReconnectsAnAccount connects GitHub and Stripe, sees both listed,
// then reconnects GitHub with its Reconnect button: the flow is opened
// with the account's id and updates that account instead of adding one.
func TestPWAReconnectsAnAccount(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	gh := connectOAuthInPWA(t, ctx, s, "github", "GitHub")

	h := continueFlow(t, ctx, s, "stripe", "Stripe")
	h.fill("Secret key", "sk_test_e2eTestKey1234")
	h.press("Continue")
	st := finishSuccess(t, ctx, h, 2)
	waitText(t, ctx, ".accounts", "2 accounts.")
	contains(t, text(t, ctx, "#account-"+gh), "GitHub")
	contains(t, text(t, ctx, "#account-"+st), "Stripe")
	before := sandboxAccount(t, s, gh, true)

	reconnect := `[...document.querySelectorAll("#account-` + gh + ` button")].find(b => b.innerText.trim() === "Reconnect")`
	mouseClick(t, ctx, reconnect, "the Reconnect button")
	waitJS(t, ctx, `!!document.querySelector("`+connectIframeSel+`")`, "the Connect iframe")
	var src string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("`+connectIframeSel+`").src`, &src))
	if !strings.Contains(src, "accountId="+gh) || !strings.Contains(src, "app=github") {
		t.Errorf("reconnect iframe src = %q", src)
	}
	waitText(t, ctx, "#connect-status", "Reconnecting GitHub")
	h.press("Continue")
	h.press("Allow")
	if id := finishSuccess(t, ctx, h, 4); id != gh {
		t.Errorf("reconnecting reported account %s, want %s", id, gh)
	}
	waitText(t, ctx, "#connect-status", "Reconnected GitHub (account "+gh+").")
	waitText(t, ctx, ".accounts", "2 accounts.")

	after := sandboxAccount(t, s, gh, true)
	if !after.CreatedAt.Equal(before.CreatedAt) || !after.UpdatedAt.After(before.UpdatedAt) ||
		after.Credentials["oauth_access_token"] == before.Credentials["oauth_access_token"] {
		t.Errorf("reconnected account: created %v→%v, updated %v→%v, same access token: %t", before.CreatedAt, after.CreatedAt,
			before.UpdatedAt, after.UpdatedAt, after.Credentials["oauth_access_token"] == before.Credentials["oauth_access_token"])
	}
	if as := sandboxAccounts(t, s, user); len(as) != 2 {
		t.Errorf("the user has %d accounts after reconnecting, want 2", len(as))
	}
}

// TestPWADeniedAndClosedFlowsConnectNothing denies Slack on the consent
// page (the hosted page and the PWA say so in words, the log has onError),
// then closes the hosted page twice: after the error, and at the start of
// a new flow. Each close removes the iframe and logs onClose without
// success, and no account is created.
func TestPWADeniedAndClosedFlowsConnectNothing(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	h := continueFlow(t, ctx, s, "slack", "Slack")
	h.press("Deny")
	evs := waitPWAEvents(t, ctx, 1)
	if evs[0].Name != "onError" || !strings.Contains(evs[0].Payload, `"message":`) {
		t.Errorf("event %+v, want onError with a message", evs[0])
	}
	waitText(t, ctx, "#connect-status", "Slack was not connected: ")
	waitWebhook(t, ctx, "CONNECTION_ERROR", "denied")
	status := text(t, ctx, "#connect-status")
	if !strings.Contains(strings.ToLower(status), "denied") {
		t.Errorf("the PWA says %q, not that access was denied", status)
	}
	if !strings.Contains(strings.ToLower(h.text()), "denied") {
		t.Errorf("the hosted page says %q, not that access was denied", h.text())
	}

	h.press("Close")
	evs = waitPWAEvents(t, ctx, 2)
	wantClose(t, evs[1], false, true)
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	waitJS(t, ctx, `!document.getElementById("connect-button").disabled`, "the Connect button to work again")

	openConnectFlow(t, ctx, s, "Slack")
	h.press("Close")
	evs = waitPWAEvents(t, ctx, 3)
	wantClose(t, evs[2], false, false)
	waitJS(t, ctx, connectIframeGoneJS, "the iframe to go")
	waitText(t, ctx, "#connect-status", "You closed the Connect window before finishing: Slack was not connected.")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "connect-button"`, "focus back on the Connect button")
	if as := sandboxAccounts(t, s, user); len(as) != 0 {
		t.Errorf("denied and closed flows connected %+v", as)
	}
	waitText(t, ctx, ".accounts", "No accounts yet.")
}

// TestPWAUpdatesLiveFromAConnectLinkElsewhere creates a Connect Link in the
// PWA and finishes it in another browser, as a phone would (the link then
// works no more). The PWA, never reloaded nor refreshed, lists the account,
// logs the webhook by its name and says the link was used.
func TestPWAUpdatesLiveFromAConnectLinkElsewhere(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	chooseApp(t, ctx, "github", "GitHub")
	clickButton(t, ctx, "Create a Connect Link")
	waitJS(t, ctx, `!!document.getElementById("link-url")`, "the link")
	var link string
	run(t, ctx, chromedp.Value("#link-url", &link, chromedp.ByQuery), chromedp.Evaluate(`window.notReloaded = true`, nil))

	phone := browsertest.New(t, 3*time.Minute)
	run(t, phone, chromedp.Navigate(link))
	h := newHostedPage(t, phone, s.SandboxURL)
	h.press("Continue")
	h.press("Allow")
	h.wait(`document.querySelector("h1")?.innerText.trim() === "Connected"`, "the link's success page")
	as := sandboxAccounts(t, s, user)
	if len(as) != 1 || as[0].App == nil || as[0].App.NameSlug != "github" {
		t.Fatalf("after the link, the user's accounts are %+v", as)
	}
	// The link works once.
	run(t, phone, chromedp.Navigate(link))
	h.waitText("already been used")

	waitJS(t, ctx, `!!document.getElementById("account-`+as[0].ID+`")`, "the link's account in the list, with no refresh")
	contains(t, text(t, ctx, "#account-"+as[0].ID), "GitHub")
	waitText(t, ctx, "#link-status", "The link was used: GitHub is connected")
	waitWebhook(t, ctx, "CONNECTION_SUCCESS", as[0].ID)
	var same bool
	run(t, ctx, chromedp.Evaluate(`window.notReloaded === true && document.getElementById("live-status").innerText.trim() === ""`, &same))
	if !same {
		t.Error("the page was reloaded, or says live updates are off")
	}
}

// TestPWARefreshesByItselfWithoutWebhooks: with no webhooks (the real
// service and no PUBLIC_URL), the page says live updates are off and, while
// its Connect Link is outstanding, lists the account the link connected
// without being asked.
func TestPWARefreshesByItselfWithoutWebhooks(t *testing.T) {
	s := startPWAStackWebhooks(t, false)
	ctx := openPWA(t, s)
	waitText(t, ctx, "#live-status", "Live updates are off")
	chooseApp(t, ctx, "openai", "OpenAI")
	clickButton(t, ctx, "Create a Connect Link")
	waitJS(t, ctx, `!!document.getElementById("link-url")`, "the link")
	var link string
	run(t, ctx, chromedp.Value("#link-url", &link, chromedp.ByQuery))
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := testsupport.ConnectKeys(context.Background(), http.DefaultClient, s.SandboxURL, u.Query().Get("token"), "openai", "", map[string]string{"api_key": "sk-abcdefgh12345"})
	if err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `!!document.getElementById("account-`+acc.ID+`")`, "the link's account in the list, with no refresh")
	if evs := pwaEventLog(t, ctx); len(evs) != 0 {
		t.Errorf("with no webhooks the event log holds %+v", evs)
	}
}
