package e2e

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestPWAOffersPanelsOnlyForAppsWithTheirComponents: an account offers
// "Run an action" when its app has actions and Automations when it has
// triggers: GitHub's both, Google Sheets' only Run an action, Dropbox's
// neither, though each keeps its other buttons. The page learns which
// from one request for the apps with actions and one for those with
// triggers, however many accounts there are, on a first visit and again
// on a return visit. Looked at on a phone and a desktop, light and dark.
func TestPWAOffersPanelsOnlyForAppsWithTheirComponents(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	var actions, triggers atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			switch u := r.Request.URL; {
			case strings.Contains(u, "/api/connect/apps?has_actions=true"):
				actions.Add(1)
			case strings.Contains(u, "/api/connect/apps?has_triggers=true"):
				triggers.Add(1)
			}
		}
	})
	run(t, ctx, network.Enable())
	l := newLooker(t, ctx, "run-apps", phone)
	user := text(t, ctx, "code.user-id")
	gh := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	gh2 := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	gs := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "google_sheets")
	db := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "dropbox")

	check := func(visit string) {
		t.Helper()
		waitText(t, ctx, ".accounts", "4 accounts.")
		waitJS(t, ctx, `!!(`+byID("run-"+gh.ID)+` && `+byID("run-"+gh2.ID)+` && `+byID("automations-"+gh2.ID)+` && `+byID("run-"+gs.ID)+`)`,
			visit+": GitHub's and Google Sheets' accounts to offer Run an action")
		var got map[string]bool
		run(t, ctx, chromedp.Evaluate(`Object.fromEntries(["automations-`+gs.ID+`", "run-`+db.ID+`", "automations-`+db.ID+`", "disconnect-`+db.ID+`"].map((id) => [id, !!document.getElementById(id)]))`, &got))
		want := map[string]bool{"automations-" + gs.ID: false, "run-" + db.ID: false, "automations-" + db.ID: false, "disconnect-" + db.ID: true}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: #%s shows: %v, want %v", visit, id, got[id], w)
			}
		}
		if a, tr := actions.Load(), triggers.Load(); a != 1 || tr != 1 {
			t.Errorf("%s: the page asked for the apps with actions %d times and with triggers %d times, want once each", visit, a, tr)
		}
	}
	clickButton(t, ctx, "Refresh")
	check("first visit")
	l.look("accounts")

	// The offers lead somewhere: GitHub's actions and triggers, by the mouse.
	mouseClick(t, ctx, byID("run-"+gh.ID), "GitHub's Run an action")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "run-title"`, "focus on the panel's title")
	waitJS(t, ctx, `!!`+byID("run-actions-github-create-issue"), "GitHub's actions to be listed")
	mouseClick(t, ctx, byID("automations-"+gh2.ID), "the second GitHub account's Automations")
	waitJS(t, ctx, `document.activeElement && document.activeElement.id === "automations-title"`, "focus on the Automations' title")
	waitJS(t, ctx, `!!`+byID("automation-form-submit"), "GitHub's trigger form")

	actions.Store(0)
	triggers.Store(0)
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	check("return visit")
	l.look("return")
}
