package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestPWAAutomationsNewIssue uses an account's Automations as a person
// does: opens them, deploys "New Issue" (the trigger's form is
// connectui.ComponentForm) on a repository chosen by keyboard from the
// account's own, and sees an issue created with the github-create-issue
// action arrive in the panel without a reload; pauses it (an issue opened
// meanwhile never shows), resumes it, and deletes it. Each state is looked
// at on a phone and a desktop, light and dark.
func TestPWAAutomationsNewIssue(t *testing.T) {
	s, ctx, l, user, gh := pwaWithAccount(t, "automations", phone, "github")

	mouseClick(t, ctx, byID("automations-"+gh.ID), "the account's Automations button")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "automations-title"`, "focus on the panel's title")
	// The trigger's form (connectui.ComponentForm): the repositories are
	// the account's own, from the sandbox's provider; pick the second with
	// the keyboard.
	waitJS(t, ctx, byID("automation-form-github")+` && `+byID("automation-form-github")+`.value === `+jsString(gh.ID), "the form to choose the account")
	mouseClick(t, ctx, byID("automation-form-repo"), "the Repository box")
	waitJS(t, ctx, `document.querySelectorAll("#automation-form-repo-list [role=option]").length > 1`, "the repositories to load")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	waitJS(t, ctx, byID("automation-form-repo")+`.getAttribute("aria-activedescendant") === "automation-form-repo-opt-1"`, "the second repository to be highlighted")
	repo := text(t, ctx, "#automation-form-repo-opt-1")
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, byID("automation-form-repo")+`.value === `+jsString(repo), "the second repository to be chosen")
	l.look("form")

	mouseClick(t, ctx, byID("automation-form-submit"), "Deploy")
	waitText(t, ctx, "#automation-form-summary", "is on. Its events appear below as they happen.")
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

	// The trigger's form loads above the list: wait for it, as a person
	// waits for the page to settle, so the list does not move under the
	// pointer.
	waitJS(t, ctx, byID("automation-form-submit")+` && !`+byID("automation-form-submit")+`.disabled`, "the trigger's form to load")
	mouseClick(t, ctx, `document.querySelector(".automation .button-danger")`, "Delete")
	waitText(t, ctx, ".automation-list", "None yet.")
	list, err := s.PD.ListDeployedTriggers(t.Context(), pipedream.DeployedTriggersQuery{ExternalUserID: user})
	if err != nil || len(list.Data) != 0 {
		t.Errorf("after Delete the sandbox has %d triggers (%v)", len(list.Data), err)
	}
	l.look("deleted")
}

// TestPWAAutomationsSlackChannels deploys "New Message In Channels" with a
// channel found by typing part of its name and picked with the mouse, and
// sees a message sent by slack-send-message arrive; one sent elsewhere
// never shows.
func TestPWAAutomationsSlackChannels(t *testing.T) {
	s, ctx, l, user, sl := pwaWithAccount(t, "automations-slack", desktop, "slack")
	mouseClick(t, ctx, byID("automations-"+sl.ID), "the account's Automations button")
	// Channels: a multi-select; find two by typing part of their names.
	mouseClick(t, ctx, byID("automation-form-conversations"), "the Channels box")
	run(t, ctx, chromedp.KeyEvent("random"))
	waitText(t, ctx, "#automation-form-conversations-status", "1 option.")
	mouseClick(t, ctx, byID("automation-form-conversations-opt-0"), "the option #random")
	waitText(t, ctx, "#automation-form .pd-picks", "#random")
	// A search given up with Escape empties the box; nothing more is picked.
	box := byID("automation-form-conversations")
	mouseClick(t, ctx, box, "the Channels box")
	run(t, ctx, chromedp.KeyEvent("gen"))
	waitJS(t, ctx, box+`.value === "gen" && `+box+`.getAttribute("aria-expanded") === "true"`, "the options for gen")
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, box+`.value === "" && `+box+`.getAttribute("aria-expanded") !== "true"`, "Escape to close the list and empty the box")
	l.look("channels")
	mouseClick(t, ctx, byID("automation-form-submit"), "Deploy")
	waitText(t, ctx, "#automation-form-summary", "is on.")
	list, err := s.PD.ListDeployedTriggers(t.Context(), pipedream.DeployedTriggersQuery{ExternalUserID: user})
	if err != nil || len(list.Data) != 1 {
		t.Fatalf("the sandbox has %d triggers (%v), want 1", len(list.Data), err)
	}
	// Deployed as connect-react deploys: the channel kept with its label.
	var channels []string
	conv := list.Data[0].ConfiguredProps["conversations"]
	if v, _ := list.Data[0].ConfiguredProps.Value("conversations"); v != nil {
		for _, c := range v.([]any) {
			channels = append(channels, fmt.Sprint(c))
		}
	}
	if b, _ := json.Marshal(conv); len(channels) != 1 || !strings.HasPrefix(channels[0], "C") ||
		string(b) != `{"__lv":[{"label":"#random","value":"`+channels[0]+`"}]}` {
		t.Fatalf("deployed with conversations %s, want #random's id with its label", b)
	}

	send := func(channel, text string) {
		t.Helper()
		res, err := s.PD.RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: user,
			ConfiguredProps: pipedream.ConfiguredProps{"channel": channel, "text": text}.SetApp("slack", sl.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("slack-send-message: %+v, %v", res, err)
		}
	}
	send("general", "not watched")
	send(channels[0], "Standup in 5")
	waitText(t, ctx, ".automation-events", "New message: Standup in 5")
	contains(t, text(t, ctx, ".automation"), "Channels: #random")
	if got := text(t, ctx, ".automation-events"); strings.Contains(got, "not watched") {
		t.Errorf("a message in an unwatched channel shows: %q", got)
	}
	l.look("message")

	// After a reload the channel still shows by its name, not its id.
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	waitText(t, ctx, ".accounts", "1 account.")
	mouseClick(t, ctx, byID("automations-"+sl.ID), "the account's Automations button")
	waitText(t, ctx, ".automation-events", "New message: Standup in 5")
	if got := text(t, ctx, ".automation"); !strings.Contains(got, "Channels: #random") || strings.Contains(got, channels[0]) {
		t.Errorf("after a reload the automation reads %q, want Channels: #random and no id", got)
	}
	l.look("reloaded")
}

// TestPWAAutomationsNamesChannelsDeployedElsewhere: a trigger another
// client deployed with a bare channel id (as the Go SDK does) shows in
// the panel by the channel's name, looked up among its options.
func TestPWAAutomationsNamesChannelsDeployedElsewhere(t *testing.T) {
	s, ctx, l, user := pwaWithUser(t, "automations-elsewhere", phone)
	sl := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "slack")
	opts, err := s.PD.ConfigureProp(t.Context(), pipedream.ConfigurePropRequest{ID: "slack-new-message-in-channels", ExternalUserID: user,
		PropName: "conversations", ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("slack", sl.ID), Query: "random"})
	if err != nil || len(opts.Options) != 1 {
		t.Fatalf("the #random option: %+v, %v", opts, err)
	}
	id := fmt.Sprint(opts.Options[0].Value)
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})) // the other client's
	t.Cleanup(hook.Close)
	if _, err := s.PD.DeployTrigger(t.Context(), pipedream.DeployTriggerRequest{ID: "slack-new-message-in-channels", ExternalUserID: user,
		WebhookURL: hook.URL, ConfiguredProps: pipedream.ConfiguredProps{"conversations": []string{id}}.SetApp("slack", sl.ID)}); err != nil {
		t.Fatal(err)
	}
	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "1 account.")
	mouseClick(t, ctx, byID("automations-"+sl.ID), "the account's Automations button")
	waitText(t, ctx, ".automation", "Channels: "+opts.Options[0].Label)
	if got := text(t, ctx, ".automation"); strings.Contains(got, id) {
		t.Errorf("the automation reads %q: the channel's id shows", got)
	}
	l.look("named")
}
