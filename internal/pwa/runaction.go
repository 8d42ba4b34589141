package pwa

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// Ids of the "Run an action" panel's parts.
const (
	runPanelTitleID = "run-title"
	runFormID       = "run-form"
)

// RunPanel runs one of the account's app's actions: pick an action
// (connectui.SelectComponent), fill its form (connectui.ComponentForm,
// with this account chosen), run it and see the result. OnRun gets each
// run, for the event log.
type RunPanel struct {
	app.Compo

	Account   connectui.Account
	Endpoints connectui.Endpoints
	OnRun     func(ctx app.Context, r connectui.Run)

	action  *connectapi.Component
	forAcct string // the account the chosen action is for
}

// Render implements app.Composer.
func (p *RunPanel) Render() app.UI {
	a := p.Account
	if p.forAcct != a.ID {
		p.action, p.forAcct = nil, a.ID
	}
	var form app.UI
	if p.action != nil {
		form = &connectui.ComponentForm{
			Component: p.action.Key,
			ID:        runFormID,
			Autofocus: true,
			Endpoints: p.Endpoints,
			Values:    appProps(*p.action, a),
			OnRun:     p.OnRun,
		}
	}
	return app.Section().ID("run-panel").Class("card", "run-panel").Aria("labelledby", runPanelTitleID).Body(
		app.Div().Class("card-head").Body(
			runPanel.title("Run an action with", a),
			app.Button().Type("button").Class("button-secondary").
				Aria("label", "Close the actions of "+a.Label()).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionRunClose) }).
				Text("Close"),
		),
		app.P().Class("hint").Text(connected(a)+"Pick an action, fill it in, and run it: it acts on "+a.App.DisplayName()+" for you, as this account."),
		&connectui.SelectComponent{
			App: a.App.NameSlug, AppName: a.App.DisplayName(), Endpoints: p.Endpoints,
			ID: "run-actions", Selected: selectedKey(p.action),
			OnSelect: func(ctx app.Context, c connectapi.Component) { p.action = &c },
		},
		form,
	)
}

func selectedKey(c *connectapi.Component) string {
	if c == nil {
		return ""
	}
	return c.Key
}

// runEvent is a run as the event log shows it.
func runEvent(r connectui.Run) Event {
	payload := struct {
		ID      string `json:"id"`
		Summary string `json:"summary,omitempty"`
		Error   string `json:"error,omitempty"`
	}{ID: r.Component, Summary: r.Result.Summary()}
	name := "actions.run"
	if r.Err != nil {
		payload.Error = uikit.Reason(r.Err)
		name = "actions.run failed"
	}
	return Event{At: time.Now(), Name: name, Payload: marshal(payload)}
}
