package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestGoAppFormRunsAnAction uses examples/goapp's "Send a Slack message"
// form (connectui.ComponentForm) as a person would, on a phone's screen
// with the mouse and the keyboard: it connects a Slack account from inside
// the form (which then chooses it), submits with the required props empty
// (each says why, the focus goes to the first), finds a channel by typing
// part of its name and paging to the second page of options, sends a
// message, and reads it back with slack-list-messages through the Go
// client; then the account goes, and a run with it fails in words. Each
// state is looked at (layout, axe) at 390 and 1280 px, light and dark.
func TestGoAppFormRunsAnAction(t *testing.T) {
	ex := startExample(t, "goapp")
	ctx := browsertest.New(t, 5*time.Minute)
	l := newLooker(t, ctx, "goapp-form", phone)
	run(t, ctx, chromedp.Navigate(ex.URL+"/"))
	waitJS(t, ctx, `!!document.getElementById("pd-form-submit") && !document.getElementById("pd-form-submit").disabled`, "the form to load")
	user := exampleCookie(t, ctx, ex.URL, "goapp_visitor")

	// Connect a new account from inside the form: the form chooses it.
	h := newHostedPage(t, ctx, ex.SandboxURL)
	mouseClick(t, ctx, byID("pd-form-slack-connect"), "the form's Connect a new account")
	h.mousePress("Continue")
	h.mousePress("Allow")
	h.waitText("Connected")
	h.mousePress("Close")
	waitText(t, ctx, "#pd-form-summary", "Connected a new Slack account.")
	var accounts []pipedream.Account
	for a, err := range ex.PD.Accounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: user}) {
		if err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, a)
	}
	if len(accounts) != 1 {
		t.Fatalf("the visitor has %d accounts, want 1", len(accounts))
	}
	acct := accounts[0].ID
	waitJS(t, ctx, byID("pd-form-slack")+`.value === `+jsString(acct), "the form to choose the new account")
	// Back to the empty choice with the keyboard: no account is chosen, so
	// a run is refused at the account; then the account again.
	run(t, ctx, chromedp.Focus("#pd-form-slack", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowUp))
	waitJS(t, ctx, byID("pd-form-slack")+`.selectedIndex === 0`, "the empty choice")
	mouseClick(t, ctx, byID("pd-form-submit"), "Run")
	waitText(t, ctx, "#pd-form-slack-err", "Choose an account.")
	run(t, ctx, chromedp.Focus("#pd-form-slack", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowDown))
	waitJS(t, ctx, byID("pd-form-slack")+`.value === `+jsString(acct), "the account chosen again")
	// The workspace's project channels: a search for "proj" has two pages.
	var projects []string
	for _, c := range slackChannels(t, ex.PD, user, acct) {
		if strings.Contains(c, "proj") {
			projects = append(projects, c)
		}
	}
	if len(projects) <= 50 {
		t.Fatalf("the workspace has %d channels matching proj: no second page", len(projects))
	}

	// Run with the required props empty: refused at each prop.
	mouseClick(t, ctx, byID("pd-form-submit"), "Run")
	waitText(t, ctx, "#pd-form-summary", "Check 2 fields: Channel, Text.")
	waitText(t, ctx, "#pd-form-channel-err", "Choose channel.")
	waitText(t, ctx, "#pd-form-text-err", "Enter text.")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "pd-form-channel"`, "the focus on the first refused field")
	var invalid string
	run(t, ctx, chromedp.Evaluate(byID("pd-form-text")+`.getAttribute("aria-describedby")`, &invalid))
	if !strings.Contains(invalid, "pd-form-text-err") {
		t.Errorf("the text field is not described by its error: %q", invalid)
	}
	l.look("required props empty")

	// Type part of a name; page to the second page; choose from it by
	// keyboard.
	run(t, ctx, chromedp.KeyEvent("proj"))
	waitText(t, ctx, "#pd-form-channel-status", "50 options; more to load.")
	waitJS(t, ctx, byID("pd-form-channel")+`.getAttribute("aria-expanded") === "true"`, "the listbox to open")
	l.look("options")
	mouseClick(t, ctx, `document.querySelector("#pd-form .pd-more")`, "More")
	waitJS(t, ctx, fmt.Sprintf(`document.querySelectorAll("#pd-form-channel-list [role=option]").length === %d`, len(projects)), "the second page of options")
	run(t, ctx, chromedp.KeyEvent(kb.End), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowDown))
	waitJS(t, ctx, byID("pd-form-channel")+`.getAttribute("aria-activedescendant") === `+jsString(fmt.Sprintf("pd-form-channel-opt-%d", len(projects)-1)), "End, Up, Down to highlight the last option")
	var picked struct {
		Index int
		Label string
		Count int
	}
	run(t, ctx, chromedp.Evaluate(`(() => {
		const input = document.getElementById("pd-form-channel");
		const opts = [...document.querySelectorAll("#pd-form-channel-list [role=option]")];
		const active = document.getElementById(input.getAttribute("aria-activedescendant"));
		return {Index: opts.indexOf(active), Label: active ? active.innerText : "", Count: opts.length};
	})()`, &picked))
	if want := projects[len(projects)-1]; picked.Index != len(projects)-1 || picked.Count != len(projects) || picked.Label != want {
		t.Fatalf("the active option is %+v: want %s, the last of %d, on the second page", picked, want, len(projects))
	}
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, byID("pd-form-channel")+`.value === `+jsString(picked.Label)+` && `+byID("pd-form-channel")+`.getAttribute("aria-expanded") === "false"`, "the channel to be chosen")

	text := "Hello from the form " + time.Now().Format("15:04:05.000")
	typeText(t, ctx, "pd-form-text", text)
	run(t, ctx, chromedp.KeyEvent(kb.Enter)) // submits the form
	waitText(t, ctx, "#pd-form-summary", "Ran Send Message.")
	channel := strings.TrimSuffix(strings.TrimPrefix(picked.Label, "#"), " (private)")
	waitText(t, ctx, "#pd-form-result", "Sent a message to #"+channel)
	l.look("sent")

	// Read it back with another action, through the Go client.
	res, err := ex.PD.RunAction(context.Background(), pipedream.RunActionRequest{
		ID: "slack-list-messages", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"channel": channel, "limit": 5}.SetApp("slack", acct),
	})
	if err != nil {
		t.Fatal(err)
	}
	var ret struct {
		Messages []struct{ Text string } `json:"messages"`
	}
	if err := json.Unmarshal(res.Ret, &ret); err != nil || len(ret.Messages) == 0 || ret.Messages[0].Text != text {
		t.Fatalf("slack-list-messages on #%s: %s (%v); want %q first", channel, res.Ret, err, text)
	}

	// The account goes; a run with it fails, in words.
	if err := ex.PD.DeleteAccount(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	mouseClick(t, ctx, byID("pd-form-submit"), "Run")
	waitText(t, ctx, "#pd-form-summary", "The run failed: ")
	var failed string
	run(t, ctx, chromedp.Evaluate(`document.querySelector("#pd-form-result .pd-run-failed").innerText`, &failed))
	if strings.Contains(failed, "HTTP ") || !strings.Contains(strings.ToLower(failed), "account") {
		t.Errorf("the failed run says %q: want why, in words, naming the account", failed)
	}
	l.look("failed")
}
