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

// TestPWATestRequestOnAPhone looks at a test request's answer on a phone:
// the body's box, which scrolls when the body is long, is a Tab stop, and
// a line too long for the phone, the masked key's, wraps indented under
// its own start, not at the box's left edge.
func TestPWATestRequestOnAPhone(t *testing.T) {
	s, ctx, l, user := pwaWithUser(t, "test-request", phone)
	ai := s.connectKeys(t, user, "openai", "ann@example.com", map[string]string{"api_key": "sk-abcdefgh12345"})
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")
	click(t, ctx, "#test-"+ai.ID)
	waitText(t, ctx, "#test-result-"+ai.ID, "answered 200")
	l.look("answered")
	var body struct {
		Focusable bool
		KeyLines  int
		Lefts     []float64 // the key's lines' left edges, less the box's content edge
	}
	run(t, ctx, chromedp.Evaluate(`(() => {
		const pre = document.querySelector("#test-result-`+ai.ID+` pre");
		const walk = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
		let node;
		while ((node = walk.nextNode()) && !node.textContent.includes("Bearer"));
		const range = document.createRange();
		range.selectNodeContents(node);
		const rects = [...range.getClientRects()].filter((r) => r.width > 0);
		const tops = new Set(rects.map((r) => Math.round(r.top)));
		const edge = pre.getBoundingClientRect().left + pre.clientLeft + parseFloat(getComputedStyle(pre).paddingLeft);
		pre.focus();
		return {Focusable: document.activeElement === pre, KeyLines: tops.size, Lefts: rects.map((r) => r.left - edge)};
	})()`, &body))
	if !body.Focusable {
		t.Error("the answer's body, which may scroll, is no Tab stop")
	}
	if body.KeyLines < 2 {
		t.Fatalf("the masked key's line takes %d line on a phone: the test looks at no wrapped line", body.KeyLines)
	}
	for _, left := range body.Lefts {
		if left < 8 {
			t.Errorf("the masked key's line wraps %.0f px from the box's left edge (its lines at %v)", left, body.Lefts)
			break
		}
	}
}
