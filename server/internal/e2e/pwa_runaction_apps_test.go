package e2e

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestPWAOffersRunAnActionOnlyForAppsWithActions: the accounts of an app
// with actions (GitHub) offer "Run an action", those of an app without
// (Dropbox) do not, though both keep their other buttons; the page learns
// which from one request for the apps with actions, however many accounts
// there are, on a first visit and again on a return visit. Looked at on a
// phone and a desktop, light and dark.
func TestPWAOffersRunAnActionOnlyForAppsWithActions(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	var asked atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && strings.Contains(r.Request.URL, "/api/connect/apps?has_actions=true") {
			asked.Add(1)
		}
	})
	run(t, ctx, network.Enable())
	l := newLooker(t, ctx, "run-apps", phone)
	user := text(t, ctx, "code.user-id")
	gh := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	gh2 := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	db := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "dropbox")

	check := func(visit string) {
		t.Helper()
		waitText(t, ctx, ".accounts", "3 accounts.")
		waitJS(t, ctx, `!!(`+byID("run-"+gh.ID)+` && `+byID("run-"+gh2.ID)+`)`, visit+": GitHub's accounts to offer Run an action")
		var dropbox struct{ Run, Automations bool }
		run(t, ctx, chromedp.Evaluate(`({run: !!`+byID("run-"+db.ID)+`, automations: !!`+byID("automations-"+db.ID)+`})`, &dropbox))
		if dropbox.Run || !dropbox.Automations {
			t.Errorf("%s: Dropbox's account offers Run an action: %v, Automations: %v; want only Automations", visit, dropbox.Run, dropbox.Automations)
		}
		if n := asked.Load(); n != 1 {
			t.Errorf("%s: the page asked for the apps with actions %d times, want once", visit, n)
		}
	}
	clickButton(t, ctx, "Refresh")
	check("first visit")
	l.look("accounts")

	// The offer leads somewhere: GitHub's actions, by the mouse.
	mouseClick(t, ctx, byID("run-"+gh.ID), "GitHub's Run an action")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-title"`, "focus on the panel's title")
	waitJS(t, ctx, `!!`+byID("run-actions-github-create-issue"), "GitHub's actions to be listed")
	if got := text(t, ctx, "#run-panel"); strings.Contains(got, "No actions yet") {
		t.Errorf("GitHub's panel reads %q", got)
	}

	asked.Store(0)
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	check("return visit")
	l.look("return")
}
