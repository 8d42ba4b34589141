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
	p := fl.prop
	if p.Type == connectapi.PropAlert {
		tone := string(p.AlertType)
		if tone == "" {
			tone = "info"
		}
		return el("div", "id", id, "class", f.cls("alert alert-"+safeID(tone)), "role", "note").Text(p.Content)
	}
	group := p.Type == connectapi.PropStringArray && !p.RemoteOptions || p.Type == connectapi.PropObject
	class := f.cls("field field-" + safeID(string(p.Type)))
	if fl.err != "" {
		class += " " + f.cls("field-invalid")
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
		head = el("span", "id", id+"-label", "class", f.cls("label")).Text(text)
	default:
		head = el("label", "id", id+"-label", "class", f.cls("label"), "for", f.controlID(fl)).Text(text)
	}
	var desc, wait, errp, remove app.UI
	if p.Description != "" {
		desc = el("p", "id", id+"-desc", "class", f.cls("help")).Text(p.Description)
	}
	if w := f.state.waitingFor(fl); w != "" {
		wait = el("p", "id", id+"-wait", "class", f.cls("help waiting")).Text(w)
	}
	if fl.err != "" {
		// Only when there is one: 20 empty paragraphs were a tenth of the
		// form's DOM work. An error first shows on a submission, which the
		// summary announces; the control's aria-describedby names it.
		errp = el("p", "id", id+"-err", "class", f.cls("error"), "aria-live", "polite").Text(fl.err)
	}
	if p.Optional {
		remove = f.button("", "link", "Remove", "Remove "+fl.label(), false).
			On("click", func(ctx app.Context, e app.Event) { f.removeField(ctx, fl) }, app.EventScope(p.Name))
	}
	role, labelled, described := "", "", ""
	if group {
		role, labelled, described = "group", id+"-label", f.describedBy(fl)
	}
	return el("div", "class", class, "role", role, "aria-labelledby", labelled, "aria-describedby", described).Body(
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
	return el("button", "id", id, "type", "button", "class", f.cls("button button-"+kind),
		"aria-label", label, "disabled", flag(off || !f.mounted)).Text(text)
}

// input is a text box of fl (typ "" is text, the default): the
// control's attributes, then its value.
func (f *ComponentForm) input(fl *field, id, typ, value, label string, pairs ...string) app.HTMLElem {
	in := el("input", append([]string{"id", id, "type", typ, "class", f.cls("input"),
		"aria-label", label,
		"aria-invalid", flag(fl.err != ""),
		"aria-describedby", f.describedBy(fl),
		"disabled", flag(!f.mounted || fl.prop.Disabled)}, pairs...)...)
	return in.Attr("value", value)
}

// renderControl is the control for fl's type.
func (f *ComponentForm) renderControl(fl *field) app.UI {
	p := fl.prop
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
	typ, extra := "", []string{"required", flag(!p.Optional)}
	switch {
	case p.Type == connectapi.PropInteger:
		typ = "number"
		extra = append(extra, "inputmode", "numeric", "step", "1")
		if lo, ok := propMin(p); ok {
			extra = append(extra, "min", strconv.FormatInt(lo, 10))
		}
		if hi, ok := propMax(p); ok {
			extra = append(extra, "max", strconv.FormatInt(hi, 10))
		}
	case p.Secret:
		typ = "password"
		extra = append(extra, "autocomplete", "off")
	}
	return f.input(fl, f.controlID(fl), typ, fl.text, "", extra...).
		On("input", func(ctx app.Context, e app.Event) { fl.text = ctx.JSSrc().Get("value").String() }, app.EventScope(p.Name)).
		On("change", func(ctx app.Context, e app.Event) { f.edited(ctx, fl) }, app.EventScope(p.Name))
}

// selectBox is a select of fl with options: the empty choice first.
func (f *ComponentForm) selectBox(fl *field, placeholder string, values, labels []string, chosen int, off bool, describedBy string, onChange app.EventHandler) app.UI {
	opts := make([]app.UI, 0, len(values)+1)
	opts = append(opts, el("option", "value", "").Text(placeholder))
	for i, v := range values {
		opts = append(opts, el("option", "value", v, "selected", flag(i == chosen)).Text(labels[i]))
	}
	return el("select", "id", f.controlID(fl), "class", f.cls("select"),
		"required", flag(!fl.prop.Optional),
		"aria-invalid", flag(fl.err != ""),
		"aria-describedby", describedBy,
		"disabled", flag(!f.mounted || off || fl.prop.Disabled)).
		On("change", onChange, app.EventScope(fl.prop.Name)).
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
	return el("div", "class", f.cls("account-picker")).Body(
		f.selectBox(fl, placeholder, values, labels, chosen, f.accounts == nil, f.describedBy(fl, id+"-accounts"),
			func(ctx app.Context, e app.Event) {
				fl.account = ctx.JSSrc().Get("value").String()
				f.edited(ctx, fl)
			}),
		el("p", "id", id+"-accounts", "class", f.cls("help")).Text(f.accountsErr),
		&ConnectButton{
			App: appSlug, AppName: name, ID: id + "-connect",
			Text: "Connect a new " + name + " account", Class: f.cls("button button-secondary"),
			TokenURL: f.Endpoints.tokenURL(), FrontendURL: f.Endpoints.FrontendURL,
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
	opts := fl.staticOptions()
	values, labels, chosen := make([]string, len(opts)), make([]string, len(opts)), -1
	for i, o := range opts {
		values[i], labels[i] = strconv.Itoa(i), o.Label
		if fl.choice != nil && sameValue(fl.choice.Value, o.Value) {
			chosen = i
		}
	}
	return f.selectBox(fl, "Choose…", values, labels, chosen, false, f.describedBy(fl),
		func(ctx app.Context, e app.Event) {
			fl.choice = nil
			if i, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && i < len(opts) {
				fl.choice = &opts[i]
			}
			f.edited(ctx, fl)
		})
}

// check is a checkbox with its label after it.
func (f *ComponentForm) check(fl *field, id, label string, on bool, describedBy string, onChange app.EventHandler) app.UI {
	return el("div", "class", f.cls("check")).Body(
		el("input", "type", "checkbox", "id", id, "class", f.cls("checkbox"), "checked", tf(on),
			"aria-describedby", describedBy,
			"disabled", flag(!f.mounted || fl.prop.Disabled)).
			On("change", onChange, app.EventScope(id)),
		el("label", "for", id, "class", f.cls("label")).Text(label),
	)
}

// renderChecks is a string[] prop with static options: a checkbox each.
func (f *ComponentForm) renderChecks(fl *field) app.UI {
	opts := fl.staticOptions()
	id := f.fieldID(fl)
	boxes := make([]app.UI, len(opts))
	for i, o := range opts {
		checked := false
		for _, p := range fl.picks {
			checked = checked || sameValue(p.Value, o.Value)
		}
		boxes[i] = f.check(fl, id+"-"+strconv.Itoa(i), o.Label, checked, "", func(ctx app.Context, e app.Event) {
			fl.picks = toggled(fl.picks, o, ctx.JSSrc().Get("checked").Bool())
			f.edited(ctx, fl)
		})
	}
	return el("div", "class", f.cls("checks")).Body(boxes...)
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
	return f.check(fl, f.controlID(fl), fl.labelText(), fl.on, f.describedBy(fl), func(ctx app.Context, e app.Event) {
		fl.on = ctx.JSSrc().Get("checked").Bool()
		f.edited(ctx, fl)
	})
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
	scope := app.EventScope(fl.prop.Name)
	h := func(ctx app.Context, e app.Event) { f.rowEvent(ctx, e, fl) }
	rows := make([]app.UI, 0, n+1)
	for i := range n {
		rid, num := id+"-"+strconv.Itoa(i), strconv.Itoa(i+1)
		key, name, label := "", fl.label()+" "+num, fl.label()+" "+num
		var value app.UI
		if object {
			key, name, label = fl.pairs[i].Key, "entry "+num, "Key "+num
			value = f.input(fl, rid+"-value", "", fl.pairs[i].Value, "Value "+num).On("input", h, scope).On("change", h, scope)
		} else {
			key = fl.rows[i]
		}
		rows = append(rows, el("div", "class", f.cls("row")).Body(
			f.input(fl, rid, "", key, label).On("input", h, scope).On("change", h, scope),
			value,
			f.button(rid+"-remove", "link", "Remove", "Remove "+name, false).On("click", h, scope),
		))
	}
	rows = append(rows, f.button(id+"-add", "secondary", add, "", false).On("click", h, scope))
	return el("div", "class", f.cls("rows")).Body(rows...)
}

// rowEvent handles the events of renderRows's controls, which their ids
// name: FIELD-add, FIELD-i (a row's text or key), FIELD-i-value,
// FIELD-i-remove.
func (f *ComponentForm) rowEvent(ctx app.Context, e app.Event, fl *field) {
	src := ctx.JSSrc()
	rest, ok := strings.CutPrefix(src.Get("id").String(), f.fieldID(fl)+"-")
	if !ok {
		return
	}
	if rest == "add" {
		f.addRow(ctx, fl)
		return
	}
	num, part, _ := strings.Cut(rest, "-")
	i, err := strconv.Atoi(num)
	if err != nil {
		return
	}
	switch {
	case part == "remove":
		f.removeRow(ctx, fl, i)
	case e.Get("type").String() == "change":
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
