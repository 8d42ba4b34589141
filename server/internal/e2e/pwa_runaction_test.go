package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// openRunPanel clicks an account's "Run an action", then the action key
// in the panel's list, and waits until its form can be submitted.
func openRunPanel(t *testing.T, ctx context.Context, accountID, key string) {
	t.Helper()
	if !panelOpen(t, ctx) {
		mouseClick(t, ctx, byID("run-"+accountID), "the account's Run an action button")
		waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-title"`, "focus on the panel's title")
	}
	pickAction(t, ctx, key)
}

func panelOpen(t *testing.T, ctx context.Context) bool {
	t.Helper()
	var open bool
	run(t, ctx, chromedp.Evaluate(`!!document.getElementById("run-panel")`, &open))
	return open
}

// pickAction clicks the action key in the panel's list and waits for its
// form.
func pickAction(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	mouseClick(t, ctx, byID("run-actions-"+key), "the action "+key)
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-form-title"`, "focus on the form's title")
	waitJS(t, ctx, byID("run-form-submit")+` && !`+byID("run-form-submit")+`.disabled`, "the form of "+key+" to load")
}

// countRuns counts the page's requests that run an action.
func countRuns(ctx context.Context) *atomic.Int32 {
	var n atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Request.Method == "POST" && strings.HasSuffix(r.Request.URL, "/actions/run") {
			n.Add(1)
		}
	})
	return &n
}

// runEvents are the event log's runs, oldest first.
func runEvents(t *testing.T, ctx context.Context) []pwaEvent {
	t.Helper()
	var out []pwaEvent
	for _, ev := range pwaEventLog(t, ctx) {
		if strings.HasPrefix(ev.Name, "actions.run") {
			out = append(out, ev)
		}
	}
	return out
}

// waitRunEvents waits until the event log holds n runs and returns them.
func waitRunEvents(t *testing.T, ctx context.Context, n int) []pwaEvent {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-name")].filter((e) => e.innerText.trim().startsWith("actions.run")).length >= %d`, n),
		fmt.Sprintf("%d runs in the log", n))
	return runEvents(t, ctx)
}

// runPayload is a run's entry in the event log.
type runPayload struct {
	ID, Summary, Error string
}

func payloadOf(t *testing.T, ev pwaEvent) runPayload {
	t.Helper()
	var p runPayload
	if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
		t.Fatalf("the run's entry %q: %v", ev.Payload, err)
	}
	return p
}

// TestPWARunsASlackActionAsAPerson runs Slack actions from an account's
// "Run an action" on a phone's screen with the mouse and the keyboard: a
// submission with the required props empty is refused at each prop (said
// aloud, focus on the first, nothing sent); a channel found by typing part
// of its name, on the second page of options, gets a message; the message
// is read back with "List Messages" in the same panel; each run is in the
// event log. Each state is looked at (layout, axe) at 390 and 1280 px,
// light and dark.
func TestPWARunsASlackActionAsAPerson(t *testing.T) {
	s, ctx, l, user, sl := pwaWithAccount(t, "run-slack", phone, "slack")
	runs := countRuns(ctx)
	run(t, ctx, network.Enable())
	openRunPanel(t, ctx, sl.ID, "slack-send-message")
	waitJS(t, ctx, byID("run-form-slack")+`.value === `+jsString(sl.ID), "the form to choose the account")

	// Run with the required props empty: refused at each prop, nothing sent.
	mouseClick(t, ctx, byID("run-form-submit"), "Run")
	waitText(t, ctx, "#run-form-summary", "Check 2 fields: Channel, Text.")
	waitText(t, ctx, "#run-form-channel-err", "Choose channel.")
	waitText(t, ctx, "#run-form-text-err", "Enter text.")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-form-channel"`, "the focus on the first refused field")
	var live struct{ Summary, Err, DescribedBy, Invalid string }
	run(t, ctx, chromedp.Evaluate(`({Summary: document.getElementById("run-form-summary").getAttribute("aria-live"),
		Err: document.getElementById("run-form-text-err").getAttribute("aria-live"),
		DescribedBy: document.getElementById("run-form-text").getAttribute("aria-describedby"),
		Invalid: document.getElementById("run-form-text").getAttribute("aria-invalid")})`, &live))
	if live.Summary != "polite" || live.Err != "polite" || !strings.Contains(live.DescribedBy, "run-form-text-err") || live.Invalid != "true" {
		t.Errorf("the refusal is not announced at the prop: %+v", live)
	}
	l.look("required props empty")
	if n := runs.Load(); n != 0 || len(runEvents(t, ctx)) != 0 {
		t.Fatalf("a refused form sent %d runs (log %v)", n, runEvents(t, ctx))
	}

	// Type part of a name; the second page; choose its last by keyboard.
	var projects []string
	for _, c := range slackChannels(t, s.PD, user, sl.ID) {
		if strings.Contains(c, "proj") {
			projects = append(projects, c)
		}
	}
	if len(projects) <= 50 {
		t.Fatalf("the workspace has %d channels matching proj: no second page", len(projects))
	}
	run(t, ctx, chromedp.KeyEvent("proj"))
	waitText(t, ctx, "#run-form-channel-status", "50 options; more to load.")
	waitJS(t, ctx, byID("run-form-channel")+`.getAttribute("aria-expanded") === "true"`, "the listbox to open")
	l.look("options")
	mouseClick(t, ctx, `document.querySelector("#run-form .pd-more")`, "More")
	waitJS(t, ctx, fmt.Sprintf(`document.querySelectorAll("#run-form-channel-list [role=option]").length === %d`, len(projects)), "the second page of options")
	run(t, ctx, chromedp.KeyEvent(kb.End), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowDown))
	last := fmt.Sprintf("run-form-channel-opt-%d", len(projects)-1)
	waitJS(t, ctx, byID("run-form-channel")+`.getAttribute("aria-activedescendant") === `+jsString(last), "End, Up, Down to highlight the last option")
	if got := text(t, ctx, "#"+last); got != projects[len(projects)-1] {
		t.Fatalf("the last option reads %q, want %q", got, projects[len(projects)-1])
	}
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	picked := projects[len(projects)-1]
	waitJS(t, ctx, byID("run-form-channel")+`.value === `+jsString(picked)+` && `+byID("run-form-channel")+`.getAttribute("aria-expanded") === "false"`, "the channel to be chosen")
	channel := strings.TrimSuffix(strings.TrimPrefix(picked, "#"), " (private)")

	msg := "Hello from the PWA " + time.Now().Format("15:04:05.000")
	typeText(t, ctx, "run-form-text", msg)
	run(t, ctx, chromedp.KeyEvent(kb.Enter)) // submits the form
	waitText(t, ctx, "#run-form-summary", "Ran Send Message.")
	waitText(t, ctx, "#run-form-result", "Sent a message to #"+channel)
	evs := waitRunEvents(t, ctx, 1)
	if p := payloadOf(t, evs[0]); evs[0].Name != "actions.run" || p.ID != "slack-send-message" || p.Summary != "Sent a message to #"+channel || p.Error != "" {
		t.Errorf("the log has %+v for the run", evs[0])
	}
	l.look("sent")

	// Read it back with List Messages, in the same panel.
	pickAction(t, ctx, "slack-list-messages")
	typeText(t, ctx, "run-form-channel", channel)
	waitText(t, ctx, "#run-form-channel-status", "1 option.")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, byID("run-form-channel")+`.value === `+jsString(picked), "the channel to be chosen")
	mouseClick(t, ctx, byID("run-form-submit"), "Run")
	waitText(t, ctx, "#run-form-summary", "Ran List Messages.")
	waitText(t, ctx, "#run-form-result", "in #"+channel)
	var first string
	run(t, ctx, chromedp.Evaluate(`(() => { const pre = [...document.querySelectorAll("#run-form-result pre")].find((p) => p.getAttribute("aria-label") === "Returned");
		return pre ? JSON.parse(pre.innerText).messages[0].text : "" })()`, &first))
	if first != msg {
		t.Errorf("List Messages shows %q first, want %q", first, msg)
	}
	evs = waitRunEvents(t, ctx, 2)
	if p := payloadOf(t, evs[1]); p.ID != "slack-list-messages" || !strings.HasSuffix(p.Summary, "in #"+channel) {
		t.Errorf("the log has %+v for the second run", evs[1])
	}
	if n := runs.Load(); n != 2 { // Enter that chooses an option submits nothing
		t.Errorf("%d runs sent, want 2", n)
	}
	if evs := runEvents(t, ctx); len(evs) != 2 {
		t.Errorf("the log has %d runs, want 2: %+v", len(evs), evs)
	}
	l.look("read back")
}

// TestPWAAddsASheetRowFromReloadedColumns adds a row to a spreadsheet
// found by typing part of its title, with the mouse on a desktop: the
// columns' fields come from reloadProps once the sheet is chosen and are
// added from "Add optional field"; the row is in the sheet after (read
// with the Go client), and the run is in the log.
func TestPWAAddsASheetRowFromReloadedColumns(t *testing.T) {
	s, ctx, l, user, gs := pwaWithAccount(t, "run-sheets", desktop, "google_sheets")
	openRunPanel(t, ctx, gs.ID, "google_sheets-add-single-row")
	if got := text(t, ctx, "#run-form-form"); strings.Contains(got, "Start date") {
		t.Fatalf("the columns show before a sheet is chosen: %q", got)
	}

	typeText(t, ctx, "run-form-sheetId", "rost")
	waitText(t, ctx, "#run-form-sheetId-status", "1 option.")
	mouseClick(t, ctx, byID("run-form-sheetId-opt-0"), "the option Team roster")
	waitText(t, ctx, "#run-form-columns_note", "Team roster has 4 columns.")
	mouseClick(t, ctx, byID("run-form-add"), "Add optional field")
	waitJS(t, ctx, `document.querySelectorAll("#run-form-optional button").length === 4`, "the four columns in the menu")
	var offered []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#run-form-optional button")].map((b) => b.innerText.trim())`, &offered))
	if want := []string{"Name", "Role", "Team", "Start date"}; !slices.Equal(offered, want) {
		t.Fatalf("the menu offers %v, want the sheet's columns %v", offered, want)
	}
	l.look("columns")
	values := map[string]string{"Name": "Grace Hopper", "Start date": "2026-12-05"}
	for _, col := range []string{"Name", "Start date"} {
		mouseClick(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#run-form-optional button")].find((b) => b.innerText.trim() === %s)`, jsString(col)), "the column "+col)
		id := "run-form-" + strings.ReplaceAll(col, " ", "_")
		waitJS(t, ctx, `document.activeElement && document.activeElement.id === `+jsString(id), "focus on the new field "+col)
		run(t, ctx, chromedp.KeyEvent(values[col]))
		waitJS(t, ctx, byID(id)+`.value === `+jsString(values[col]), col+" to hold what was typed")
		if col == "Name" {
			mouseClick(t, ctx, byID("run-form-add"), "Add optional field")
		}
	}
	mouseClick(t, ctx, byID("run-form-submit"), "Run")
	waitText(t, ctx, "#run-form-summary", "Ran Add Single Row.")
	waitText(t, ctx, "#run-form-result", "Added row 3 to Team roster")
	evs := waitRunEvents(t, ctx, 1)
	if p := payloadOf(t, evs[0]); p.ID != "google_sheets-add-single-row" || p.Summary != "Added row 3 to Team roster" {
		t.Errorf("the log has %+v", evs[0])
	}
	l.look("added")

	// The row is in the sheet, each value in its column.
	sheets, err := s.PD.ConfigureProp(t.Context(), pipedream.ConfigurePropRequest{ID: "google_sheets-get-values", ExternalUserID: user, PropName: "sheetId",
		ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("google_sheets", gs.ID), Query: "Team roster"})
	if err != nil || len(sheets.Options) != 1 {
		t.Fatalf("the sheet: %+v, %v", sheets, err)
	}
	res, err := s.PD.RunAction(t.Context(), pipedream.RunActionRequest{ID: "google_sheets-get-values", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"sheetId": sheets.Options[0].Value}.SetApp("google_sheets", gs.ID)})
	if err != nil || res.Err() != nil {
		t.Fatalf("google_sheets-get-values: %+v, %v", res, err)
	}
	var ret struct{ Values [][]string }
	_ = json.Unmarshal(res.Ret, &ret)
	if len(ret.Values) != 3 || !slices.Equal(ret.Values[2], []string{"Grace Hopper", "", "", "2026-12-05"}) {
		t.Errorf("the sheet holds %q", ret.Values)
	}
}

// TestPWAConnectsInTheRunFormAndShowsAFailedRun connects a second Slack
// account from inside "Run an action"'s form, on a phone with the mouse:
// the form chooses the new account. A run it refuses (a channel name with
// a space) fails in words at the form and in the log; corrected, it
// creates the channel in the new account's workspace, not the first's.
func TestPWAConnectsInTheRunFormAndShowsAFailedRun(t *testing.T) {
	s, ctx, l, user, first := pwaWithAccount(t, "run-connect", phone, "slack")
	openRunPanel(t, ctx, first.ID, "slack-create-channel")

	h := newHostedPage(t, ctx, s.SandboxURL)
	mouseClick(t, ctx, byID("run-form-slack-connect"), "the form's Connect a new account")
	h.mousePress("Continue")
	h.mousePress("Allow")
	h.waitText("Connected")
	l.lookHosted("connected", h)
	h.mousePress("Close")
	waitText(t, ctx, "#run-form-summary", "Connected a new Slack account.")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-form-slack-connect"`, "the focus back on the button that opened the flow")
	var second string
	for _, a := range sandboxAccounts(t, s, user) {
		if a.ID != first.ID {
			second = a.ID
		}
	}
	if second == "" {
		t.Fatal("no second account in the sandbox")
	}
	waitJS(t, ctx, byID("run-form-slack")+`.value === `+jsString(second), "the form to choose the new account")
	waitText(t, ctx, ".accounts", "2 accounts.")

	// A name Slack refuses: the run fails, in words, here and in the log.
	typeText(t, ctx, "run-form-name", "team lunch")
	mouseClick(t, ctx, byID("run-form-submit"), "Run")
	waitText(t, ctx, "#run-form-summary", "The run failed: ")
	failed := text(t, ctx, "#run-form-result .pd-run-failed")
	if !strings.Contains(failed, "without spaces or periods") || strings.Contains(failed, "HTTP ") {
		t.Errorf("the failed run says %q: want Slack's reason, in words", failed)
	}
	evs := waitRunEvents(t, ctx, 1)
	if p := payloadOf(t, evs[0]); evs[0].Name != "actions.run failed" || p.ID != "slack-create-channel" || !strings.Contains(p.Error, "without spaces or periods") {
		t.Errorf("the log has %+v for the failed run", evs[0])
	}
	l.look("failed")

	typeText(t, ctx, "run-form-name", "team-lunch")
	mouseClick(t, ctx, byID("run-form-submit"), "Run")
	waitText(t, ctx, "#run-form-summary", "Ran Create a Channel.")
	waitRunEvents(t, ctx, 2)
	if !slices.Contains(slackChannels(t, s.PD, user, second), "#team-lunch") {
		t.Error("#team-lunch is not in the new account's workspace")
	}
	if slices.Contains(slackChannels(t, s.PD, user, first.ID), "#team-lunch") {
		t.Error("#team-lunch went to the first account's workspace")
	}
}
