package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/connecthttp"
)

// TestPWASendsATestRequest presses an account's "Send a test request": the
// server sends a GET to the app's API through the sandbox's Connect proxy
// and the page shows the provider's status and body, the credential masked
// by the provider's echo and never whole in the page. Another user's
// account is refused, and so is the eleventh request of a minute.
func TestPWASendsATestRequest(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	user := text(t, ctx, "code.user-id")
	const key = "sk-abcdefgh12345"
	ai := s.connectKeys(t, user, "openai", "ann@example.com", map[string]string{"api_key": key})
	other := s.connectKeys(t, "someone-else", "openai", "bob@example.com", map[string]string{"api_key": "sk-bobbobbob9876"})

	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")
	click(t, ctx, "#test-"+ai.ID)
	res := "#test-result-" + ai.ID
	waitText(t, ctx, res, "answered 200")
	got := text(t, ctx, res)
	contains(t, got, "GET https://api.openai.com/v1")
	contains(t, got, `"authorization": "Bearer ************2345"`)
	var html string
	run(t, ctx, chromedp.Evaluate(`document.documentElement.outerHTML`, &html))
	if strings.Contains(html, key) {
		t.Error("the account's key reached the page")
	}

	// The page's own origin asks with another user's account: refused.
	var status struct {
		Status int
		Code   string
	}
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`fetch("/api/connect/accounts/%s/test-request", {method: "POST"})
		.then(async r => ({Status: r.status, Code: (await r.json()).error.code}))`, other.ID), &status, awaitPromise))
	if status.Status != 404 || status.Code != "not_found" {
		t.Errorf("another user's account: %+v", status)
	}

	// Two requests so far (the refused one counts too); more up to the
	// limit, then the button's answer says why it is refused.
	for i := 2; i < connecthttp.DefaultTestRequestRate; i++ {
		var st int
		run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`fetch("/api/connect/accounts/%s/test-request", {method: "POST"}).then(r => r.status)`, ai.ID), &st, awaitPromise))
		if st != 200 {
			t.Fatalf("test request %d: %d", i+1, st)
		}
	}
	click(t, ctx, "#test-"+ai.ID)
	waitText(t, ctx, res, "Couldn't send a test request: too many requests. Try again in")
}
