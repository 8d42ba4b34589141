package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Actions the components post and the Page handles; each one's value.
const (
	actionSearch     = "pdconnect/search"     // string: the query
	actionSelect     = "pdconnect/select"     // App
	actionConnect    = "pdconnect/connect"    // flow
	actionDisconnect = "pdconnect/disconnect" // Account
	actionCreateLink = "pdconnect/link"       // nil
	actionRetry      = "pdconnect/retry"      // part: what to load again
	actionClearLog   = "pdconnect/clear-log"  // nil
)

// part names what a retry loads again.
type part string

// The parts of the page that load from the server.
const (
	partSession  part = "session"
	partApps     part = "apps"
	partAccounts part = "accounts"
)

// focus moves keyboard focus to the element with the given id once the
// current update is on screen. ctx's element must stay mounted.
func focus(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) { focusNow(id) })
}

// focusNow moves keyboard focus to the element with the given id, which is
// on the page already.
func focusNow(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// disabledIf is the value of a disabled attribute: present when off, absent
// otherwise. (go-app writes Disabled(false) as disabled="false" in the
// prerendered page, which browsers read as disabled.)
func disabledIf(off bool) any {
	if off {
		return true
	}
	return nil
}
