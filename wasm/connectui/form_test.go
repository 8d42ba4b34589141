//go:build !(js && wasm)

package connectui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/componentsapi"
	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/internal/uitest"
	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// fakeAPI answers the form's calls from memory and records them.
type fakeAPI struct {
	mu         sync.Mutex
	components map[string]pipedream.Component
	accounts   []Account
	apps       []pipedream.App
	configures []pipedream.ConfigurePropRequest
	reloads    []pipedream.ReloadPropsRequest
	runs       []pipedream.RunActionRequest
	ctxs       []context.Context
	kinds      []componentsapi.Kind // of each Retrieve, ConfigureProp and ReloadProps

	// options answers a configure call; nil: none.
	options func(r pipedream.ConfigurePropRequest) pipedream.ConfigurePropResult
	reload  func(r pipedream.ReloadPropsRequest) pipedream.ReloadPropsResult
	run     func(r pipedream.RunActionRequest) (pipedream.RunResult, error)
}

// call answers the components API's calls the components make (see
// componentsapi.Client.Call) as the service would. An options request's
// answer is made unlocked: a test's may wait for another request.
func (a *fakeAPI) call(ctx context.Context, method, path string, in, out any) error {
	u, err := url.Parse(path)
	if err != nil {
		return err
	}
	seg := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	k := componentsapi.Kind(seg[0])
	if r, ok := in.(*pipedream.ConfigurePropRequest); ok {
		a.mu.Lock()
		a.configures = append(a.configures, *r)
		a.kinds = append(a.kinds, k)
		options := a.options
		a.mu.Unlock()
		if options != nil {
			*out.(*pipedream.ConfigurePropResult) = options(*r)
		}
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch r := in.(type) {
	case nil:
		if method != "GET" {
			return fmt.Errorf("%s %s without a body", method, path)
		}
		if len(seg) == 1 { // a list
			list := out.(*pipedream.ComponentList)
			for _, c := range a.components {
				if strings.HasPrefix(c.Key, u.Query().Get("app")+"-") {
					list.Data = append(list.Data, c)
				}
			}
			return nil
		}
		a.ctxs = append(a.ctxs, ctx)
		a.kinds = append(a.kinds, k)
		c, ok := a.components[seg[1]]
		if !ok {
			return &fetch.StatusError{StatusCode: 404, Message: "no component " + seg[1]}
		}
		out.(*struct {
			Data pipedream.Component `json:"data"`
		}).Data = c
		return nil
	case *pipedream.ReloadPropsRequest:
		a.reloads = append(a.reloads, *r)
		a.kinds = append(a.kinds, k)
		*out.(*pipedream.ReloadPropsResult) = a.reload(*r)
		return nil
	case *pipedream.RunActionRequest:
		a.runs = append(a.runs, *r)
		res, err := a.run(*r)
		*out.(*pipedream.RunResult) = res
		return err
	}
	return fmt.Errorf("%s %s: %T not expected", method, path, in)
}

// get answers the app server's routes: the apps (SelectApp's) and the
// user's accounts.
func (a *fakeAPI) get(ctx context.Context, rawURL string, out any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch out := out.(type) {
	case *pipedream.AppList:
		u, err := url.Parse(rawURL)
		if err != nil {
			return err
		}
		q := u.Query().Get("q")
		for _, x := range a.apps {
			if strings.Contains(strings.ToLower(x.Name), strings.ToLower(q)) {
				out.Data = append(out.Data, x)
			}
		}
	case *connectapi.List[Account]:
		out.Data = a.accounts
	default:
		return fmt.Errorf("GET %s into %T not expected", rawURL, out)
	}
	return nil
}

// mountForm loads form with api in go-app's test engine, mounts it as the
// browser would, and runs the engine until it is idle.
func mountForm(t *testing.T, form *ComponentForm, api *fakeAPI) *host {
	t.Helper()
	form.api = api
	h := load(t, form)
	h.do(form.OnMount)
	return h
}

// do runs fn as an event handler would, then lets everything settle.
func (h *host) do(fn func(ctx app.Context)) {
	h.ctx.Dispatch(fn)
	h.engine.ConsumeAll()
}

var slackApp = App{NameSlug: "slack", Name: "Slack"}

func sendMessage() pipedream.Component {
	return pipedream.Component{
		Key: "slack-send-message", Name: "Send Message", Version: "0.1.0",
		ConfigurableProps: []pipedream.ConfigurableProp{
			{Name: "slack", Type: pipedream.PropApp, App: "slack"},
			{Name: "note", Type: pipedream.PropAlert, AlertType: pipedream.AlertInfo, Content: "Messages post as the connected account."},
			{Name: "channel", Type: pipedream.PropString, Label: "Channel", Description: "Where to post.", RemoteOptions: true, UseQuery: true},
			{Name: "text", Type: pipedream.PropString, Label: "Text"},
			{Name: "as_user", Type: pipedream.PropBoolean, Label: "Send as user", Optional: true, Default: true},
			{Name: "priority", Type: pipedream.PropInteger, Label: "Priority", Min: pipedream.Int64(1), Max: pipedream.Int64(5), Optional: true, Default: float64(3)},
			{Name: "token", Type: pipedream.PropString, Label: "Signing secret", Secret: true, Optional: true},
			{Name: "tags", Type: pipedream.PropStringArray, Label: "Tags", Optional: true},
			{Name: "meta", Type: pipedream.PropObject, Label: "Metadata", Optional: true},
			{Name: "mode", Type: pipedream.PropString, Label: "Mode", Optional: true, Options: []pipedream.PropOption{{Label: "Plain", Value: "plain"}, {Label: "Markdown", Value: "mrkdwn"}}},
		},
	}
}

// channels answers a channel search page by page, 3 a page over 7.
func channels(r pipedream.ConfigurePropRequest) pipedream.ConfigurePropResult {
	var all []pipedream.PropOption
	for i := range 7 {
		name := fmt.Sprintf("%s-%d", or(r.Query, "general"), i)
		all = append(all, pipedream.PropOption{Label: "#" + name, Value: "C" + name})
	}
	start := 0
	if r.PrevContext != nil {
		start = int(r.PrevContext["offset"].(float64))
	}
	end := min(start+3, len(all))
	res := pipedream.ConfigurePropResult{Options: all[start:end]}
	if end < len(all) {
		res.Context = map[string]any{"offset": float64(end)}
	}
	return res
}

func slackAPI() *fakeAPI {
	return &fakeAPI{
		components: map[string]pipedream.Component{"slack-send-message": sendMessage()},
		accounts:   []Account{{ID: "apn_1", Name: "ann@example.com", Healthy: true, App: slackApp}},
		options:    channels,
	}
}

func TestFormRendersEveryPropType(t *testing.T) {
	api := slackAPI()
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	f := h.form()
	for _, fl := range f.state.fields {
		if fl.prop.Optional {
			fl.shown = true
		}
	}
	d := render(t, f)
	uitest.Labelled(t, d)
	if got := d.ID("pd-form-title").Text; got != "Send Message" {
		t.Errorf("title %q", got)
	}
	if got := d.ID("pd-form-note"); got.Attrs["role"] != "note" || got.Text != "Messages post as the connected account." {
		t.Errorf("alert = %+v", got)
	}
	if l := d.ID("pd-form-slack-label"); l.Text != "Slack account" || l.Attrs["for"] != "pd-form-slack" {
		t.Errorf("account label = %+v", l)
	}
	if s := d.ID("pd-form-slack"); s.Tag != "select" || s.Has("disabled") {
		t.Errorf("account select = %+v", s)
	}
	if o := d.Find("option", "value", "apn_1"); len(o) != 1 || !o[0].Has("selected") {
		t.Errorf("the only account is not chosen: %+v", o)
	}
	if c := d.ID("pd-form-channel"); c.Attrs["role"] != "combobox" || c.Attrs["aria-expanded"] != "false" || c.Attrs["aria-controls"] != "pd-form-channel-list" ||
		!strings.Contains(c.Attrs["aria-describedby"], "pd-form-channel-desc") {
		t.Errorf("combobox = %+v", c.Attrs)
	}
	if s := d.ID("pd-form-token"); s.Attrs["type"] != "password" {
		t.Errorf("secret = %+v", s.Attrs)
	}
	if s := d.ID("pd-form-priority"); s.Attrs["type"] != "number" || s.Attrs["min"] != "1" || s.Attrs["max"] != "5" || s.Attrs["value"] != "3" {
		t.Errorf("integer = %+v", s.Attrs)
	}
	if s := d.ID("pd-form-as_user"); s.Attrs["type"] != "checkbox" || !s.Has("checked") {
		t.Errorf("boolean = %+v", s.Attrs)
	}
	if s := d.ID("pd-form-mode"); s.Tag != "select" {
		t.Errorf("static options = %+v", s)
	}
	d.ID("pd-form-tags-add")
	d.ID("pd-form-meta-add")
	if strings.Contains(d.HTML, "style=") {
		t.Error("inline styles in the form's markup")
	}
}

func TestFormOptionalFieldsWaitBehindAdd(t *testing.T) {
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, slackAPI())
	d := render(t, h.form())
	if strings.Contains(d.HTML, `id="pd-form-priority"`) {
		t.Error("an optional field shows before it is added")
	}
	if b := d.ID("pd-form-add"); b.Text != "Add optional field" || b.Attrs["aria-expanded"] != "false" {
		t.Errorf("add = %+v", b)
	}
	h.do(func(ctx app.Context) { h.form().addOpen = true })
	d = render(t, h.form())
	for _, label := range []string{"Send as user", "Priority", "Signing secret", "Tags", "Metadata", "Mode"} {
		d.Button(label)
	}
	pr := h.form().state.byName("priority")
	h.do(func(ctx app.Context) { h.form().addField(ctx, pr) })
	if v, ok := pr.value(); !ok || v != int64(3) {
		t.Errorf("added priority = %v %v, want its default 3", v, ok)
	}
	if got := h.form().state.configured(-1)["priority"]; got != int64(3) {
		t.Errorf("configured priority = %v", got)
	}
	if _, ok := h.form().state.configured(-1)["tags"]; ok {
		t.Error("a field not added is configured")
	}
}

func TestFormRemoteOptionsWaitForTheAccount(t *testing.T) {
	api := slackAPI()
	api.accounts = nil
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	ch := h.form().state.byName("channel")
	d := render(t, h.form())
	if c := d.ID("pd-form-channel"); !c.Has("disabled") || !strings.Contains(c.Attrs["aria-describedby"], "pd-form-channel-wait") {
		t.Errorf("combobox before an account = %+v", c.Attrs)
	}
	if w := d.ID("pd-form-channel-wait"); w.Text != "Choose an account first." {
		t.Errorf("waiting text %q", w.Text)
	}
	h.do(func(ctx app.Context) { h.form().openList(ctx, ch) })
	if len(api.configures) != 0 {
		t.Fatalf("options asked for before an account was chosen: %+v", api.configures)
	}
	h.do(func(ctx app.Context) {
		h.form().state.byName("slack").account = "apn_9"
		h.form().edited(ctx, h.form().state.byName("slack"))
		h.form().openList(ctx, ch)
	})
	if len(api.configures) != 1 {
		t.Fatalf("%d configure calls, want 1", len(api.configures))
	}
	if id, _ := api.configures[0].ConfiguredProps.AccountID("slack"); id != "apn_9" || api.configures[0].PropName != "channel" {
		t.Errorf("configure = %+v", api.configures[0])
	}
}

func TestFormRemoteOptionsPagesAndSearch(t *testing.T) {
	api := slackAPI()
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	f, ch := h.form(), h.form().state.byName("channel")
	h.do(func(ctx app.Context) { f.openList(ctx, ch) })
	if got := labels(ch.remote.options); got != "#general-0 #general-1 #general-2" || !ch.remote.more {
		t.Fatalf("first page %q, more %v", got, ch.remote.more)
	}
	d := render(t, f)
	if c := d.ID("pd-form-channel"); c.Attrs["aria-expanded"] != "true" {
		t.Errorf("open combobox = %+v", c.Attrs)
	}
	d.Button("More")
	if s := d.ID("pd-form-channel-status"); s.Text != "3 options; more to load." {
		t.Errorf("status %q", s.Text)
	}
	h.do(func(ctx app.Context) { f.fetchOptions(ctx, ch, true) })
	if got := labels(ch.remote.options); got != "#general-0 #general-1 #general-2 #general-3 #general-4 #general-5" {
		t.Fatalf("two pages %q", got)
	}
	if r := api.configures[1]; r.Page != 1 || r.PrevContext["offset"] != float64(3) {
		t.Errorf("second page request = %+v", r)
	}
	h.do(func(ctx app.Context) { f.typedQuery(ctx, ch, "ran") })
	if r := api.configures[2]; r.Query != "ran" || r.Page != 0 || r.PrevContext != nil {
		t.Errorf("search request = %+v", r)
	}
	if got := labels(ch.remote.options); got != "#ran-0 #ran-1 #ran-2" {
		t.Fatalf("search %q", got)
	}
	// Keyboard: down twice, Enter chooses the second.
	ch.remote.active = 1
	h.do(func(ctx app.Context) { f.choose(ctx, ch, ch.shownOptions()[ch.remote.active]) })
	if v, ok := ch.value(); !ok || v != "Cran-1" || ch.text != "#ran-1" || ch.remote.open {
		t.Errorf("chosen = %v %v, text %q, open %v", v, ok, ch.text, ch.remote.open)
	}
}

func TestFormStaleOptionsNeverWin(t *testing.T) {
	api := slackAPI()
	newer := make(chan struct{})
	api.options = func(r pipedream.ConfigurePropRequest) pipedream.ConfigurePropResult {
		switch r.Query {
		case "g":
			<-newer // the older search answers after the newer one
		case "ge":
			defer close(newer)
		}
		return channels(r)
	}
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	f, ch := h.form(), h.form().state.byName("channel")
	h.ctx.Dispatch(func(ctx app.Context) {
		f.typedQuery(ctx, ch, "g")
		f.typedQuery(ctx, ch, "ge")
	})
	h.engine.ConsumeAll()
	if got := labels(ch.remote.options); got != "#ge-0 #ge-1 #ge-2" {
		t.Errorf("options %q, want the newer search's", got)
	}
}

func TestFormChangingTheAccountClearsDependents(t *testing.T) {
	api := slackAPI()
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	f, ch, acct := h.form(), h.form().state.byName("channel"), h.form().state.byName("slack")
	h.do(func(ctx app.Context) { f.openList(ctx, ch) })
	h.do(func(ctx app.Context) { f.choose(ctx, ch, ch.remote.options[0]) })
	calls := len(api.configures)
	h.do(func(ctx app.Context) {
		acct.account = "apn_2"
		f.edited(ctx, acct)
	})
	if _, ok := ch.value(); ok {
		t.Error("the channel chosen with the old account is kept")
	}
	if len(api.configures) != calls+1 {
		t.Fatalf("configure calls %d, want %d (a refetch)", len(api.configures), calls+1)
	}
	if id, _ := api.configures[calls].ConfiguredProps.AccountID("slack"); id != "apn_2" {
		t.Errorf("refetch with %+v", api.configures[calls].ConfiguredProps)
	}
}

// TestFormKeepsTheEmptyAccountChoice: the only account is chosen for the
// user once; after they choose none, the accounts loading again (as they
// do whenever a flow on the page closes) does not choose it back.
func TestFormKeepsTheEmptyAccountChoice(t *testing.T) {
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, slackAPI())
	f, acct := h.form(), h.form().state.byName("slack")
	if acct.account == "" {
		t.Fatal("the only account is not chosen")
	}
	h.do(func(ctx app.Context) { f.chose(ctx, acct, -1) })
	h.do(func(ctx app.Context) { ctx.NewAction(ActionRefresh) })
	if acct.account != "" {
		t.Errorf("the accounts loaded again chose %q after the user chose none", acct.account)
	}
	h.do(func(ctx app.Context) { f.run(ctx) })
	if acct.err != "Choose an account." {
		t.Errorf("a run without an account: the account says %q", acct.err)
	}
}

func TestFormValidatesBeforeRunning(t *testing.T) {
	api := slackAPI()
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	f := h.form()
	pr := f.state.byName("priority")
	pr.shown, pr.text = true, "9"
	h.do(func(ctx app.Context) { f.run(ctx) })
	if len(api.runs) != 0 {
		t.Fatal("ran with required props empty")
	}
	for name, want := range map[string]string{
		"channel": "Choose channel.", "text": "Enter text.", "priority": "Priority must be between 1 and 5.",
	} {
		if got := f.state.byName(name).err; got != want {
			t.Errorf("%s error %q, want %q", name, got, want)
		}
	}
	d := render(t, f)
	if s := d.ID("pd-form-summary"); s.Text != "Check 3 fields: Channel, Text, Priority." || s.Attrs["role"] != "status" {
		t.Errorf("summary = %+v", s)
	}
	if c := d.ID("pd-form-text"); c.Attrs["aria-invalid"] != "true" || !strings.Contains(c.Attrs["aria-describedby"], "pd-form-text-err") {
		t.Errorf("invalid text = %+v", c.Attrs)
	}
	if d.ID("pd-form-text-err").Text != "Enter text." {
		t.Error("the error is not shown at its prop")
	}
	pr.text = "x1"
	pr.validate()
	if pr.err != "Priority must be a whole number." {
		t.Errorf("not a number: %q", pr.err)
	}
	f.state.byName("slack").account = ""
	f.state.byName("slack").validate()
	if got := f.state.byName("slack").err; got != "Choose an account." {
		t.Errorf("no account: %q", got)
	}
}

func TestFormRunsAndShowsTheResult(t *testing.T) {
	api := slackAPI()
	api.run = func(r pipedream.RunActionRequest) (pipedream.RunResult, error) {
		return pipedream.RunResult{
			Exports:      map[string]any{"$summary": "Sent a message to #general-0", "ts": "1700000000.0001"},
			Observations: []pipedream.Observation{{K: "console.log", TS: 1700000000000, Msg: "posting"}},
		}, nil
	}
	var runs []Run
	h := mountForm(t, &ComponentForm{Component: "slack-send-message", Values: pipedream.ConfiguredProps{"text": "hello"},
		OnRun: func(ctx app.Context, r Run) { runs = append(runs, r) }}, api)
	f, ch := h.form(), h.form().state.byName("channel")
	h.do(func(ctx app.Context) { f.openList(ctx, ch) })
	h.do(func(ctx app.Context) { f.choose(ctx, ch, ch.remote.options[0]) })
	h.do(func(ctx app.Context) { f.run(ctx) })
	if len(api.runs) != 1 {
		t.Fatalf("%d runs", len(api.runs))
	}
	got := api.runs[0].ConfiguredProps
	if got["text"] != "hello" || got["channel"] != "Cgeneral-0" {
		t.Errorf("ran with %+v", got)
	}
	if id, _ := got.AccountID("slack"); id != "apn_1" {
		t.Errorf("ran with account %q", id)
	}
	if len(runs) != 1 || runs[0].Failed() {
		t.Fatalf("OnRun got %+v", runs)
	}
	d := render(t, f)
	d.Contains("Ran Send Message.")
	d.Contains("Sent a message to #general-0")
	d.Contains("posting")
	if s := d.ID("pd-form-summary"); s.Text != "Ran Send Message." {
		t.Errorf("summary %q", s.Text)
	}
}

// TestFormSubmitsATrigger configures a trigger (its component, options and
// reloads asked as a trigger's) and hands the props to Submit instead of
// running anything; Submit's answer, or its error in words, is the summary.
func TestFormSubmitsATrigger(t *testing.T) {
	api := slackAPI()
	c := sendMessage()
	c.Key, c.Name = "slack-new-message", "New Message"
	api.components = map[string]pipedream.Component{c.Key: c}
	var got []Submission
	fail := error(nil)
	form := &ComponentForm{Component: c.Key, Trigger: true, SubmitText: "Deploy", Values: pipedream.ConfiguredProps{"text": "hello"},
		Submit: func(ctx context.Context, s Submission) (string, error) {
			got = append(got, s)
			return "Deployed.", fail
		}}
	h := mountForm(t, form, api)
	f, ch := h.form(), h.form().state.byName("channel")
	h.do(func(ctx app.Context) { f.openList(ctx, ch) })
	h.do(func(ctx app.Context) { f.choose(ctx, ch, ch.remote.options[0]) })
	h.do(func(ctx app.Context) { f.run(ctx) })
	if len(api.runs) != 0 || len(got) != 1 {
		t.Fatalf("%d runs, %d submissions: want only 1 submission", len(api.runs), len(got))
	}
	if s := got[0]; s.Component != c.Key || s.ConfiguredProps["channel"] != "Cgeneral-0" || s.ConfiguredProps["text"] != "hello" ||
		len(s.Chosen["channel"]) != 1 || s.Chosen["channel"][0].Label != "#general-0" {
		t.Errorf("submitted %+v", s)
	}
	for _, k := range api.kinds {
		if k != componentsapi.Triggers {
			t.Errorf("asked as %q, want triggers: %v", k, api.kinds)
			break
		}
	}
	d := render(t, f)
	if s := d.ID("pd-form-summary"); s.Text != "Deployed." {
		t.Errorf("summary %q", s.Text)
	}
	if b := d.ID("pd-form-submit"); b.Text != "Deploy" || b.Has("disabled") {
		t.Errorf("button %+v", b)
	}
	fail = &fetch.StatusError{StatusCode: 429, Message: "too many triggers deployed; try again shortly"}
	h.do(func(ctx app.Context) { f.run(ctx) })
	if s := render(t, f).ID("pd-form-summary").Text; !strings.HasPrefix(s, "Couldn't deploy: ") {
		t.Errorf("a refused deploy says %q", s)
	}
}

func TestFormShowsAFailedRunInWords(t *testing.T) {
	api := slackAPI()
	api.run = func(r pipedream.RunActionRequest) (pipedream.RunResult, error) {
		return pipedream.RunResult{Observations: []pipedream.Observation{
			{K: "error", TS: 1, Err: &pipedream.ObservationError{Name: "Error", Message: "channel_not_found: no channel C404"}},
		}}, nil
	}
	var got []Run
	h := mountForm(t, &ComponentForm{Component: "slack-send-message",
		Values: pipedream.ConfiguredProps{"text": "hi", "channel": "C404"},
		OnRun:  func(ctx app.Context, r Run) { got = append(got, r) }}, api)
	h.do(func(ctx app.Context) { h.form().run(ctx) })
	if len(got) != 1 || !got[0].Failed() {
		t.Fatalf("runs %+v", got)
	}
	d := render(t, h.form())
	d.Contains("The run failed: channel_not_found: no channel C404.")

	api.run = func(r pipedream.RunActionRequest) (pipedream.RunResult, error) {
		return pipedream.RunResult{}, &fetch.StatusError{StatusCode: 400, Message: "prop text: expected a string"}
	}
	h.do(func(ctx app.Context) { h.form().run(ctx) })
	render(t, h.form()).Contains("The run failed: prop text: expected a string.")
	var he *connect.HTTPError
	var re *pipedream.RunError
	if len(got) != 2 || !errors.As(got[1].Err, &he) || he.StatusCode != 400 || !errors.As(got[0].Err, &re) {
		t.Errorf("OnRun errors %v, %v: want a *pipedream.RunError, then a *connect.HTTPError", got[0].Err, got[len(got)-1].Err)
	}
}

func TestFormReloadsProps(t *testing.T) {
	api := &fakeAPI{
		components: map[string]pipedream.Component{"google_sheets-add-single-row": {
			Key: "google_sheets-add-single-row", Name: "Add Single Row",
			ConfigurableProps: []pipedream.ConfigurableProp{
				{Name: "googleSheets", Type: pipedream.PropApp, App: "google_sheets"},
				{Name: "sheetId", Type: pipedream.PropString, Label: "Spreadsheet", RemoteOptions: true, ReloadProps: true},
			},
		}},
		accounts: []Account{{ID: "apn_g", Healthy: true, App: App{NameSlug: "google_sheets", Name: "Google Sheets"}}},
		options: func(r pipedream.ConfigurePropRequest) pipedream.ConfigurePropResult {
			return pipedream.ConfigurePropResult{Options: []pipedream.PropOption{{Label: "Leads", Value: "sh_1"}}}
		},
		reload: func(r pipedream.ReloadPropsRequest) pipedream.ReloadPropsResult {
			return pipedream.ReloadPropsResult{DynamicProps: &pipedream.DynamicProps{ID: "dyp_1", ConfigurableProps: []pipedream.ConfigurableProp{
				{Name: "googleSheets", Type: pipedream.PropApp, App: "google_sheets"},
				{Name: "sheetId", Type: pipedream.PropString, Label: "Spreadsheet", RemoteOptions: true, ReloadProps: true},
				{Name: "Name", Type: pipedream.PropString, Label: "Name"},
				{Name: "Email", Type: pipedream.PropString, Label: "Email", Optional: true},
			}}}
		},
		run: func(r pipedream.RunActionRequest) (pipedream.RunResult, error) { return pipedream.RunResult{}, nil },
	}
	h := mountForm(t, &ComponentForm{Component: "google_sheets-add-single-row"}, api)
	f, sheet := h.form(), h.form().state.byName("sheetId")
	h.do(func(ctx app.Context) { f.openList(ctx, sheet) })
	h.do(func(ctx app.Context) { f.choose(ctx, sheet, sheet.remote.options[0]) })
	if len(api.reloads) != 1 || api.reloads[0].ConfiguredProps["sheetId"] != "sh_1" {
		t.Fatalf("reloads %+v", api.reloads)
	}
	var names []string
	for _, fl := range f.state.fields {
		names = append(names, fl.prop.Name)
	}
	if strings.Join(names, " ") != "googleSheets sheetId Name Email" || f.state.dynamicID != "dyp_1" {
		t.Fatalf("fields %v, dynamic id %q", names, f.state.dynamicID)
	}
	render(t, f).ID("pd-form-Name")
	f.state.byName("Name").text = "Ann"
	h.do(func(ctx app.Context) { f.run(ctx) })
	if len(api.runs) != 1 || api.runs[0].DynamicPropsID != "dyp_1" || api.runs[0].ConfiguredProps["Name"] != "Ann" {
		t.Errorf("runs %+v", api.runs)
	}
}

func TestFormRequestsEndWithTheForm(t *testing.T) {
	api := slackAPI()
	h := mountForm(t, &ComponentForm{Component: "slack-send-message"}, api)
	if len(api.ctxs) != 1 || api.ctxs[0].Err() != nil {
		t.Fatalf("contexts %v", api.ctxs)
	}
	h.form().OnDismount()
	if !errors.Is(api.ctxs[0].Err(), context.Canceled) {
		t.Error("the form's requests go on after it left the page")
	}
}

func labels(opts []option) string {
	var s []string
	for _, o := range opts {
		s = append(s, o.Label)
	}
	return strings.Join(s, " ")
}

// render renders a loaded form's current state.
func render(t *testing.T, f *ComponentForm) uitest.Doc {
	t.Helper()
	return uitest.Render(t, f.Render())
}

// form is the host's form.
func (h *host) form() *ComponentForm { return h.child.(*ComponentForm) }
