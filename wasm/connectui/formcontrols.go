package connectui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// renderField is one prop: its label, control, description, error and,
// for an optional prop, Remove.
func (f *ComponentForm) renderField(fl *field) app.UI {
	id := f.fieldID(fl)
	p := &fl.prop
	if p.Type == connectapi.PropAlert {
		tone := string(p.AlertType)
		if tone == "" {
			tone = "info"
		}
		return f.el(`div.alert id class role=note "`, id, "alert-"+safeID(tone), p.Content)
	}
	group := p.Type == connectapi.PropStringArray && !p.RemoteOptions || p.Type == connectapi.PropObject
	class := "field-" + safeID(string(p.Type))
	if fl.err != "" {
		class += " field-invalid"
	}
	// The label: a checkbox's own follows it, a group's names no control.
	head, text, control := "label", fl.labelText(), f.controlID(fl)
	switch {
	case p.Type == connectapi.PropApp && p.Label == "":
		text = f.appName(p.App) + " account"
	case p.Type == connectapi.PropBoolean:
		text = ""
	case group:
		head, control = "span", ""
	}
	role, labelled, described := "", "", ""
	if group {
		role, labelled, described = "group", id+"-label", f.describedBy(fl, "")
	}
	remove := ""
	if p.Optional {
		remove = "Remove"
	}
	// The error only when there is one: 20 empty paragraphs were a tenth
	// of the form's DOM work. An error first shows on a submission, which
	// the summary announces; the control's aria-describedby names it.
	return f.tree(id, `div.field class role aria-labelledby aria-describedby `+
		`<`+head+`.label? id=~-label for " > @ <p.help? id=~-desc " > <p.help.waiting? id=~-wait " > `+
		`<p.error? id=~-err aria-live=polite " > `+
		`<button.button.button-link? id=~-remove type=button aria-label disabled !click "`,
		f.event, []app.UI{f.renderControl(fl)},
		class, role, labelled, described, control, text, p.Description, f.state.waitingFor(fl), fl.err,
		"Remove "+fl.label(), flag(!f.mounted), remove)
}

// labelText is the label with "(optional)" for optional props.
func (fl *field) labelText() string {
	if fl.prop.Optional {
		return fl.label() + " (optional)"
	}
	return fl.label()
}

// input is a text box of fl, its id id, and its events going to h: spec
// (markup's, without the tag) and its values follow a control's common
// attributes, and may override them.
func (f *ComponentForm) input(fl *field, id, spec string, h app.EventHandler, values ...string) app.UI {
	return markup(f.ClassPrefix, id, "input.input aria-invalid aria-describedby disabled "+spec, h, nil,
		append([]string{flag(fl.err != ""), f.describedBy(fl, ""), flag(!f.mounted || fl.prop.Disabled)}, values...)...)
}

// The kinds of control a field has (controlOf).
const (
	textControl     = iota // a text box (string, integer)
	accountsControl        // a select of the user's accounts (app)
	comboControl           // a combobox of remote options
	checksControl          // a checkbox per option (string[] with options)
	selectControl          // a select of static options
	checkControl           // a checkbox (boolean)
	rowsControl            // rows of text boxes (string[], object)
)

// controlOf is the kind of fl's control.
func controlOf(fl *field) int {
	p := &fl.prop
	switch {
	case p.Type == connectapi.PropApp:
		return accountsControl
	case p.RemoteOptions:
		return comboControl
	case p.Type == connectapi.PropStringArray && len(p.Options) > 0:
		return checksControl
	case len(p.Options) > 0:
		return selectControl
	case p.Type == connectapi.PropBoolean:
		return checkControl
	case p.Type == connectapi.PropStringArray, p.Type == connectapi.PropObject:
		return rowsControl
	}
	return textControl
}

// renderControl is the control for fl's type. Its events go to event.
func (f *ComponentForm) renderControl(fl *field) app.UI {
	p := &fl.prop
	switch controlOf(fl) {
	case accountsControl:
		return f.renderAccounts(fl)
	case comboControl:
		return f.renderCombobox(fl)
	case checksControl: // a checkbox per option
		id := f.fieldID(fl)
		boxes := make([]app.UI, len(p.Options))
		for i, o := range p.Options {
			boxes[i] = f.check(fl, id+"-"+strconv.Itoa(i), o.Label, fl.chosen(o), "")
		}
		return f.el("div.checks").Body(boxes...)
	case selectControl: // a select, by the options' indexes
		values, labels, chosen := make([]string, len(p.Options)), make([]string, len(p.Options)), -1
		for i, o := range p.Options {
			values[i], labels[i] = strconv.Itoa(i), o.Label
			if fl.chosen(o) {
				chosen = i
			}
		}
		return f.selectBox(fl, "Choose…", values, labels, chosen, false, f.describedBy(fl, ""))
	case checkControl:
		return f.check(fl, f.controlID(fl), fl.labelText(), fl.on, f.describedBy(fl, ""))
	case rowsControl:
		return f.renderRows(fl)
	}
	typ, mode, step, lo, hi, auto := "", "", "", "", "", ""
	switch {
	case p.Type == connectapi.PropInteger:
		typ, mode, step = "number", "numeric", "1"
		if p.Min != nil {
			lo = strconv.FormatInt(*p.Min, 10)
		}
		if p.Max != nil {
			hi = strconv.FormatInt(*p.Max, 10)
		}
	case p.Secret:
		typ, auto = "password", "off"
	}
	return f.input(fl, f.fieldID(fl), "id=~ required type inputmode step min max autocomplete value !input !change", f.event,
		flag(!p.Optional), typ, mode, step, lo, hi, auto, fl.text)
}

// event takes the events of the fields' controls, which their ids name
// (fieldOf): one handler for all of them, not a closure per control.
func (f *ComponentForm) event(ctx app.Context, e app.Event) {
	typ := e.Get("type").String()
	if typ == "mousedown" { // only a combobox's popup listens
		e.PreventDefault() // the input keeps the focus
	}
	src := ctx.JSSrc()
	id := e.Get("target").Get("id").String()
	fl := f.fieldOf(id)
	if fl == nil {
		return
	}
	if id == f.fieldID(fl)+"-remove" {
		f.removeField(ctx, fl)
		return
	}
	switch controlOf(fl) {
	case textControl: // input keeps the text, change takes the value
		if fl.text = src.Get("value").String(); typ == "change" {
			f.edited(ctx, fl)
		}
	case accountsControl, selectControl:
		f.chose(ctx, fl, src.Get("selectedIndex").Int()-1)
	case checkControl:
		f.checked(ctx, fl, -1, src.Get("checked").Bool())
	case checksControl:
		if opt, ok := indexIn(id, f.fieldID(fl)+"-"); ok {
			f.checked(ctx, fl, opt, src.Get("checked").Bool())
		}
	case rowsControl:
		f.rowEvent(ctx, e, fl)
	case comboControl:
		f.comboEvent(ctx, e, fl)
	}
}

// fieldOf is the field whose control, or part of it, has the id id: the
// one with the longest fieldID that id is, or starts with before a "-".
func (f *ComponentForm) fieldOf(id string) *field {
	var found *field
	if f.state != nil {
		for _, fl := range f.state.fields {
			if fid := f.fieldID(fl); (id == fid || strings.HasPrefix(id, fid+"-")) && (found == nil || len(fid) > len(f.fieldID(found))) {
				found = fl
			}
		}
	}
	return found
}

// selectBox is a select of fl with options (values and labels), the empty
// choice (placeholder) first; its choice goes to chose. It goes by the
// option's index, not its value: no lookup among values, and two options
// may share a value.
func (f *ComponentForm) selectBox(fl *field, placeholder string, values, labels []string, chosen int, off bool, describedBy string) app.UI {
	opts := make([]app.UI, 0, len(labels)+1)
	opts = append(opts, f.el(`option "`, placeholder))
	for i, v := range values {
		opts = append(opts, f.el(`option value selected "`, v, flag(i == chosen), labels[i]))
	}
	return f.tree(f.fieldID(fl), "select.select id=~ required aria-invalid aria-describedby disabled !change", f.event, nil,
		flag(!fl.prop.Optional), flag(fl.err != ""), describedBy, flag(!f.mounted || off || fl.prop.Disabled)).
		Body(opts...)
}

// chose takes the choice of option i (-1: the empty choice) of fl's
// select: one of the user's accounts of an app prop, or a static option.
func (f *ComponentForm) chose(ctx app.Context, fl *field, i int) {
	if fl.prop.Type == connectapi.PropApp {
		fl.account, fl.picked = "", true
		if accounts := f.accountsOf(fl.prop.App); i >= 0 && i < len(accounts) {
			fl.account = accounts[i].ID
		}
	} else {
		fl.choice = nil
		if opts := fl.prop.Options; i >= 0 && i < len(opts) {
			fl.choice = &opts[i]
		}
	}
	f.edited(ctx, fl)
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
	return f.tree(id, `div.account-picker @ <p.help id=~-accounts " > @`, nil, []app.UI{
		f.selectBox(fl, placeholder, values, labels, chosen, f.accounts == nil, f.describedBy(fl, id+"-accounts")),
		&ConnectButton{
			App: appSlug, AppName: name, ID: id + "-connect",
			Text: "Connect a new " + name + " account", Class: classes(f.ClassPrefix, "button button-secondary"),
			TokenURL: f.Endpoints.TokenURL, FrontendURL: f.Endpoints.FrontendURL,
			Disabled: f.connecting != "" && f.connecting != fl.prop.Name,
			Events:   f.connectEvents(fl, name),
		},
	}, f.accountsErr)
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

// check is a checkbox with its label after it: fl's own (a boolean prop,
// its id fl's) or that of one of fl's options (its id fl's and the
// option's index).
func (f *ComponentForm) check(fl *field, id, label string, on bool, describedBy string) app.UI {
	return f.tree(id, `div.check <input.checkbox type=checkbox id=~ checked aria-describedby disabled !change > `+
		`<label.label for=~ "`, f.event, nil,
		tf(on), describedBy, flag(!f.mounted || fl.prop.Disabled), label)
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
			value = f.input(fl, rid, "id=~-value aria-label value", nil, "Value "+num, fl.pairs[i].Value)
		} else {
			key = fl.rows[i]
		}
		rows = append(rows, f.tree(rid, `div.row @ @ `+
			`<button.button.button-link type=button id=~-remove aria-label disabled " >`, nil,
			[]app.UI{f.input(fl, rid, "id=~ aria-label value", nil, label, key), value},
			"Remove "+name, flag(!f.mounted), "Remove"))
	}
	rows = append(rows, f.tree(id, `button.button.button-secondary type=button id=~-add disabled "`, nil, nil,
		flag(!f.mounted), add))
	// One listener takes the events of every control in it (rowEvent).
	return f.tree(id, "div.rows !input !change !click", f.event, nil).Body(rows...)
}

// rowEvent handles the events of renderRows's controls, which their ids
// name: FIELD-add adds an empty row and focuses it, FIELD-i-remove
// removes row i and moves the focus to the first row (or Add), and what
// is typed in FIELD-i (a row's text or key) or FIELD-i-value is kept,
// its change an edit.
func (f *ComponentForm) rowEvent(ctx app.Context, e app.Event, fl *field) {
	src := e.Get("target")
	rest, ok := strings.CutPrefix(src.Get("id").String(), f.fieldID(fl)+"-")
	typ := e.Get("type").String()
	object := fl.prop.Type == connectapi.PropObject
	num, part, _ := strings.Cut(rest, "-")
	i, err := strconv.Atoi(num)
	switch {
	case !ok:
	case rest == "add":
		if typ == "click" {
			n := len(fl.rows)
			if object {
				fl.pairs, n = append(fl.pairs, pair{}), len(fl.pairs)
			} else {
				fl.rows = append(fl.rows, "")
			}
			uikit.Focus(ctx, f.fieldID(fl)+"-"+strconv.Itoa(n))
		}
	case err != nil:
	case part == "remove":
		switch {
		case typ != "click":
			return
		case object && i < len(fl.pairs):
			fl.pairs = append(fl.pairs[:i:i], fl.pairs[i+1:]...)
		case !object && i < len(fl.rows):
			fl.rows = append(fl.rows[:i:i], fl.rows[i+1:]...)
		default:
			return
		}
		f.edited(ctx, fl)
		uikit.Focus(f.self, f.controlID(fl)) // the row's Remove button goes
	case typ == "click": // into a text box
	case typ == "change":
		f.edited(ctx, fl)
	default:
		v := src.Get("value").String()
		switch {
		case !object && i < len(fl.rows):
			fl.rows[i] = v
		case i < len(fl.pairs) && part == "value":
			fl.pairs[i].Value = v
		case i < len(fl.pairs):
			fl.pairs[i].Key = v
		}
	}
}
