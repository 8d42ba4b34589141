package connectui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// renderField is one prop: its label, control, description and error.
func (f *ComponentForm) renderField(fl *field) app.UI {
	id := f.fieldID(fl)
	if fl.prop.Type == pipedream.PropAlert {
		tone := fl.prop.AlertType
		if tone == "" {
			tone = "info"
		}
		return app.Div().ID(id).Class(f.cls("alert", "alert-"+safeID(string(tone)))).Role("note").Text(fl.prop.Content)
	}
	group := fl.prop.Type == pipedream.PropStringArray && !fl.prop.RemoteOptions || fl.prop.Type == pipedream.PropObject
	class := f.cls("field", "field-"+safeID(string(fl.prop.Type)))
	if fl.err != "" {
		class += " " + f.cls("field-invalid")
	}
	label := app.Span().Body(
		app.Text(fl.label()),
		app.If(fl.prop.Optional, func() app.UI { return app.Span().Class(f.cls("optional-mark")).Text(" (optional)") }),
	)
	var head app.UI
	switch {
	case fl.prop.Type == pipedream.PropBoolean:
		head = nil // the checkbox's own label follows it
	case group:
		head = app.Legend().ID(id + "-label").Class(f.cls("label")).Body(label)
	default:
		head = app.Label().ID(id + "-label").Class(f.cls("label")).For(f.controlID(fl)).Body(label)
	}
	parts := []app.UI{
		head,
		f.renderControl(fl),
		app.If(fl.prop.Description != "", func() app.UI {
			return app.P().ID(id + "-desc").Class(f.cls("help")).Text(fl.prop.Description)
		}),
		app.If(f.state.waitingFor(fl) != "", func() app.UI {
			return app.P().ID(id + "-wait").Class(f.cls("help", "waiting")).Text(f.state.waitingFor(fl))
		}),
		app.P().ID(id+"-err").Class(f.cls("error")).Aria("live", "polite").Text(fl.err),
		app.If(fl.prop.Optional, func() app.UI {
			return app.Button().Type("button").Class(f.cls("button", "button-link", "remove-field")).
				Aria("label", "Remove "+fl.label()).
				OnClick(func(ctx app.Context, e app.Event) { f.removeField(ctx, fl) }, app.EventScope(fl.prop.Name)).
				Text("Remove")
		}),
	}
	if group {
		return app.FieldSet().Class(class).Aria("describedby", f.describedBy(fl)).Body(parts...)
	}
	return app.Div().Class(class).Body(parts...)
}

// renderControl is the control for fl's type.
func (f *ComponentForm) renderControl(fl *field) app.UI {
	p := fl.prop
	switch {
	case p.Type == pipedream.PropApp:
		return f.renderAccounts(fl)
	case p.RemoteOptions:
		return f.renderCombobox(fl)
	case p.Type == pipedream.PropStringArray && len(p.Options) > 0:
		return f.renderChecks(fl)
	case len(p.Options) > 0:
		return f.renderSelect(fl)
	case p.Type == pipedream.PropBoolean:
		return f.renderCheckbox(fl)
	case p.Type == pipedream.PropStringArray:
		return f.renderRows(fl)
	case p.Type == pipedream.PropObject:
		return f.renderPairs(fl)
	case p.Type == pipedream.PropInteger:
		in := f.textInput(fl, f.controlID(fl)).Type("number").Attr("inputmode", "numeric").Attr("step", 1)
		if lo, ok := propMin(p); ok {
			in = in.Attr("min", lo)
		}
		if hi, ok := propMax(p); ok {
			in = in.Attr("max", hi)
		}
		return in
	}
	in := f.textInput(fl, f.controlID(fl)).Type("text")
	if p.Secret {
		in = in.Type("password").Attr("autocomplete", "off")
	}
	return in
}

// textInput is a text box bound to fl.text.
func (f *ComponentForm) textInput(fl *field, id string) app.HTMLInput {
	return app.Input().ID(id).Class(f.cls("input")).Value(fl.text).
		Attr("required", uikit.DisabledIf(!fl.prop.Optional)).
		Aria("invalid", fl.err != "").
		Aria("describedby", f.describedBy(fl)).
		Attr("disabled", uikit.DisabledIf(!f.mounted || fl.prop.Disabled)).
		OnInput(func(ctx app.Context, e app.Event) { fl.text = ctx.JSSrc().Get("value").String() }, app.EventScope(fl.prop.Name)).
		OnChange(func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(fl.prop.Name))
}

// renderAccounts is an app prop: the user's accounts of its app, and a
// button that connects a new one in place.
func (f *ComponentForm) renderAccounts(fl *field) app.UI {
	appSlug := fl.prop.App
	accounts := f.accountsOf(appSlug)
	name := appSlug
	for _, a := range f.accounts {
		if a.App.NameSlug == appSlug {
			name = a.App.DisplayName()
			break
		}
	}
	placeholder := "Choose an account"
	switch {
	case f.accountsErr != "":
		placeholder = "Your accounts could not be loaded"
	case f.accounts == nil:
		placeholder = "Loading your accounts…"
	case len(accounts) == 0:
		placeholder = "No " + name + " account yet: connect one"
	}
	opts := []app.UI{app.Option().Value("").Text(placeholder)}
	for _, a := range accounts {
		label := orDash(a.Name)
		if !a.Healthy {
			label += " (unhealthy)"
		}
		opts = append(opts, app.Option().Value(a.ID).Selected(a.ID == fl.account).Text(label))
	}
	id := f.fieldID(fl)
	return app.Div().Class(f.cls("account-picker")).Body(
		app.Select().ID(f.controlID(fl)).Class(f.cls("select")).
			Attr("required", uikit.DisabledIf(!fl.prop.Optional)).
			Aria("invalid", fl.err != "").
			Aria("describedby", f.describedBy(fl, id+"-accounts")).
			Attr("disabled", uikit.DisabledIf(!f.mounted || f.accounts == nil)).
			OnChange(func(ctx app.Context, e app.Event) {
				fl.account = ctx.JSSrc().Get("value").String()
				f.edited(ctx, fl)
			}, app.EventScope(fl.prop.Name)).
			Body(opts...),
		app.P().ID(id+"-accounts").Class(f.cls("help")).Text(f.accountsErr),
		&ConnectButton{
			App: appSlug, AppName: name, ID: id + "-connect",
			Text: "Connect a new " + name + " account", Class: f.cls("button", "button-secondary"),
			TokenURL: f.Endpoints.tokenURL(), FrontendURL: f.Endpoints.FrontendURL,
			Disabled: f.connecting != "" && f.connecting != fl.prop.Name,
			Events: Events{
				Start: func(ctx app.Context, _ Flow) { f.connecting = fl.prop.Name },
				Success: func(ctx app.Context, _ Flow, s connect.Success) {
					fl.account = s.ID
					f.summary = "Connected a new " + name + " account."
					f.edited(ctx, fl)
					f.loadAccounts(ctx)
				},
				Error: func(ctx app.Context, _ Flow, err error) {
					fl.err = uikit.Describe("connect the account", err)
				},
				Close: func(ctx app.Context, _ Flow, _ connect.CloseStatus) { f.connecting = "" },
			},
		},
	)
}

// renderSelect is a prop with static options: a select.
func (f *ComponentForm) renderSelect(fl *field) app.UI {
	opts := []app.UI{app.Option().Value("").Text("Choose…")}
	for i, o := range fl.staticOptions() {
		chosen := fl.choice != nil && sameValue(fl.choice.Value, o.Value)
		opts = append(opts, app.Option().Value(strconv.Itoa(i)).Selected(chosen).Text(o.Label))
	}
	return app.Select().ID(f.controlID(fl)).Class(f.cls("select")).
		Attr("required", uikit.DisabledIf(!fl.prop.Optional)).
		Aria("invalid", fl.err != "").
		Aria("describedby", f.describedBy(fl)).
		Attr("disabled", uikit.DisabledIf(!f.mounted || fl.prop.Disabled)).
		OnChange(func(ctx app.Context, e app.Event) {
			fl.choice = nil
			if i, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && i < len(fl.prop.Options) {
				o := fl.staticOptions()[i]
				fl.choice = &o
			}
			f.edited(ctx, fl)
		}, app.EventScope(fl.prop.Name)).
		Body(opts...)
}

// renderChecks is a string[] prop with static options: a checkbox each.
func (f *ComponentForm) renderChecks(fl *field) app.UI {
	opts := fl.staticOptions()
	id := f.fieldID(fl)
	return app.Div().Class(f.cls("checks")).Body(
		app.Range(opts).Slice(func(i int) app.UI {
			o := opts[i]
			cid := id + "-" + strconv.Itoa(i)
			checked := false
			for _, p := range fl.picks {
				checked = checked || sameValue(p.Value, o.Value)
			}
			return app.Div().Class(f.cls("check")).Body(
				app.Input().Type("checkbox").ID(cid).Class(f.cls("checkbox")).Checked(checked).
					Attr("disabled", uikit.DisabledIf(!f.mounted || fl.prop.Disabled)).
					OnChange(func(ctx app.Context, e app.Event) {
						fl.picks = toggled(fl.picks, o, ctx.JSSrc().Get("checked").Bool())
						f.edited(ctx, fl)
					}, app.EventScope(fl.prop.Name+"/"+cid)),
				app.Label().For(cid).Text(o.Label),
			)
		}),
	)
}

// toggled adds o to picks, or removes it.
func toggled(picks []option, o option, on bool) []option {
	var out []option
	for _, p := range picks {
		if !sameValue(p.Value, o.Value) {
			out = append(out, p)
		}
	}
	if on {
		out = append(out, o)
	}
	return out
}

// renderCheckbox is a boolean prop.
func (f *ComponentForm) renderCheckbox(fl *field) app.UI {
	cid := f.controlID(fl)
	return app.Div().Class(f.cls("check")).Body(
		app.Input().Type("checkbox").ID(cid).Class(f.cls("checkbox")).Checked(fl.on).
			Aria("describedby", f.describedBy(fl)).
			Attr("disabled", uikit.DisabledIf(!f.mounted || fl.prop.Disabled)).
			OnChange(func(ctx app.Context, e app.Event) {
				fl.on = ctx.JSSrc().Get("checked").Bool()
				f.edited(ctx, fl)
			}, app.EventScope(fl.prop.Name)),
		app.Label().ID(f.fieldID(fl)+"-label").Class(f.cls("label")).For(cid).Body(
			app.Text(fl.label()),
			app.If(fl.prop.Optional, func() app.UI { return app.Span().Class(f.cls("optional-mark")).Text(" (optional)") }),
		),
	)
}

// renderRows is a string[] prop without options: a text box per row.
func (f *ComponentForm) renderRows(fl *field) app.UI {
	id := f.fieldID(fl)
	return app.Div().Class(f.cls("rows")).Body(
		app.Range(fl.rows).Slice(func(i int) app.UI {
			rid := id + "-" + strconv.Itoa(i)
			n := strconv.Itoa(i + 1)
			return app.Div().Class(f.cls("row")).Body(
				app.Input().ID(rid).Type("text").Class(f.cls("input")).Value(fl.rows[i]).
					Aria("label", fl.label()+" "+n).
					Aria("invalid", fl.err != "").
					Aria("describedby", f.describedBy(fl)).
					Attr("disabled", uikit.DisabledIf(!f.mounted)).
					OnInput(func(ctx app.Context, e app.Event) {
						if i < len(fl.rows) {
							fl.rows[i] = ctx.JSSrc().Get("value").String()
						}
					}, app.EventScope(rid)).
					OnChange(func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(rid)),
				app.Button().Type("button").Class(f.cls("button", "button-link")).
					Aria("label", "Remove "+fl.label()+" "+n).
					Attr("disabled", uikit.DisabledIf(!f.mounted)).
					OnClick(func(ctx app.Context, e app.Event) {
						if i < len(fl.rows) {
							fl.rows = append(fl.rows[:i:i], fl.rows[i+1:]...)
							f.edited(ctx, fl)
							uikit.Focus(ctx, f.controlID(fl))
						}
					}, app.EventScope(rid)).
					Text("Remove"),
			)
		}),
		app.Button().ID(id+"-add").Type("button").Class(f.cls("button", "button-secondary")).
			Attr("disabled", uikit.DisabledIf(!f.mounted)).
			OnClick(func(ctx app.Context, e app.Event) {
				fl.rows = append(fl.rows, "")
				uikit.Focus(ctx, id+"-"+strconv.Itoa(len(fl.rows)-1))
			}, app.EventScope(fl.prop.Name)).
			Text("Add "+lower(fl.label())),
	)
}

// renderPairs is an object prop: key and value boxes per entry.
func (f *ComponentForm) renderPairs(fl *field) app.UI {
	id := f.fieldID(fl)
	return app.Div().Class(f.cls("rows")).Body(
		app.Range(fl.pairs).Slice(func(i int) app.UI {
			rid := id + "-" + strconv.Itoa(i)
			n := strconv.Itoa(i + 1)
			return app.Div().Class(f.cls("row", "pair")).Body(
				app.Input().ID(rid).Type("text").Class(f.cls("input")).Value(fl.pairs[i].Key).
					Aria("label", "Key "+n).Aria("invalid", fl.err != "").
					Aria("describedby", f.describedBy(fl)).
					Attr("disabled", uikit.DisabledIf(!f.mounted)).
					OnInput(func(ctx app.Context, e app.Event) {
						if i < len(fl.pairs) {
							fl.pairs[i].Key = ctx.JSSrc().Get("value").String()
						}
					}, app.EventScope(rid)).
					OnChange(func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(rid)),
				app.Input().ID(rid+"-value").Type("text").Class(f.cls("input")).Value(fl.pairs[i].Value).
					Aria("label", "Value "+n).
					Attr("disabled", uikit.DisabledIf(!f.mounted)).
					OnInput(func(ctx app.Context, e app.Event) {
						if i < len(fl.pairs) {
							fl.pairs[i].Value = ctx.JSSrc().Get("value").String()
						}
					}, app.EventScope(rid)).
					OnChange(func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(rid)),
				app.Button().Type("button").Class(f.cls("button", "button-link")).
					Aria("label", "Remove entry "+n).
					Attr("disabled", uikit.DisabledIf(!f.mounted)).
					OnClick(func(ctx app.Context, e app.Event) {
						if i < len(fl.pairs) {
							fl.pairs = append(fl.pairs[:i:i], fl.pairs[i+1:]...)
							f.edited(ctx, fl)
							uikit.Focus(ctx, f.controlID(fl))
						}
					}, app.EventScope(rid)).
					Text("Remove"),
			)
		}),
		app.Button().ID(id+"-add").Type("button").Class(f.cls("button", "button-secondary")).
			Attr("disabled", uikit.DisabledIf(!f.mounted)).
			OnClick(func(ctx app.Context, e app.Event) {
				fl.pairs = append(fl.pairs, pair{})
				uikit.Focus(ctx, id+"-"+strconv.Itoa(len(fl.pairs)-1))
			}, app.EventScope(fl.prop.Name)).
			Text("Add an entry"),
	)
}
