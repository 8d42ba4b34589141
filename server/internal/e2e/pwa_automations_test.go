package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestPWAAutomationsNewIssue uses an account's Automations as a person
// does: opens them, deploys "New Issue" on a repository chosen from the
// account's own, and sees an issue created with the github-create-issue
// action arrive in the panel without a reload; pauses it (an issue opened
// meanwhile never shows), resumes it, and deletes it. Each state is looked
// at on a phone and a desktop, light and dark.
func TestPWAAutomationsNewIssue(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "automations", phone)
	user := text(t, ctx, "code.user-id")
	gh := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")

	mouseClick(t, ctx, byID("automations-"+gh.ID), "the account's Automations button")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "automations-title"`, "focus on the panel's title")
	// The repository list is the account's own, from the sandbox's
	// provider; pick the second with the keyboard.
	waitJS(t, ctx, `(() => { const s = document.getElementById("automation-form-repo"); return s && !s.disabled && s.options.length > 1 })()`, "the repositories to load")
	run(t, ctx, chromedp.Focus("#automation-form-repo", chromedp.ByID), chromedp.KeyEvent(kb.ArrowDown))
	waitJS(t, ctx, `document.getElementById("automation-form-repo").selectedIndex === 1`, "the second repository to be chosen")
	var repo string
	run(t, ctx, chromedp.Evaluate(`document.getElementById("automation-form-repo").value`, &repo))
	l.look("form")

	mouseClick(t, ctx, byID("automation-deploy"), "Deploy")
	waitText(t, ctx, "#automations-panel", "is on. Its events appear below as they happen.")
	waitText(t, ctx, "#automations-panel", "Repository: "+repo)
	contains(t, text(t, ctx, ".automations-deployed"), "No events yet.")

	createIssue := func(title string) int {
		t.Helper()
		res, err := s.PD.RunAction(t.Context(), pipedream.RunActionRequest{ID: "github-create-issue", ExternalUserID: user,
			ConfiguredProps: pipedream.ConfiguredProps{"repo": repo, "title": title}.SetApp("github", gh.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("github-create-issue: %+v, %v", res, err)
		}
		var issue struct{ Number int }
		_ = json.Unmarshal(res.Ret, &issue)
		return issue.Number
	}
	n := createIssue("Login fails on Safari")
	waitText(t, ctx, ".automation-events", fmt.Sprintf("New issue #%d: Login fails on Safari", n))
	waitText(t, ctx, "#event-log", "trigger_event")
	l.look("event")

	clickButton(t, ctx, "Pause")
	waitText(t, ctx, ".automation-head", "Paused")
	paused := createIssue("Opened while paused")
	clickButton(t, ctx, "Resume")
	waitText(t, ctx, ".automation-head", "On")
	m := createIssue("After resuming")
	waitText(t, ctx, ".automation-events", fmt.Sprintf("New issue #%d: After resuming", m))
	if got := text(t, ctx, ".automation-events"); strings.Contains(got, fmt.Sprintf("#%d:", paused)) {
		t.Errorf("an issue opened while paused shows: %q", got)
	}

	// A reload shows the automation and its events again, from the server.
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	waitText(t, ctx, ".accounts", "1 account.")
	mouseClick(t, ctx, byID("automations-"+gh.ID), "the account's Automations button")
	waitText(t, ctx, ".automation-events", fmt.Sprintf("New issue #%d: After resuming", m))
	contains(t, text(t, ctx, ".automation-events"), fmt.Sprintf("New issue #%d: Login fails on Safari", n))

	mouseClick(t, ctx, `document.querySelector(".automation .button-danger")`, "Delete")
	waitText(t, ctx, ".automation-list", "None yet.")
	list, err := s.PD.ListDeployedTriggers(t.Context(), pipedream.DeployedTriggersQuery{ExternalUserID: user})
	if err != nil || len(list.Data) != 0 {
		t.Errorf("after Delete the sandbox has %d triggers (%v)", len(list.Data), err)
	}
	l.look("deleted")
}

// TestPWAAutomationsSlackChannels deploys "New Message In Channels" with a
// channel ticked with the mouse among the account's own, and sees a
// message sent by slack-send-message arrive; one sent elsewhere never
// shows.
func TestPWAAutomationsSlackChannels(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "automations-slack", desktop)
	user := text(t, ctx, "code.user-id")
	sl := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "slack")
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")
	mouseClick(t, ctx, byID("automations-"+sl.ID), "the account's Automations button")
	waitJS(t, ctx, `document.querySelectorAll("#automation-form .choice input").length > 1`, "the channels to load")
	var channels []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#automation-form .choice input")].map((i) => i.value)`, &channels))
	mouseClick(t, ctx, byID("automation-form-conversations-1"), "the second channel's box")
	waitJS(t, ctx, byID("automation-form-conversations-1")+".checked", "the box to be ticked")
	l.look("channels")
	mouseClick(t, ctx, byID("automation-deploy"), "Deploy")
	waitText(t, ctx, "#automations-panel", "is on.")

	send := func(channel, text string) {
		t.Helper()
		res, err := s.PD.RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: user,
			ConfiguredProps: pipedream.ConfiguredProps{"channel": channel, "text": text}.SetApp("slack", sl.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("slack-send-message: %+v, %v", res, err)
		}
	}
	send(channels[0], "not watched")
	send(channels[1], "Standup in 5")
	waitText(t, ctx, ".automation-events", "New message: Standup in 5")
	contains(t, text(t, ctx, ".automation"), "Channels: #")
	if got := text(t, ctx, ".automation-events"); strings.Contains(got, "not watched") {
		t.Errorf("a message in an unwatched channel shows: %q", got)
	}
	l.look("message")
}
