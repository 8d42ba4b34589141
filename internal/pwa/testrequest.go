package pwa

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// accountExtras renders what the page adds to each account's row: "Run an
// action" when its app has actions, Automations when it has triggers (as
// actions and triggers know), and a TestRequest for the accounts whose app
// the Connect proxy serves.
func accountExtras(ready bool, actions, triggers *componentApps) func(a connectui.Account) app.UI {
	return func(a connectui.Account) app.UI {
		var test app.UI
		if a.App.Connect != nil && a.App.Connect.ProxyEnabled {
			test = &TestRequest{Account: a, Ready: ready}
		}
		return app.Div().Class("account-extras").Body(
			panelButton(runPanel, actions, a, ready, "Run an action", "Run an action with "+a.Label()),
			panelButton(automationsPanel, triggers, a, ready, "Automations", "Automations of "+a.Label()),
			test)
	}
}

// TestRequest is an account's "Send a test request" button and what the
// request got: the server sends a GET to the account's app through the
// Connect proxy, as the user, and the page shows the provider's status and
// body. The credential stays on Pipedream's side.
type TestRequest struct {
	app.Compo

	Account connectui.Account
	Ready   bool // the wasm runs: the button works

	api     api
	running bool
	shown   string // the account id the result or error is about
	result  *connectapi.TestRequest
	err     string
}

// OnMount implements app.Mounter.
func (t *TestRequest) OnMount(ctx app.Context) { t.api = newAPI(app.Window().URL()) }

// Render implements app.Composer.
func (t *TestRequest) Render() app.UI {
	a := t.Account
	mine := t.shown == a.ID
	return app.Div().Class("test-request").Body(
		app.Button().ID("test-"+a.ID).Type("button").Class("button-secondary").
			Aria("label", "Send a test request with "+a.Label()).
			Attr("disabled", uikit.DisabledIf(!t.Ready || t.running)).
			OnClick(t.send, app.EventScope(a.ID)).
			Text(sendText(t.running)),
		app.Div().ID("test-result-"+a.ID).Role("status").Aria("live", "polite").Body(
			app.If(mine && t.err != "", func() app.UI {
				return app.P().Class("notice", "notice-error").Text(t.err)
			}).ElseIf(mine && t.result != nil, func() app.UI {
				r := t.result
				return app.Div().Class("test-result").Body(
					app.P().Class("test-status").Body(
						app.Code().Text(r.Method+" "+r.URL),
						app.Text(" answered "),
						app.Strong().Class(statusClass(r.Status)).Text(strconv.Itoa(r.Status)),
						app.If(r.Truncated, func() app.UI { return app.Text(" (body cut at 16 KiB)") }),
					),
					// A long body scrolls in its box, which keyboards
					// reach too.
					app.Pre().Class("test-body").Role("region").Aria("label", "Response body").TabIndex(0).Body(bodyLines(r.Body)...),
				)
			}),
		),
	)
}

// send asks the server for a test request and shows its outcome.
func (t *TestRequest) send(ctx app.Context, _ app.Event) {
	id := t.Account.ID
	t.running, t.shown, t.result, t.err = true, id, nil, ""
	ctx.Async(func() {
		r, err := t.api.testRequest(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			t.running = false
			if t.shown != id {
				return // the row shows another account now
			}
			if err != nil {
				t.err = uikit.Describe("send a test request", err)
				return
			}
			t.result = &r
		})
	})
}

// pretty indents a JSON body; anything else is shown as it is.
func pretty(body string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(body), "", "  ") != nil {
		return body
	}
	return b.String()
}

// maxDepth is the deepest indentation bodyLines keeps apart.
const maxDepth = 8

// bodyLines is a body, pretty, as one element a line whose class holds
// its depth, so that a line too long for a phone wraps under its own
// start, indented, and not at the box's left edge.
func bodyLines(body string) []app.UI {
	lines := strings.Split(pretty(body), "\n")
	out := make([]app.UI, len(lines))
	for i, l := range lines {
		text := strings.TrimLeft(l, " ")
		depth := min((len(l)-len(text))/2, maxDepth)
		out[i] = app.Span().Class("body-line", "depth-"+strconv.Itoa(depth)).Text(text)
	}
	return out
}

func sendText(running bool) string {
	if running {
		return "Sending…"
	}
	return "Send a test request"
}

// statusClass colours a provider's status: 2xx good, others not.
func statusClass(status int) string {
	if status >= 200 && status < 300 {
		return "status-ok"
	}
	return "status-error"
}
