package connectui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// renderField is one prop: its label, control, description and error.
func (f *ComponentForm) renderField(fl *field) app.UI {
	id := f.fieldID(fl)
	p := &fl.prop
	if p.Type == connectapi.PropAlert {
		tone := string(p.AlertType)
		if tone == "" {
			tone = "info"
		}
		return f.text("div.alert id class role=note", p.Content, id, "alert-"+safeID(tone))
	}
	group := p.Type == connectapi.PropStringArray && !p.RemoteOptions || p.Type == connectapi.PropObject
	class := "field-" + safeID(string(p.Type))
	if fl.err != "" {
		class += " field-invalid"
	}
	text := fl.labelText()
	if p.Type == connectapi.PropApp && p.Label == "" {
		text = f.appName(p.App) + " account"
	}
	var head app.UI
	switch {
	case p.Type == connectapi.PropBoolean:
		// The checkbox's own label follows it.
	case group:
		head = f.text("span.label id", text, id+"-label")
	default:
		head = f.text("label.label id for", text, id+"-label", f.controlID(fl))
	}
	var desc, wait, errp, remove app.UI
	if p.Description != "" {
		desc = f.text("p.help id", p.Description, id+"-desc")
	}
	if w := f.state.waitingFor(fl); w != "" {
		wait = f.text("p.help.waiting id", w, id+"-wait")
	}
	if fl.err != "" {
		// Only when there is one: 20 empty paragraphs were a tenth of the
		// form's DOM work. An error first shows on a submission, which the
		// summary announces; the control's aria-describedby names it.
		errp = f.text("p.error id aria-live=polite", fl.err, id+"-err")
	}
	if p.Optional {
		remove = f.button("", "link", "Remove", "Remove "+fl.label(), false).
			On("click", func(ctx app.Context, e app.Event) { f.removeField(ctx, fl) }, app.EventScope(p.Name))
	}
	role, labelled, described := "", "", ""
	if group {
		role, labelled, described = "group", id+"-label", f.describedBy(fl, "")
	}
	return f.el("div.field class role aria-labelledby aria-describedby", class, role, labelled, described).Body(
		head,
		f.renderControl(fl),
		desc,
		wait,
		errp,
		remove,
	)
}

// labelText is the label with "(optional)" for optional props.
func (fl *field) labelText() string {
	if fl.prop.Optional {
		return fl.label() + " (optional)"
	}
	return fl.label()
}

// button is a button of kind (primary, secondary, link) with text, and
// label as its accessible name when it is not empty.
func (f *ComponentForm) button(id, kind, text, label string, off bool) app.HTMLElem {
	return f.el("button.button type=button id class aria-label disabled", id, "button-"+kind, label, flag(off || !f.mounted)).Text(text)
}

// input is a text box of fl (a type in spec makes it another): the
// attributes of spec (as markup's, without the tag) over a control's,
// then its value.
func (f *ComponentForm) input(fl *field, value, spec string, values ...string) app.HTMLElem {
	in := f.el("input.input aria-invalid aria-describedby disabled",
		flag(fl.err != ""), f.describedBy(fl, ""), flag(!f.mounted || fl.prop.Disabled))
	return attrs(in, f.ClassPrefix, spec, values).Attr("value", value)
}

// renderControl is the control for fl's type.
func (f *ComponentForm) renderControl(fl *field) app.UI {
	p := &fl.prop
	switch {
	case p.Type == connectapi.PropApp:
		return f.renderAccounts(fl)
	case p.RemoteOptions:
		return f.renderCombobox(fl)
	case p.Type == connectapi.PropStringArray && len(p.Options) > 0:
		return f.renderChecks(fl)
	case len(p.Options) > 0:
		return f.renderSelect(fl)
	case p.Type == connectapi.PropBoolean:
		return f.renderCheckbox(fl)
	case p.Type == connectapi.PropStringArray, p.Type == connectapi.PropObject:
		return f.renderRows(fl)
	}
	spec, lo, hi := "id required", "", ""
	switch {
	case p.Type == connectapi.PropInteger:
		spec = "id required type=number inputmode=numeric step=1 min max"
		if p.Min != nil {
			lo = strconv.FormatInt(*p.Min, 10)
		}
		if p.Max != nil {
			hi = strconv.FormatInt(*p.Max, 10)
		}
	case p.Secret:
		spec = "id required type=password autocomplete=off"
	}
	return f.input(fl, fl.text, spec, f.controlID(fl), flag(!p.Optional), lo, hi).
		On("input", func(ctx app.Context, e app.Event) { fl.text = ctx.JSSrc().Get("value").String() }, app.EventScope(p.Name)).
		On("change", func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(p.Name))
}

// selectBox is a select of fl with options (values and labels), the empty
// choice (placeholder) first: onChoose gets the index of the option chosen,
// -1 for the empty choice. It goes by the option's index, not its value:
// no lookup among values, and two options may share a value.
func (f *ComponentForm) selectBox(fl *field, placeholder string, values, labels []string, chosen int, off bool, describedBy string, onChoose func(ctx app.Context, i int)) app.UI {
	opts := make([]app.UI, 0, len(labels)+1)
	opts = append(opts, f.text("option", placeholder))
	for i, v := range values {
		opts = append(opts, f.text("option value selected", labels[i], v, flag(i == chosen)))
	}
	return f.el("select.select id required aria-invalid aria-describedby disabled",
		f.controlID(fl), flag(!fl.prop.Optional), flag(fl.err != ""), describedBy, flag(!f.mounted || off || fl.prop.Disabled)).
		On("change", func(ctx app.Context, e app.Event) {
			onChoose(ctx, ctx.JSSrc().Get("selectedIndex").Int()-1)
		}, app.EventScope(fl.prop.Name)).
		Body(opts...)
}

// renderAccounts is an app prop: the user's accounts of its app, and a
// button that connects a new one in place.
func (f *ComponentForm) renderAccounts(fl *field) app.UI {
	appSlug := fl.prop.App
	accounts := f.accountsOf(appSlug)
	name := f.appName(appSlug)
	placeholder := "Choose an account"
	switch {
	case f.accountsErr != "":
		placeholder = "Your accounts could not be loaded"
	case f.accounts == nil:
		placeholder = "Loading your accounts…"
	case len(accounts) == 0:
		placeholder = "No " + name + " account yet: connect one"
	}
	values, labels, chosen := make([]string, len(accounts)), accountNames(accounts), -1
	for i, a := range accounts {
		values[i] = a.ID
		if !a.Healthy {
			labels[i] += " (unhealthy)"
		}
		if a.ID == fl.account {
			chosen = i
		}
	}
	id := f.fieldID(fl)
	return f.el("div.account-picker").Body(
		f.selectBox(fl, placeholder, values, labels, chosen, f.accounts == nil, f.describedBy(fl, id+"-accounts"),
			func(ctx app.Context, i int) {
				fl.account = ""
				if accounts := f.accountsOf(appSlug); i >= 0 && i < len(accounts) {
					fl.account = accounts[i].ID
				}
				f.edited(ctx, fl)
			}),
		f.text("p.help id", f.accountsErr, id+"-accounts"),
		&ConnectButton{
			App: appSlug, AppName: name, ID: id + "-connect",
			Text: "Connect a new " + name + " account", Class: f.cls("button button-secondary"),
			TokenURL: f.Endpoints.TokenURL, FrontendURL: f.Endpoints.FrontendURL,
			Disabled: f.connecting != "" && f.connecting != fl.prop.Name,
			Events:   f.connectEvents(fl, name),
		},
	)
}

// appName is the display name of the app of slug, as the user's accounts
// say; without one, the slug in words ("google_sheets": "Google sheets").
func (f *ComponentForm) appName(slug string) string {
	for _, a := range f.accounts {
		if a.App.NameSlug == slug {
			return a.App.DisplayName()
		}
	}
	s := strings.ReplaceAll(slug, "_", " ")
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// connectEvents follow the flow an app prop's "Connect a new account"
// opened: the new account is chosen when it succeeds.
func (f *ComponentForm) connectEvents(fl *field, name string) Events {
	return Events{
		OnStart: func(ctx app.Context, _ Flow) { f.connecting = fl.prop.Name },
		OnSuccess: func(ctx app.Context, _ Flow, s connect.Success) {
			fl.account = s.ID
			f.summary = "Connected a new " + name + " account."
			f.edited(ctx, fl)
			f.loadAccounts(ctx)
		},
		OnError: func(ctx app.Context, _ Flow, err error) {
			fl.err = uikit.Describe("connect the account", err)
		},
		OnClose: func(ctx app.Context, _ Flow, _ connect.CloseStatus) { f.connecting = "" },
	}
}

// renderSelect is a prop with static options: a select.
func (f *ComponentForm) renderSelect(fl *field) app.UI {
	opts := fl.prop.Options
	values, labels, chosen := make([]string, len(opts)), make([]string, len(opts)), -1
	for i, o := range opts {
		values[i], labels[i] = strconv.Itoa(i), o.Label
		if fl.choice != nil && sameValue(fl.choice.Value, o.Value) {
			chosen = i
		}
	}
	return f.selectBox(fl, "Choose…", values, labels, chosen, false, f.describedBy(fl, ""),
		func(ctx app.Context, i int) {
			fl.choice = nil
			if opts := fl.prop.Options; i >= 0 && i < len(opts) {
				fl.choice = &opts[i]
			}
			f.edited(ctx, fl)
		})
}

// check is a checkbox with its label after it: fl's own (a boolean prop,
// opt -1) or that of fl's option opt.
func (f *ComponentForm) check(fl *field, opt int, id, label string, on bool, describedBy string) app.UI {
	return f.el("div.check").Body(
		f.el("input.checkbox type=checkbox id checked aria-describedby disabled",
			id, tf(on), describedBy, flag(!f.mounted || fl.prop.Disabled)).
			On("change", func(ctx app.Context, e app.Event) { f.checked(ctx, fl, opt, ctx.JSSrc().Get("checked").Bool()) }, app.EventScope(id)),
		f.text("label.label for", label, id),
	)
}

// checked takes a checkbox's change (see check).
func (f *ComponentForm) checked(ctx app.Context, fl *field, opt int, on bool) {
	switch {
	case opt < 0:
		fl.on = on
	case opt < len(fl.prop.Options):
		fl.picks = toggled(fl.picks, fl.prop.Options[opt], on)
	}
	f.edited(ctx, fl)
}

// renderChecks is a string[] prop with static options: a checkbox each.
func (f *ComponentForm) renderChecks(fl *field) app.UI {
	opts := fl.prop.Options
	id := f.fieldID(fl)
	boxes := make([]app.UI, len(opts))
	for i, o := range opts {
		checked := false
		for _, p := range fl.picks {
			checked = checked || sameValue(p.Value, o.Value)
		}
		boxes[i] = f.check(fl, i, id+"-"+strconv.Itoa(i), o.Label, checked, "")
	}
	return f.el("div.checks").Body(boxes...)
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
	return f.check(fl, -1, f.controlID(fl), fl.labelText(), fl.on, f.describedBy(fl, ""))
}

// renderRows is a string[] prop without options (a text box per row) or
// an object prop (key and value boxes per entry), with "Add" and each
// row's "Remove". One handler takes all their events (rowEvent).
func (f *ComponentForm) renderRows(fl *field) app.UI {
	id := f.fieldID(fl)
	object := fl.prop.Type == connectapi.PropObject
	n, add := len(fl.rows), "Add "+lower(fl.label())
	if object {
		n, add = len(fl.pairs), "Add an entry"
	}
	rows := make([]app.UI, 0, n+1)
	for i := range n {
		rid, num := id+"-"+strconv.Itoa(i), strconv.Itoa(i+1)
		key, name, label := "", fl.label()+" "+num, fl.label()+" "+num
		var value app.UI
		if object {
			key, name, label = fl.pairs[i].Key, "entry "+num, "Key "+num
			value = f.input(fl, fl.pairs[i].Value, "id aria-label", rid+"-value", "Value "+num)
		} else {
			key = fl.rows[i]
		}
		rows = append(rows, f.el("div.row").Body(
			f.input(fl, key, "id aria-label", rid, label),
			value,
			f.button(rid+"-remove", "link", "Remove", "Remove "+name, false),
		))
	}
	rows = append(rows, f.button(id+"-add", "secondary", add, "", false))
	// One listener takes the events of every control in it (rowEvent).
	return on(f.el("div.rows"), func(ctx app.Context, e app.Event) { f.rowEvent(ctx, e, fl) }, fl.prop.Name,
		"input", "change", "click").Body(rows...)
}

// rowEvent handles the events of renderRows's controls, which their ids
// name: FIELD-add, FIELD-i (a row's text or key), FIELD-i-value,
// FIELD-i-remove.
func (f *ComponentForm) rowEvent(ctx app.Context, e app.Event, fl *field) {
	src := e.Get("target")
	rest, ok := strings.CutPrefix(src.Get("id").String(), f.fieldID(fl)+"-")
	if !ok {
		return
	}
	typ := e.Get("type").String()
	if rest == "add" {
		if typ == "click" {
			f.addRow(ctx, fl)
		}
		return
	}
	num, part, _ := strings.Cut(rest, "-")
	i, err := strconv.Atoi(num)
	if err != nil {
		return
	}
	switch {
	case part == "remove":
		if typ == "click" {
			f.removeRow(ctx, fl, i)
		}
	case typ == "click": // into a text box
	case typ == "change":
		f.edited(ctx, fl)
	case part == "value":
		f.setRow(fl, i, 1, src.Get("value").String())
	default:
		f.setRow(fl, i, 0, src.Get("value").String())
	}
}

// setRow sets part (0: the text or key, 1: the value) of row i.
func (f *ComponentForm) setRow(fl *field, i, part int, s string) {
	switch {
	case fl.prop.Type != connectapi.PropObject && i < len(fl.rows):
		fl.rows[i] = s
	case i < len(fl.pairs) && part == 0:
		fl.pairs[i].Key = s
	case i < len(fl.pairs):
		fl.pairs[i].Value = s
	}
}

// addRow adds an empty row and focuses it.
func (f *ComponentForm) addRow(ctx app.Context, fl *field) {
	n := len(fl.rows)
	if fl.prop.Type == connectapi.PropObject {
		fl.pairs, n = append(fl.pairs, pair{}), len(fl.pairs)
	} else {
		fl.rows = append(fl.rows, "")
	}
	uikit.Focus(ctx, f.fieldID(fl)+"-"+strconv.Itoa(n))
}

// removeRow removes row i and moves the focus to the first row, or "Add".
func (f *ComponentForm) removeRow(ctx app.Context, fl *field, i int) {
	switch {
	case fl.prop.Type == connectapi.PropObject && i < len(fl.pairs):
		fl.pairs = append(fl.pairs[:i:i], fl.pairs[i+1:]...)
	case fl.prop.Type != connectapi.PropObject && i < len(fl.rows):
		fl.rows = append(fl.rows[:i:i], fl.rows[i+1:]...)
	default:
		return
	}
	f.edited(ctx, fl)
	uikit.Focus(f.self, f.controlID(fl)) // the row's Remove button goes
}
