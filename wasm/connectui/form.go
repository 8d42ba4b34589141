package connectui

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/componentsapi"
	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// DefaultClassPrefix starts the class names of the component form's
// markup, which its stylesheet (Stylesheet) targets.
const DefaultClassPrefix = "pd-"

// ComponentForm configures and runs one action for the page's user, as
// @pipedream/connect-react's ComponentForm does: it loads the component,
// renders a control for each configurable prop, asks for remote options as
// the user types and scrolls, reloads dynamic props, lets the user choose
// one of their accounts or connect a new one in place, validates as the
// service does, runs the action and shows its result.
//
// It calls the components API from the browser with the user's Connect
// tokens (from Endpoints.TokenURL, the same endpoint [ConnectButton] uses),
// so the app server adds nothing. Every request ends when the form leaves
// the page.
//
// Its markup has no inline styles: class names start with ClassPrefix and
// the stylesheet [Stylesheet] themes them with CSS custom properties.
type ComponentForm struct {
	app.Compo

	Component string                     // the action's key, such as "slack-send-message"; required
	Version   string                     // a version of it; the latest when empty
	PropNames []string                   // show only these props (and the accounts); all when empty
	Values    connectapi.ConfiguredProps // initial values, by prop name
	Endpoints Endpoints                  // where the API and the app server's routes are

	ID          string // the form element's id, which starts its parts' ids; "pd-form" when empty
	ClassPrefix string // DefaultClassPrefix when empty
	SubmitText  string // the run button's text; "Run" when empty
	// Autofocus moves the focus to the form's title once a component
	// loads: for a form that shows because the user just chose it.
	Autofocus bool

	// OnRun, when set, gets each run's outcome on the UI goroutine.
	OnRun func(ctx app.Context, r Run)

	// Trigger says Component is a trigger's key: the form configures the
	// trigger, and Submit deploys it.
	Trigger bool
	// Submit, when set, takes the configured props instead of the action
	// running (a trigger's form needs it: the app chooses where its events
	// go). It runs off the UI goroutine with a context that ends when the
	// form leaves the page; the form shows done, or why it failed.
	Submit func(ctx context.Context, s Submission) (done string, err error)

	api     formAPI     // the network; a test's fake when set before mounting
	self    app.Context // the form's own: a focus move outlives the control clicked
	cancel  context.CancelFunc
	reqs    context.Context // requests' context: ends when the form leaves the page
	mounted bool

	loaded    string // the key and version loaded or loading
	loading   bool
	loadErr   string
	component connectapi.Component
	state     *formState

	accounts    []Account
	accountsErr string
	connecting  string // the prop whose "Connect a new account" flow is open

	addOpen    bool // the optional fields' menu shows
	enterChose bool // Enter chose an option, and its keyup has not come: not a submission
	summary    string
	running    bool
	result     *Run
}

// Run is the outcome of one run of a [ComponentForm]'s action.
type Run struct {
	Component string                     // the action's key
	Name      string                     // its name
	Props     connectapi.ConfiguredProps // what it ran with
	Result    connectapi.RunResult       // what it answered
	// Err is why the run failed: the API refused it (a *connect.HTTPError),
	// or the action itself failed (a *connectapi.RunError; Result's
	// observations say how).
	Err error
}

// Failed reports whether the run failed.
func (r Run) Failed() bool { return r.Err != nil }

// Submission is what a [ComponentForm]'s Submit gets: the component and
// its props as the user configured them.
type Submission struct {
	Component       string // the component's key
	ConfiguredProps connectapi.ConfiguredProps
	DynamicPropsID  string // the dynamic props the form reloaded, if any
	// Chosen are the options picked from lists, by prop name, with the
	// labels the user saw.
	Chosen map[string][]connectapi.PropOption
}

// kind is the kind of component the form configures, and its noun.
func (f *ComponentForm) kind() componentsapi.Kind {
	if f.Trigger {
		return componentsapi.Triggers
	}
	return componentsapi.Actions
}

func (f *ComponentForm) noun() string {
	if f.Trigger {
		return "trigger"
	}
	return "action"
}

// OnMount implements app.Mounter: it loads the component and the accounts.
func (f *ComponentForm) OnMount(ctx app.Context) {
	f.mounted, f.self = true, ctx
	f.reqs, f.cancel = context.WithCancel(ctx)
	if f.api == nil {
		f.api = apiFor(f.Endpoints)
	}
	ctx.Handle(ActionRefresh, func(ctx app.Context, _ app.Action) { f.loadAccounts(ctx) })
	f.load(ctx)
	f.loadAccounts(ctx)
}

// OnDismount implements app.Dismounter: it ends the form's requests.
func (f *ComponentForm) OnDismount() {
	if f.cancel != nil {
		f.cancel()
	}
}

// OnUpdate implements app.Updater: another component loads afresh.
func (f *ComponentForm) OnUpdate(ctx app.Context) {
	if f.mounted && f.loaded != f.Component+"@"+f.Version {
		f.load(ctx)
	}
}

func (f *ComponentForm) id() string { return or(f.ID, "pd-form") }

// load retrieves the component and makes its fields.
func (f *ComponentForm) load(ctx app.Context) {
	key, version := f.Component, f.Version
	f.loaded, f.loading, f.loadErr, f.result, f.summary = key+"@"+version, true, "", nil, ""
	f.state = nil
	if key == "" {
		f.loading, f.loadErr = false, "No action to show."
		return
	}
	noun := f.noun()
	var out struct {
		Data connectapi.Component `json:"data"`
	}
	f.request(ctx, "GET", "/"+string(f.kind())+"/"+url.PathEscape(key)+componentsapi.Query("version", version), nil, &out, func(ctx app.Context, err error) {
		if f.loaded != key+"@"+version {
			return // another component was asked for meanwhile
		}
		f.loading = false
		if err != nil {
			f.loadErr = uikit.Describe("load the "+noun, err)
			return
		}
		f.setComponent(out.Data)
		if f.Autofocus {
			uikit.Focus(ctx, f.id()+"-title")
		}
	})
}

// background runs call off the UI goroutine, then then with its error on
// it: the one Async and Dispatch of the components' requests, each of
// which was two closures and two calls of its own.
func background(ctx app.Context, call func() error, then func(ctx app.Context, err error)) {
	ctx.Async(func() {
		err := call()
		ctx.Dispatch(func(ctx app.Context) { then(ctx, err) })
	})
}

// request calls the components API in the background (see formAPI.call):
// out holds the answer when then runs.
func (f *ComponentForm) request(ctx app.Context, method, path string, in, out any, then func(ctx app.Context, err error)) {
	api, reqs := f.api, f.reqs
	background(ctx, func() error { return api.call(reqs, method, path, in, out) }, then)
}

// setComponent makes the fields of c.
func (f *ComponentForm) setComponent(c connectapi.Component) {
	f.component = c
	f.state = newFormState(c.ConfigurableProps, f.PropNames, f.Values)
	f.pickOnlyAccounts()
}

// loadAccounts gets the user's accounts, for the app props.
func (f *ComponentForm) loadAccounts(ctx app.Context) {
	api, reqs := f.api, f.reqs
	var list connectapi.List[Account]
	background(ctx, func() error { return api.get(reqs, or(f.Endpoints.AccountsURL, DefaultAccountsURL), &list) }, func(ctx app.Context, err error) {
		if err != nil {
			f.accountsErr = uikit.Describe("load your accounts", err)
			return
		}
		f.accounts, f.accountsErr = list.Data, ""
		f.pickOnlyAccounts()
	})
}

// pickOnlyAccounts chooses the account of an empty app prop when the user
// has exactly one of its app, unless the user chose none themselves: the
// accounts load again whenever a flow on the page closes.
func (f *ComponentForm) pickOnlyAccounts() {
	if f.state == nil || f.accounts == nil {
		return
	}
	for _, fl := range f.state.fields {
		if fl.prop.Type != connectapi.PropApp || fl.account != "" || fl.picked {
			continue
		}
		if as := f.accountsOf(fl.prop.App); len(as) == 1 {
			fl.account = as[0].ID
		}
	}
}

// accountsOf are the user's healthy accounts of app.
func (f *ComponentForm) accountsOf(app string) []Account {
	var out []Account
	for _, a := range f.accounts {
		if a.App.NameSlug == app && !a.Dead {
			out = append(out, a)
		}
	}
	return out
}

// edited handles a change of fl's value: it clears and refetches the
// remote options computed from it, and reloads the props when fl says so.
func (f *ComponentForm) edited(ctx app.Context, fl *field) {
	if fl.err != "" {
		fl.validate()
	}
	for _, g := range f.state.changed(fl) {
		if f.state.waitingFor(g) == "" {
			f.fetchOptions(ctx, g, false)
		}
	}
	if fl.prop.ReloadProps {
		f.reloadProps(ctx, fl)
	}
}

// reloadProps asks for the props that follow from fl's value.
func (f *ComponentForm) reloadProps(ctx app.Context, fl *field) {
	if _, ok := fl.value(); !ok {
		return
	}
	st := f.state
	req := connectapi.ReloadPropsRequest{
		ID: f.component.Key, Version: f.Version,
		ConfiguredProps: st.configured(-1), DynamicPropsID: st.dynamicID,
	}
	fl.remote.seq++
	seq := fl.remote.seq
	f.summary = "Loading the fields for " + lower(fl.label()) + "…"
	var res connectapi.ReloadPropsResult
	f.request(ctx, "POST", "/"+string(f.kind())+"/props", &req, &res, func(ctx app.Context, err error) {
		if f.state != st || fl.remote.seq != seq {
			return
		}
		f.summary = ""
		switch {
		case err != nil:
			fl.err = uikit.Describe("load the fields for "+lower(fl.label()), err)
		case len(res.Errors) > 0:
			fl.err = strings.Join(res.Errors, " ")
		case res.DynamicProps != nil:
			st.reloaded(fl, *res.DynamicProps)
		}
	})
}

// submit takes the form's submission: the browser does not send it.
func (f *ComponentForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if f.enterChose {
		f.enterChose = false
		return // the Enter that chose an option
	}
	f.run(ctx)
}

// run validates, then runs the action.
func (f *ComponentForm) run(ctx app.Context) {
	if f.state == nil || f.running {
		return
	}
	if bad := f.state.validate(); bad != nil {
		var names []string
		for _, fl := range f.state.fields {
			if fl.err != "" {
				names = append(names, fl.label())
			}
		}
		f.summary = "Check " + plural(len(names), "field") + ": " + strings.Join(names, ", ") + "."
		uikit.Focus(ctx, f.controlID(bad))
		return
	}
	props := f.state.configured(-1)
	c, st := f.component, f.state
	if f.Submit != nil {
		f.submitTo(ctx, Submission{Component: c.Key, ConfiguredProps: props, DynamicPropsID: st.dynamicID, Chosen: st.chosen()})
		return
	}
	req := connectapi.RunActionRequest{ID: c.Key, Version: f.Version, ConfiguredProps: props, DynamicPropsID: st.dynamicID}
	f.running, f.result, f.summary = true, nil, "Running "+c.Name+"…"
	var res connectapi.RunResult
	f.request(ctx, "POST", "/actions/run", &req, &res, func(ctx app.Context, err error) {
		if err == nil {
			err = res.Err()
		}
		var se *fetch.StatusError
		if errors.As(err, &se) {
			err = (*connect.HTTPError)(se) // the shape callers can name
		}
		f.running = false
		r := Run{Component: c.Key, Name: c.Name, Props: props, Result: res, Err: err}
		f.result = &r
		if err != nil {
			f.summary = "The run failed: " + runReason(err)
		} else {
			f.summary = "Ran " + c.Name + "."
		}
		if f.OnRun != nil {
			f.OnRun(ctx, r)
		}
	})
}

// submitTo hands s to Submit and says how it went.
func (f *ComponentForm) submitTo(ctx app.Context, s Submission) {
	submit, reqs := f.Submit, f.reqs
	f.running, f.result, f.summary = true, nil, "Sending…"
	var done string
	background(ctx, func() (err error) { done, err = submit(reqs, s); return err }, func(ctx app.Context, err error) {
		f.running = false
		if err != nil {
			done = uikit.Describe(lower(or(f.SubmitText, "submit")), err)
		}
		f.summary = done
	})
}

// plural says "1 field" or "2 fields".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return uikit.Plural(n, unit)
}

// Render implements app.Composer.
func (f *ComponentForm) Render() app.UI {
	var body, result app.UI
	switch {
	case f.loadErr != "":
		body = f.el(`p.error role=alert "`, f.loadErr)
	case f.state == nil:
		msg := "Loading the " + f.noun() + "…"
		if !f.mounted {
			msg = "The form appears once the page has loaded."
		}
		body = f.el(`p.hint aria-live=polite "`, msg)
	default:
		body, result = f.renderForm(), f.renderResult()
	}
	return f.tree(f.id(), "div.form id=~ @ @", nil, []app.UI{body, result})
}

// renderForm is the loaded form.
func (f *ComponentForm) renderForm() app.UI {
	c := &f.component
	fields := []app.UI{}
	for _, fl := range f.state.fields {
		if fl.visible() {
			fields = append(fields, f.renderField(fl))
		}
	}
	submit := or(f.SubmitText, "Run")
	if f.running && f.Submit == nil {
		submit = "Running…"
	}
	return f.tree(f.id(), `form.fields id=~-form novalidate=true aria-labelledby=~-title !submit `+
		`<h3.title id=~-title tabindex=-1 " > <p.description? " > @ @ `+
		`<p.summary id=~-summary role=status aria-live=polite " > `+
		`<div.actions <button.button.button-primary id=~-submit type=submit disabled aria-busy "`,
		f.submit, []app.UI{f.el("div.props").Body(fields...), f.renderOptional()},
		c.Name, c.Description, f.summary, flag(!f.mounted || f.running), flag(f.running), submit)
}

// renderOptional is "Add optional field" and its menu of the optional
// props not added yet.
func (f *ComponentForm) renderOptional() app.UI {
	rest := f.state.optional()
	if len(rest) == 0 {
		return nil
	}
	id := f.id()
	var menu app.UI
	if f.addOpen {
		items := make([]app.UI, len(rest))
		for i, fl := range rest {
			items[i] = f.tree(id+"-add-"+strconv.Itoa(i), `li <button.button.button-link type=button id=~ disabled "`, nil, nil,
				flag(!f.mounted), fl.label())
		}
		menu = f.el("ul.optional-list id aria-label", id+"-optional", "Optional fields").Body(items...)
	}
	// One listener takes the clicks of the buttons in it (optionalClick).
	return f.tree(id, `div.optional !click `+
		`<button.button.button-secondary id=~-add type=button aria-expanded aria-controls=~-optional disabled " > @`,
		f.optionalClick, []app.UI{menu}, tf(f.addOpen), flag(!f.mounted), "Add optional field")
}

// optionalClick takes a click on "Add optional field", which opens or
// closes its menu, or on one of the menu's props (ID-add-i), which it
// adds.
func (f *ComponentForm) optionalClick(ctx app.Context, e app.Event) {
	add := f.id() + "-add"
	target := e.Get("target").Get("id").String()
	if target == add {
		f.addOpen = !f.addOpen
	} else if i, ok := indexIn(target, add+"-"); ok {
		if rest := f.state.optional(); i < len(rest) {
			f.addField(ctx, rest[i])
		}
	}
}

// addField shows an optional prop, with its default, and focuses it.
func (f *ComponentForm) addField(ctx app.Context, fl *field) {
	fl.shown = true
	f.addOpen = false
	uikit.Focus(f.self, f.controlID(fl)) // the menu's button goes
}

// removeField hides an optional prop again and forgets its value.
func (f *ComponentForm) removeField(ctx app.Context, fl *field) {
	fl.clear()
	fl.shown = false
	fl.applyDefault()
	f.edited(ctx, fl)
	if len(f.state.optional()) > 0 {
		uikit.Focus(f.self, f.id()+"-add") // the Remove button goes
	}
}

// fieldID is the id of a prop's parts: fieldID(fl)+"-desc", ....
func (f *ComponentForm) fieldID(fl *field) string {
	return f.id() + "-" + safeID(fl.prop.Name)
}

// controlID is the id of the element that takes the focus for fl.
func (f *ComponentForm) controlID(fl *field) string {
	switch {
	case fl.prop.Type == connectapi.PropStringArray && !fl.hasOptions(),
		fl.prop.Type == connectapi.PropObject:
		if len(fl.rows) == 0 && len(fl.pairs) == 0 {
			return f.fieldID(fl) + "-add"
		}
		return f.fieldID(fl) + "-0"
	case fl.prop.Type == connectapi.PropStringArray && !fl.prop.RemoteOptions:
		return f.fieldID(fl) + "-0"
	}
	return f.fieldID(fl)
}

// safeID keeps the characters of s an id may hold, for CSS selectors too.
func safeID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// describedBy lists the ids that describe fl's control: first is one,
// or "".
func (f *ComponentForm) describedBy(fl *field, first string) string {
	id, ids := f.fieldID(fl), first
	if fl.prop.Description != "" {
		ids += " " + id + "-desc"
	}
	if f.state.waitingFor(fl) != "" {
		ids += " " + id + "-wait"
	}
	if fl.err != "" {
		ids += " " + id + "-err"
	}
	return strings.TrimPrefix(ids, " ")
}
