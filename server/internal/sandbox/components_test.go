package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// goClient returns a server/pipedream client for e.
func (e *env) goClient() *pipedream.Client {
	e.t.Helper()
	c, err := pipedream.New(pipedream.Config{
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, ProjectID: DefaultProjectID,
		Environment: pipedream.Development, BaseURL: e.srv.URL, MaxRetries: -1,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestComponentsListAndRetrieve(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	ctx := t.Context()

	var keys []string
	apps := map[string]bool{}
	types := map[pipedream.PropType]bool{}
	for comp, err := range c.Components(ctx, pipedream.ComponentsQuery{Type: pipedream.ComponentAction, Limit: 7}) {
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, comp.Key)
		if comp.ComponentType != pipedream.ComponentAction || comp.Version == "" || comp.Annotations == nil || comp.Description == "" {
			t.Errorf("%s: %+v", comp.Key, comp)
		}
		for _, p := range comp.ConfigurableProps {
			types[p.Type] = true
			if p.Type == pipedream.PropApp {
				apps[p.App] = true
			} else if p.Label == "" && p.Type != pipedream.PropAlert {
				t.Errorf("%s: prop %s has no label", comp.Key, p.Name)
			}
		}
	}
	if len(keys) < 24 || len(apps) < 8 || !slices.IsSorted(keys) {
		t.Errorf("%d actions across %d apps: %v", len(keys), len(apps), keys)
	}
	for _, k := range []string{"slack-send-message", "slack-list-messages", "github-create-issue", "github-list-issues",
		"google_sheets-add-single-row", "google_sheets-get-values", "openai-chat"} {
		if !slices.Contains(keys, k) {
			t.Errorf("missing %s", k)
		}
	}
	for _, typ := range []pipedream.PropType{pipedream.PropApp, pipedream.PropString, pipedream.PropStringArray, pipedream.PropInteger,
		pipedream.PropBoolean, pipedream.PropObject, pipedream.PropAlert} {
		if !types[typ] {
			t.Errorf("no prop of type %s", typ)
		}
	}

	page, err := c.ListComponents(ctx, pipedream.ComponentsQuery{Type: pipedream.ComponentAction, App: "slack", Q: "MESSAGE"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, comp := range page.Data {
		got = append(got, comp.Key)
	}
	if !slices.Equal(got, []string{"slack-list-messages", "slack-send-message"}) || page.PageInfo.TotalCount != 2 {
		t.Errorf("slack actions about messages: %v %+v", got, page.PageInfo)
	}

	send, err := c.GetComponent(ctx, "slack-send-message")
	if err != nil {
		t.Fatal(err)
	}
	ch, _ := send.Prop("channel")
	text, _ := send.Prop("text")
	asUser, _ := send.Prop("as_user")
	if ch.Label != "Channel" || !ch.RemoteOptions || !ch.UseQuery || text.Label != "Text" || !asUser.Optional || asUser.Type != pipedream.PropBoolean {
		t.Errorf("slack-send-message props: %+v", send.ConfigurableProps)
	}
	if _, err := c.GetComponent(ctx, "nope-nothing"); !pipedream.IsNotFound(err) {
		t.Errorf("unknown key: %v", err)
	}
	// /actions/{trigger} and unknown filters.
	e.wantError(e.do("GET", "/v1/connect/proj_sandbox/triggers/slack-send-message", nil, nil), 404, "trigger slack-send-message not found")
	e.wantError(e.do("GET", "/v1/connect/proj_sandbox/components?component_type=widget", nil, nil), 400, "component_type")
	e.wantError(e.do("GET", "/v1/connect/proj_sandbox/actions?registry=nope", nil, nil), 400, "registry")
	var priv pipedream.ComponentList
	e.doJSON("GET", "/v1/connect/proj_sandbox/actions?registry=private", nil, nil, 200, &priv)
	if len(priv.Data) != 0 {
		t.Errorf("private registry: %d components", len(priv.Data))
	}
}

func TestRunSlackSendThenList(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	ctx := t.Context()
	slack := e.connect("ann", "slack", nil)
	props := pipedream.ConfiguredProps{}.SetApp("slack", slack.ID)

	// The channels page by 50 and can be searched.
	first, err := c.ConfigureProp(ctx, pipedream.ConfigurePropRequest{ID: "slack-send-message", ExternalUserID: "ann", PropName: "channel", ConfiguredProps: props})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Options) != 50 || first.Context == nil || len(first.Errors) != 0 {
		t.Fatalf("first page: %d options, context %v, errors %v", len(first.Options), first.Context, first.Errors)
	}
	second, err := c.ConfigureProp(ctx, pipedream.ConfigurePropRequest{ID: "slack-send-message", ExternalUserID: "ann", PropName: "channel",
		ConfiguredProps: props, Page: 1, PrevContext: first.Context})
	if err != nil {
		t.Fatal(err)
	}
	// More than 100 channels: a third page follows.
	if len(second.Options) != 50 || second.Context["cursor"] != "100" || slices.ContainsFunc(second.Options, func(o pipedream.PropOption) bool { return o.Value == first.Options[0].Value }) {
		t.Errorf("second page: %+v", second)
	}
	search, err := c.ConfigureProp(ctx, pipedream.ConfigurePropRequest{ID: "slack-send-message", ExternalUserID: "ann", PropName: "channel", ConfiguredProps: props, Query: "gener"})
	if err != nil {
		t.Fatal(err)
	}
	if len(search.Options) != 1 || search.Options[0].Label != "#general" {
		t.Fatalf("search: %+v", search.Options)
	}
	general := search.Options[0].Value.(string)

	props["channel"] = pipedream.LabeledValue{LV: search.Options[0]}
	props["text"] = "Hello from the Go client"
	res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "ann", ConfiguredProps: props})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary() != "Sent a message to #general" {
		t.Errorf("summary %q", res.Summary())
	}
	list, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-list-messages", ExternalUserID: "ann",
		ConfiguredProps: pipedream.ConfiguredProps{"channel": general}.SetApp("slack", slack.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var ret struct {
		Messages []struct{ Text, Channel string }
	}
	if err := json.Unmarshal(list.Ret, &ret); err != nil || len(ret.Messages) == 0 || ret.Messages[0].Text != "Hello from the Go client" || ret.Messages[0].Channel != general {
		t.Errorf("messages after sending: %s (%v)", list.Ret, err)
	}

	// A channel that does not exist: the run fails, saying why.
	props["channel"] = "C_NOPE"
	res, err = c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "ann", ConfiguredProps: props})
	var runErr *pipedream.RunError
	if !errors.As(err, &runErr) || !strings.Contains(runErr.Err.Message, `channel "C_NOPE" not found`) || res.Observations[len(res.Observations)-1].K != "error" {
		t.Errorf("missing channel: %v, %+v", err, res)
	}
}

func TestRunRefusals(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	ctx := t.Context()
	openai := e.connect("bo", "openai", map[string]string{"api_key": "sk-refusals-12345"})
	github := e.connect("bo", "github", nil)
	other := e.connect("cy", "openai", map[string]string{"api_key": "sk-other-123456"})
	ok := pipedream.ConfiguredProps{"prompt": "hi"}.SetApp("openai", openai.ID)
	with := func(k string, v any) pipedream.ConfiguredProps {
		p := pipedream.ConfiguredProps{}
		for k, v := range ok {
			p[k] = v
		}
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
		return p
	}
	cases := []struct {
		name  string
		user  string
		props pipedream.ConfiguredProps
		prop  string
		msg   string
	}{
		{"missing prompt", "bo", with("prompt", nil), "prompt", "a value is required"},
		{"prompt not a string", "bo", with("prompt", 5), "prompt", "must be a string"},
		{"temperature too high", "bo", with("temperature", 201), "temperature", "at most 200"},
		{"temperature not whole", "bo", with("temperature", 1.5), "temperature", "whole number"},
		{"model not an option", "bo", with("model", "gpt-1"), "model", "not one of the options"},
		{"no account", "bo", with("openai", nil), "openai", "an account is required"},
		{"another user's account", "bo", with("openai", pipedream.AppValue{AuthProvisionID: other.ID}), "openai", "not one of external user bo's accounts"},
		{"account of another app", "bo", with("openai", pipedream.AppValue{AuthProvisionID: github.ID}), "openai", "is a github account, not openai"},
		{"bad app value", "bo", with("openai", "apn_x"), "openai", "authProvisionId"},
	}
	for _, tc := range cases {
		_, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "openai-chat", ExternalUserID: tc.user, ConfiguredProps: tc.props})
		var apiErr *pipedream.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "invalid_prop" ||
			!strings.Contains(apiErr.Message, `"`+tc.prop+`"`) || !strings.Contains(apiErr.Message, tc.msg) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if apiErr != nil && strings.Contains(apiErr.Message, "sk-") {
			t.Errorf("%s: a credential in the error: %s", tc.name, apiErr.Message)
		}
	}
	res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "openai-chat", ExternalUserID: "bo", ConfiguredProps: ok})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := c.RunAction(ctx, pipedream.RunActionRequest{ID: "openai-chat", ExternalUserID: "bo", ConfiguredProps: ok})
	if string(res.Ret) != string(again.Ret) || !strings.Contains(string(res.Ret), `"model":"gpt-4o-mini"`) {
		t.Errorf("openai-chat is not deterministic or lost its default model: %s vs %s", res.Ret, again.Ret)
	}
	for _, b := range [][]byte{res.Ret} {
		if strings.Contains(string(b), "sk-refusals") {
			t.Errorf("credential in a run: %s", b)
		}
	}
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/run", map[string]any{"id": "openai-chat"}, nil), 400, "external_user_id is required")
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/run", map[string]any{"external_user_id": "bo"}, nil), 400, "id (the action's key) is required")
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/run", map[string]any{"id": "nope", "external_user_id": "bo"}, nil), 404, "action nope not found")
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/run", `{"id": 5}`, nil), 400, "invalid JSON")
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/configure", map[string]any{"id": "openai-chat", "external_user_id": "bo", "prop_name": "nope"}, nil), 400, `"nope" is not a prop`)
	e.wantError(e.do("POST", "/v1/connect/proj_sandbox/actions/run", map[string]any{"id": "openai-chat", "external_user_id": "bo"}, map[string]string{"x-pd-environment": "production"}), 400, "")
}

func TestReloadPropsAddsSheetColumns(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	ctx := t.Context()
	sheets := e.connect("di", "google_sheets", nil)
	props := pipedream.ConfiguredProps{}.SetApp("google_sheets", sheets.ID)
	opts, err := c.ConfigureProp(ctx, pipedream.ConfigurePropRequest{ID: "google_sheets-add-single-row", ExternalUserID: "di", PropName: "sheetId", ConfiguredProps: props, Query: "leads"})
	if err != nil || len(opts.Options) != 1 {
		t.Fatalf("sheet options: %+v %v", opts, err)
	}
	props["sheetId"] = opts.Options[0].Value
	rel, err := c.ReloadProps(ctx, pipedream.ReloadPropsRequest{ID: "google_sheets-add-single-row", ExternalUserID: "di", ConfiguredProps: props})
	if err != nil || rel.DynamicProps == nil {
		t.Fatalf("reload: %+v %v", rel, err)
	}
	var names []string
	for _, p := range rel.DynamicProps.ConfigurableProps {
		names = append(names, p.Name)
	}
	if want := []string{"google_sheets", "sheetId", "columns_note", "Name", "Email", "Company", "Status"}; !slices.Equal(names, want) {
		t.Errorf("dynamic props %v, want %v", names, want)
	}
	props["Name"], props["Email"] = "Lin Wei", "lin@example.com"
	run, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "google_sheets-add-single-row", ExternalUserID: "di", ConfiguredProps: props, DynamicPropsID: rel.DynamicProps.ID})
	if err != nil || run.Summary() != "Added row 5 to Leads" {
		t.Fatalf("add row: %+v %v", run, err)
	}
	get, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "google_sheets-get-values", ExternalUserID: "di", ConfiguredProps: props})
	if err != nil || !strings.Contains(string(get.Ret), `["Lin Wei","lin@example.com","",""]`) {
		t.Errorf("get values: %s %v", get.Ret, err)
	}
	_, err = c.RunAction(ctx, pipedream.RunActionRequest{ID: "google_sheets-add-single-row", ExternalUserID: "di", ConfiguredProps: props, DynamicPropsID: "dyp_stale"})
	var apiErr *pipedream.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(apiErr.Message, "dynamic_props_id") {
		t.Errorf("stale dynamic props: %v", err)
	}
}

func TestComponentsWithAConnectToken(t *testing.T) {
	e := newEnv(t, nil)
	slack := e.connect("eve", "slack", nil)
	tok := e.newToken(map[string]any{"external_user_id": "eve", "allowed_origins": []string{"https://app.example"}})
	browser := map[string]string{"Authorization": "Bearer " + tok.Token, "Origin": "https://app.example", "x-pd-environment": ""}

	res := e.do("OPTIONS", "/v1/connect/actions/run", nil, map[string]string{"Authorization": "", "Origin": "https://app.example",
		"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"})
	if res.status != 204 || res.header.Get("Access-Control-Allow-Origin") != "https://app.example" || res.header.Get("Access-Control-Allow-Headers") != "authorization,content-type" {
		t.Errorf("preflight: %d %v", res.status, res.header)
	}
	var list pipedream.ComponentList
	res = e.doJSON("GET", "/v1/connect/actions?app=github", nil, browser, 200, &list)
	if res.header.Get("Access-Control-Allow-Origin") != "https://app.example" || len(list.Data) != 5 {
		t.Errorf("list: %v, %d actions", res.header, len(list.Data))
	}
	run := map[string]any{"id": "slack-send-message", "external_user_id": "eve", "configured_props": map[string]any{
		"slack": map[string]any{"authProvisionId": slack.ID}, "channel": "general", "text": "from the page"}}
	var out pipedream.RunResult
	e.doJSON("POST", "/v1/connect/actions/run", run, browser, 200, &out)
	if out.Summary() != "Sent a message to #general" {
		t.Errorf("run: %+v", out)
	}

	other := map[string]any{"id": "slack-send-message", "external_user_id": "mallory", "configured_props": run["configured_props"]}
	e.wantError(e.do("POST", "/v1/connect/actions/run", other, browser), 403, "does not match the Connect token's user")
	e.wantError(e.do("GET", "/v1/connect/actions", nil, map[string]string{"Authorization": "Bearer " + tok.Token, "Origin": "https://evil.example"}), 403, "allowed_origins")
	e.wantError(e.do("GET", "/v1/connect/actions", nil, map[string]string{"Authorization": "Bearer ctok_forged"}), 401, "invalid Connect token")
	e.wantError(e.do("GET", "/v1/connect/actions", nil, nil), 401, "Connect token")
	e.wantError(e.do("GET", "/v1/connect/actions", nil, map[string]string{"Authorization": "Bearer " + tok.Token, "x-pd-environment": "production"}), 400, "environment")
	// A spent token works no more.
	// Its refusal is readable by the page (CORS), so that the page can
	// tell it from a network failure and get a new token.
	e.connectWith(tok.Token, "github", nil)
	res = e.do("GET", "/v1/connect/actions", nil, browser)
	e.wantError(res, 401, "already used")
	if got := res.header.Get("Access-Control-Allow-Origin"); got != "https://app.example" {
		t.Errorf("a spent token's 401: Access-Control-Allow-Origin %q, want https://app.example", got)
	}
}

// TestProxyAndActionsShareState: what goes through the Connect proxy, an
// action sees, and the other way round; subscribers hear of both.
func TestProxyAndActionsShareState(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	ctx := t.Context()
	gh := e.connect("fay", "github", nil)
	slack := e.connect("fay", "slack", nil)
	var mu sync.Mutex
	var changes []string
	cancel := e.sb.Provider().Subscribe(gh.ID, func(ch provider.Change) {
		mu.Lock()
		defer mu.Unlock()
		changes = append(changes, ch.Kind+" "+ch.Key)
	})
	defer cancel()

	hc := c.ProxyClient("fay", gh.ID)
	res, err := hc.Get("https://api.github.com/user/repos?per_page=100")
	if err != nil {
		t.Fatal(err)
	}
	var repos []struct {
		FullName string `json:"full_name"`
	}
	if err := json.NewDecoder(res.Body).Decode(&repos); err != nil || len(repos) != 35 {
		t.Fatalf("repos through the proxy: %d (%v)", len(repos), err)
	}
	res.Body.Close()
	repo := repos[3].FullName
	res, err = hc.Post("https://api.github.com/repos/"+repo+"/issues", "application/json", strings.NewReader(`{"title":"Made through the proxy","labels":["bug",{"name":"p1"}]}`))
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create an issue through the proxy: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
	run, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "github-list-issues", ExternalUserID: "fay",
		ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		Title  string
		Labels []string
	}
	if err := json.Unmarshal(run.Ret, &issues); err != nil || len(issues) == 0 || issues[0].Title != "Made through the proxy" || !slices.Equal(issues[0].Labels, []string{"bug", "p1"}) {
		t.Errorf("github-list-issues after the proxy created one: %s", run.Ret)
	}
	mu.Lock()
	if !slices.Equal(changes, []string{provider.KindGitHubIssue + " " + repo}) {
		t.Errorf("changes heard: %v", changes)
	}
	mu.Unlock()
	res, _ = hc.Get("https://api.github.com/repos/" + repo + "/issues?state=open")
	var viaProxy []struct{ Title string }
	_ = json.NewDecoder(res.Body).Decode(&viaProxy)
	res.Body.Close()
	if len(viaProxy) == 0 || viaProxy[0].Title != "Made through the proxy" {
		t.Errorf("issues through the proxy: %+v", viaProxy)
	}

	// An action's Slack message is in conversations.history through the proxy.
	_, err = c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "fay",
		ConfiguredProps: pipedream.ConfiguredProps{"channel": "random", "text": "hello proxy"}.SetApp("slack", slack.ID)})
	if err != nil {
		t.Fatal(err)
	}
	sc := c.ProxyClient("fay", slack.ID)
	res, err = sc.Get("https://slack.com/api/conversations.list?limit=500")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		OK       bool
		Channels []struct{ ID, Name string }
	}
	_ = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	i := slices.IndexFunc(list.Channels, func(c struct{ ID, Name string }) bool { return c.Name == "random" })
	if !list.OK || i < 0 {
		t.Fatalf("conversations.list: %+v", list)
	}
	res, _ = sc.Get("https://slack.com/api/conversations.history?channel=" + list.Channels[i].ID)
	var hist struct {
		OK       bool
		Messages []struct{ Text string }
	}
	_ = json.NewDecoder(res.Body).Decode(&hist)
	res.Body.Close()
	if !hist.OK || len(hist.Messages) == 0 || hist.Messages[0].Text != "hello proxy" {
		t.Errorf("conversations.history: %+v", hist)
	}
	res, _ = sc.Post("https://slack.com/api/chat.postMessage", "application/json", strings.NewReader(`{"channel":"C_NOPE","text":"x"}`))
	var failed struct {
		OK    bool
		Error string
	}
	_ = json.NewDecoder(res.Body).Decode(&failed)
	res.Body.Close()
	if failed.OK || failed.Error != "channel_not_found" {
		t.Errorf("postMessage to a missing channel: %+v", failed)
	}
}

// TestComponentsOddInputs: hostile and malformed component calls get a
// 4xx JSON answer or a run that fails with its reason, never a 5xx.
func TestComponentsOddInputs(t *testing.T) {
	e := newEnv(t, nil)
	slack := e.connect("gus", "slack", nil)
	app := map[string]any{"authProvisionId": slack.ID}
	bodies := []any{
		`[]`, `{"id": "slack-send-message", "external_user_id": "gus", "configured_props": []}`,
		`{"id": "slack-send-message", "external_user_id": "gus", "configured_props": {"slack": {"authProvisionId": 5}}}`,
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "configured_props": map[string]any{"slack": app, "channel": map[string]any{"__lv": "x"}, "text": "t"}},
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "configured_props": map[string]any{"slack": app, "channel": []any{1}, "text": "t"}},
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "configured_props": map[string]any{"slack": app, "channel": "general", "text": "t", "as_user": "yes"}},
		map[string]any{"id": "slack-list-messages", "external_user_id": "gus", "configured_props": map[string]any{"slack": app, "channel": "general", "limit": 1e300}},
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "prop_name": "channel", "page": 1 << 40, "prev_context": map[string]any{"cursor": "-99"}, "configured_props": map[string]any{"slack": app}},
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "prop_name": "channel", "page": -1},
		map[string]any{"id": "google_sheets-add-single-row", "external_user_id": "gus", "dynamic_props_id": "dyp_x", "prop_name": "sheetId"},
		map[string]any{"id": "../../etc/passwd", "external_user_id": "gus", "prop_name": "x"},
		map[string]any{"id": "slack-send-message", "external_user_id": "gus", "stash_id": true, "configured_props": map[string]any{"slack": app, "channel": "general", "text": "t"}},
	}
	for _, path := range []string{"/actions/run", "/actions/configure", "/components/props", "/triggers/configure"} {
		for i, b := range bodies {
			res := e.do("POST", "/v1/connect/proj_sandbox"+path, b, nil)
			if res.status >= 500 || !json.Valid(res.body) {
				t.Errorf("%s body %d: %d %s", path, i, res.status, res.body)
			}
		}
	}
	for _, q := range []string{"limit=0", "limit=abc", "after=bm9wZQ", "q=" + strings.Repeat("x", 4000), "app=%00"} {
		if res := e.do("GET", "/v1/connect/proj_sandbox/components?"+q, nil, nil); res.status >= 500 {
			t.Errorf("list %s: %d", q, res.status)
		}
	}
}
