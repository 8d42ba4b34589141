package pwa

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// Actions of the Automations panel.
const (
	actionAutomationsOpen  = "pdconnect/automations"       // connectui.Account: open the panel for it
	actionAutomationsClose = "pdconnect/automations-close" // nil
	actionTriggerEvent     = "pdconnect/trigger-event"     // string: a trigger_event's data
)

// Ids of the panel's parts.
const (
	automationsTitleID = "automations-title"
	automationFormID   = "automation-form"
	automationPickID   = "automation-trigger"
)

// maxTriggerEvents is how many events the panel shows per trigger.
const maxTriggerEvents = 10

// AutomationsPanel deploys the triggers of an account's app for the user
// and shows their events as they arrive: pick a trigger, fill its props
// (connectui.ComponentForm, with the account chosen), deploy; each
// deployed trigger can be paused, resumed and deleted. The server chooses
// where events go, verifies them and pushes them to the page's event
// stream.
type AutomationsPanel struct {
	app.Compo

	Account   connectui.Account
	Endpoints connectui.Endpoints // for the form

	api     api
	ui      app.Context // the panel's, for the form's Submit to dispatch with
	forAcct string      // the account the state below is about

	catalog    []connectapi.Component
	catalogErr string
	chosen     string

	triggers []connectapi.DeployedTrigger // this account's
	labels   map[string]string            // labels of values deployed bare, by value
	listErr  string
	events   map[string][]connectapi.TriggerEventData // newest first, by trigger
	busy     map[string]bool                          // triggers being changed
}

// OnMount implements app.Mounter.
func (p *AutomationsPanel) OnMount(ctx app.Context) {
	p.api, p.ui = newAPI(app.Window().URL()), ctx
	ctx.Handle(actionTriggerEvent, func(ctx app.Context, a app.Action) {
		data, _ := a.Value.(string)
		var ev connectapi.TriggerEventData
		if json.Unmarshal([]byte(data), &ev) != nil || ev.ID == "" {
			return
		}
		ev.E = nil // the panel shows the summary; the event need not stay
		p.addEvents(ev.DeployedTriggerID, ev)
	})
	p.load(ctx)
}

// OnUpdate implements app.Updater: another account's panel loads afresh.
func (p *AutomationsPanel) OnUpdate(ctx app.Context) {
	if p.forAcct != p.Account.ID {
		p.load(ctx)
	}
}

// load fetches the app's triggers and the account's deployed ones.
func (p *AutomationsPanel) load(ctx app.Context) {
	acct := p.Account
	p.forAcct = acct.ID
	p.catalog, p.catalogErr, p.chosen, p.triggers, p.listErr = nil, "", "", nil, ""
	p.events, p.busy, p.labels = map[string][]connectapi.TriggerEventData{}, map[string]bool{}, map[string]string{}
	ctx.Async(func() {
		cat, err := p.api.triggerCatalog(ctx, acct.App.NameSlug)
		ctx.Dispatch(func(ctx app.Context) {
			if p.forAcct != acct.ID {
				return
			}
			if err != nil {
				p.catalogErr = uikit.Describe("list the triggers", err)
				return
			}
			p.catalog = cat
			if len(cat) > 0 {
				p.chosen = cat[0].Key
			}
		})
	})
	ctx.Async(func() {
		all, err := p.api.listTriggers(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.forAcct != acct.ID {
				return
			}
			if err != nil {
				p.listErr = uikit.Describe("list your automations", err)
				return
			}
			for _, t := range all {
				if usesAccount(t, acct.ID) {
					p.triggers = append(p.triggers, t)
					p.loadEvents(ctx, t.ID)
					p.loadLabels(ctx, t)
				}
			}
		})
	})
}

// loadEvents fetches a trigger's recent events.
func (p *AutomationsPanel) loadEvents(ctx app.Context, id string) {
	ctx.Async(func() {
		evs, err := p.api.triggerEvents(ctx, id)
		if err != nil {
			return // the live ones still arrive
		}
		ctx.Dispatch(func(ctx app.Context) {
			out := make([]connectapi.TriggerEventData, 0, len(evs))
			for _, e := range evs {
				out = append(out, connectapi.TriggerEventData{DeployedTriggerID: id, ID: e.ID, TS: int64(e.TS), Sum: e.Sum})
			}
			p.addEvents(id, out...)
		})
	})
}

// maxLabelLookups is how many bare values the panel looks labels up for.
const maxLabelLookups = 10

// loadLabels looks up the labels of the values t was deployed with bare,
// without the labels the user saw (by another client, or before the panel
// kept them): each value among its prop's options, searched for by the
// value itself.
func (p *AutomationsPanel) loadLabels(ctx app.Context, t connectapi.DeployedTrigger) {
	for _, pr := range t.ConfigurableProps {
		if !pr.RemoteOptions || t.ComponentKey == "" {
			continue
		}
		for _, v := range bare(t.ConfiguredProps[pr.Name]) {
			if _, ok := p.labels[v]; ok || len(p.labels) >= maxLabelLookups {
				continue
			}
			p.labels[v] = v // asked
			ctx.Async(func() {
				opts, err := p.api.triggerOptions(ctx, t.ComponentKey, pr.Name, t.ConfiguredProps, v)
				if err != nil {
					return // the value shows as it is
				}
				ctx.Dispatch(func(ctx app.Context) {
					for _, o := range opts {
						if toText(o.Value) == v {
							p.labels[v] = o.Label
						}
					}
				})
			})
		}
	}
}

// bare are the values of a configured value kept without labels, as text.
func bare(v any) []string {
	switch v := v.(type) {
	case string, float64:
		return []string{toText(v)}
	case []string:
		return v
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, bare(e)...)
		}
		return out
	}
	return nil
}

// addEvents merges events into a trigger's list, newest first, once each.
func (p *AutomationsPanel) addEvents(id string, evs ...connectapi.TriggerEventData) {
	if !slices.ContainsFunc(p.triggers, func(t connectapi.DeployedTrigger) bool { return t.ID == id }) {
		return
	}
	list := p.events[id]
	for _, e := range evs {
		if !slices.ContainsFunc(list, func(x connectapi.TriggerEventData) bool { return x.ID == e.ID }) {
			list = append(list, e)
		}
	}
	slices.SortFunc(list, func(a, b connectapi.TriggerEventData) int { return int(b.TS - a.TS) })
	if len(list) > maxTriggerEvents {
		list = list[:maxTriggerEvents]
	}
	p.events[id] = list
}

// usesAccount reports whether t's app prop is accountID.
func usesAccount(t connectapi.DeployedTrigger, accountID string) bool {
	for _, pr := range t.ConfigurableProps {
		if pr.Type == connectapi.PropApp {
			if id, ok := t.ConfiguredProps.AccountID(pr.Name); ok && id == accountID {
				return true
			}
		}
	}
	return false
}

// appProps is the configured props with the account in c's app props.
func appProps(c connectapi.Component, a connectui.Account) connectapi.ConfiguredProps {
	props := connectapi.ConfiguredProps{}
	for _, pr := range c.ConfigurableProps {
		if pr.Type == connectapi.PropApp && pr.App == a.App.NameSlug {
			props.SetApp(pr.Name, a.ID)
		}
	}
	return props
}

// deploy deploys the trigger as the form configured it (off the UI
// goroutine: the form's Submit).
func (p *AutomationsPanel) deploy(ctx context.Context, s connectui.Submission) (string, error) {
	acct := p.Account.ID
	t, err := p.api.deployTrigger(ctx, s.Component, withLabels(s.ConfiguredProps, s.Chosen))
	if err != nil {
		return "", err
	}
	p.ui.Dispatch(func(ctx app.Context) {
		if p.forAcct != acct {
			return
		}
		p.triggers = append(p.triggers, t)
		p.events[t.ID] = nil
	})
	return "“" + t.Name + "” is on. Its events appear below as they happen.", nil
}

// setActive pauses or resumes one trigger.
func (p *AutomationsPanel) setActive(ctx app.Context, id string, active bool) {
	p.busy[id] = true
	ctx.Async(func() {
		t, err := p.api.setTriggerActive(ctx, id, active)
		ctx.Dispatch(func(ctx app.Context) {
			delete(p.busy, id)
			if err != nil {
				p.listErr = uikit.Describe("change the automation", err)
				return
			}
			p.listErr = ""
			if i := slices.IndexFunc(p.triggers, func(x connectapi.DeployedTrigger) bool { return x.ID == id }); i >= 0 {
				p.triggers[i] = t
			}
		})
	})
}

// remove deletes one trigger.
func (p *AutomationsPanel) remove(ctx app.Context, id string) {
	p.busy[id] = true
	ctx.Async(func() {
		err := p.api.deleteTrigger(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			delete(p.busy, id)
			if err != nil {
				p.listErr = uikit.Describe("delete the automation", err)
				return
			}
			p.listErr = ""
			p.triggers = slices.DeleteFunc(p.triggers, func(x connectapi.DeployedTrigger) bool { return x.ID == id })
			delete(p.events, id)
			uikit.Focus(p.ui, automationsTitleID) // the Delete button went
		})
	})
}

// Render implements app.Composer.
func (p *AutomationsPanel) Render() app.UI {
	a := p.Account
	return app.Section().ID("automations-panel").Class("card", "automations").Aria("labelledby", automationsTitleID).Body(
		app.Div().Class("card-head").Body(
			automationsPanel.title("Automations for", a),
			app.Button().Type("button").Class("button-secondary").
				Aria("label", "Close the automations of "+a.Label()).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actionAutomationsClose) }).
				Text("Close"),
		),
		app.P().Class("hint").Text(connected(a)+"Deploy a trigger with this account, and each event it emits shows here as it happens."),
		p.renderForm(),
		p.renderList(),
	)
}

func (p *AutomationsPanel) renderForm() app.UI {
	switch {
	case p.catalogErr != "":
		return app.P().Class("notice", "notice-error").Role("alert").Text(p.catalogErr)
	case p.catalog == nil:
		return app.P().Class("hint").Text("Loading the triggers…")
	case len(p.catalog) == 0:
		return app.P().Class("hint").Text(p.Account.App.DisplayName() + " has no triggers yet.")
	}
	i := slices.IndexFunc(p.catalog, func(c connectapi.Component) bool { return c.Key == p.chosen })
	return app.Div().Class("automation-form").Body(
		app.Div().Class("field").Body(
			app.Label().For(automationPickID).Text("Trigger"),
			app.Select().ID(automationPickID).
				OnChange(func(ctx app.Context, e app.Event) { p.chosen = ctx.JSSrc().Get("value").String() }).
				Body(app.Range(p.catalog).Slice(func(i int) app.UI {
					k := p.catalog[i]
					return app.Option().Value(k.Key).Selected(k.Key == p.chosen).Text(k.Name)
				})),
		),
		app.If(i >= 0, func() app.UI {
			return &connectui.ComponentForm{
				Component: p.chosen, Trigger: true, ID: automationFormID, Endpoints: p.Endpoints,
				Values: appProps(p.catalog[i], p.Account), SubmitText: "Deploy", Submit: p.deploy,
			}
		}),
	)
}

func (p *AutomationsPanel) renderList() app.UI {
	return app.Div().Class("automation-list").Body(
		app.H3().Text("Deployed"),
		app.If(p.listErr != "", func() app.UI { return app.P().Class("notice", "notice-error").Role("alert").Text(p.listErr) }),
		app.If(len(p.triggers) == 0, func() app.UI { return app.P().Class("hint").Text("None yet.") }),
		app.Ul().Class("automations-deployed").Body(app.Range(p.triggers).Slice(func(i int) app.UI {
			t := p.triggers[i]
			id := t.ID
			evs := p.events[id]
			state := "Paused"
			if t.Active {
				state = "On"
			}
			return app.Li().ID("automation-"+id).Class("automation").Body(
				app.Div().Class("automation-head").Body(
					app.H4().Text(t.Name),
					app.Span().Class("badge", "badge-"+stateClass(t.Active)).Text(state),
				),
				app.P().Class("hint").Text(propsSummary(t, p.labels)),
				app.Div().Class("automation-actions").Body(
					app.Button().Type("button").Class("button-secondary").
						Aria("label", pauseText(t.Active)+" “"+t.Name+"”").
						Attr("disabled", uikit.DisabledIf(p.busy[id])).
						// The scope holds the state: the handler flips it.
						OnClick(func(ctx app.Context, e app.Event) { p.setActive(ctx, id, !t.Active) }, app.EventScope(id+pauseText(t.Active))).
						Text(pauseText(t.Active)),
					app.Button().Type("button").Class("button-danger").
						Aria("label", "Delete “"+t.Name+"”").
						Attr("disabled", uikit.DisabledIf(p.busy[id])).
						OnClick(func(ctx app.Context, e app.Event) { p.remove(ctx, id) }, app.EventScope(id)).
						Text("Delete"),
				),
				app.Div().Role("log").Aria("label", "Events of "+t.Name).Body(
					app.If(len(evs) == 0, func() app.UI { return app.P().Class("hint").Text("No events yet.") }),
					app.Ol().Class("automation-events").Body(app.Range(evs).Slice(func(j int) app.UI {
						ev := evs[j]
						at := time.UnixMilli(ev.TS)
						return app.Li().Class("automation-event").Body(
							app.Time().DateTime(at.UTC().Format(time.RFC3339)).Text(clock(at)),
							app.Span().Class("automation-sum").Text(sumOrID(ev)),
						)
					})),
				),
			)
		})),
	)
}

// propsSummary is what a trigger watches, in a line: its props' values
// other than accounts, each by the label it was deployed with, else the
// one labels has for it, else as it is.
func propsSummary(t connectapi.DeployedTrigger, labels map[string]string) string {
	out := ""
	for _, pr := range t.ConfigurableProps {
		v, ok := t.ConfiguredProps[pr.Name]
		if !ok || pr.Type == connectapi.PropApp {
			continue
		}
		if out != "" {
			out += " · "
		}
		out += propLabel(pr) + ": " + strings.Join(shown(v, labels), ", ")
	}
	return out
}

// shown is a configured value as people read it: each item by its label
// when it was kept with one ({"__lv": ...}), else by the one labels has,
// else as text.
func shown(v any, labels map[string]string) []string {
	switch v := v.(type) {
	case connectapi.LabeledValue:
		return []string{v.LV.Label}
	case map[string]any:
		switch lv := v["__lv"].(type) {
		case map[string]any:
			return []string{toText(lv["label"])}
		case []any:
			return shown(lv, nil)
		}
		if l, ok := v["label"]; ok && len(v) == 2 {
			return []string{toText(l)} // an item of {"__lv": [...]}
		}
	case []string:
		return shown(toAny(v), labels)
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, shown(e, labels)...)
		}
		return out
	}
	if l, ok := labels[toText(v)]; ok {
		return []string{l}
	}
	return []string{toText(v)}
}

// withLabels is props with the options picked from lists kept with their
// labels, as connect-react keeps them and the service stores them:
// {"__lv": {label, value}} for one, {"__lv": [{label, value}, ...]} for a
// list. A trigger deployed so shows its labels after a reload.
func withLabels(props connectapi.ConfiguredProps, chosen map[string][]connectapi.PropOption) connectapi.ConfiguredProps {
	out := maps.Clone(props)
	for name, opts := range chosen {
		label := func(v any) (connectapi.PropOption, bool) {
			for _, o := range opts {
				if toText(o.Value) == toText(v) {
					return connectapi.PropOption{Label: o.Label, Value: v}, true
				}
			}
			return connectapi.PropOption{Label: toText(v), Value: v}, false
		}
		v, _ := props.Value(name) // a prop that wants labels has them already: the picked ones
		if ss, ok := v.([]string); ok {
			v = toAny(ss)
		}
		switch v := v.(type) {
		case []any:
			list := make([]connectapi.PropOption, len(v))
			for i, e := range v {
				list[i], _ = label(e)
			}
			out[name] = map[string]any{"__lv": list}
		case string, float64, int64, bool:
			if o, ok := label(v); ok {
				out[name] = connectapi.LabeledValue{LV: o}
			}
		}
	}
	return out
}

func propLabel(pr connectapi.ConfigurableProp) string {
	if pr.Label != "" {
		return pr.Label
	}
	return pr.Name
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// toText is a prop value as a form shows it.
func toText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	case []any:
		out := ""
		for i, e := range v {
			if i > 0 {
				out += ", "
			}
			out += toText(e)
		}
		return out
	case []string:
		return toText(toAny(v))
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func sumOrID(ev connectapi.TriggerEventData) string {
	if ev.Sum != "" {
		return ev.Sum
	}
	return "Event " + ev.ID
}

func stateClass(active bool) string {
	if active {
		return "on"
	}
	return "off"
}

func pauseText(active bool) string {
	if active {
		return "Pause"
	}
	return "Resume"
}
