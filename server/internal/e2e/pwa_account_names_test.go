package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestPWATwoAccountsOfAnAppReadApart: a person with two Slack accounts
// tells them apart everywhere the page names them: in the list of
// accounts, in the headings of "Run an action" and Automations, and in
// the run form's account picker, where they choose the other one with the
// keyboard. Each state is looked at on a phone and a desktop, light and
// dark.
func TestPWATwoAccountsOfAnAppReadApart(t *testing.T) {
	s, ctx, l, user := pwaWithUser(t, "two-accounts", phone)
	first := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "slack")
	second := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "slack")
	if first.Name == "" || first.Name == second.Name || first.Name == user {
		t.Fatalf("the sandbox named the accounts %q and %q (the user is %q): want two provider logins", first.Name, second.Name, user)
	}
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "2 accounts.")
	for _, a := range []struct{ id, name string }{{first.ID, first.Name}, {second.ID, second.Name}} {
		if got := text(t, ctx, "#account-"+a.id+" .account-name"); got != a.name {
			t.Errorf("the list names account %s %q, want %q", a.id, got, a.name)
		}
	}
	l.look("list")

	// "Run an action" with the second: its heading names it, and the
	// form's picker has both, by name, with the second chosen.
	mouseClick(t, ctx, byID("run-"+second.ID), "the second account's Run an action button")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-title"`, "focus on the panel's title")
	contains(t, text(t, ctx, "#run-title"), second.Name)
	pickAction(t, ctx, "slack-send-message")
	picker := byID("run-form-slack")
	waitJS(t, ctx, picker+`.value === `+jsString(second.ID), "the form to choose the second account")
	var options []string
	run(t, ctx, chromedp.Evaluate(`[...`+picker+`.options].filter((o) => o.value.startsWith("apn_")).map((o) => o.textContent.trim())`, &options))
	if len(options) != 2 || options[0] == options[1] ||
		!slices.Contains(options, first.Name) || !slices.Contains(options, second.Name) {
		t.Errorf("the picker offers %q, want %q and %q", options, first.Name, second.Name)
	}
	l.look("run")

	// The person picks the first with the keyboard.
	run(t, ctx, chromedp.Focus("#run-form-slack", chromedp.ByID))
	key := kb.ArrowUp
	if options[0] != first.Name {
		key = kb.ArrowDown
	}
	run(t, ctx, chromedp.KeyEvent(key))
	waitJS(t, ctx, picker+`.value === `+jsString(first.ID), "the first account to be chosen")

	// Automations of the first: its heading names it, not the second.
	mouseClick(t, ctx, byID("run-panel")+`.querySelector(".card-head button")`, "Close")
	mouseClick(t, ctx, byID("automations-"+first.ID), "the first account's Automations button")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "automations-title"`, "focus on the panel's title")
	if got := text(t, ctx, "#automations-title"); !strings.Contains(got, first.Name) || strings.Contains(got, second.Name) {
		t.Errorf("the Automations heading reads %q, want %q's name only", got, first.Name)
	}
	waitJS(t, ctx, byID("automation-form-slack")+` && `+byID("automation-form-slack")+`.value === `+jsString(first.ID), "the trigger's form to choose the first account")
	l.look("automations")
}
