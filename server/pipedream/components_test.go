package pipedream_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// sendMessage is slack-send-message as the service sends it, with every
// option shape and prop type the client decodes.
const sendMessage = `{
  "key": "slack-send-message", "name": "Send Message", "version": "0.1.0",
  "description": "Send a message to a channel", "component_type": "action", "stash": "optional",
  "annotations": {"destructiveHint": false, "openWorldHint": true, "readOnlyHint": false, "title": "Send Message"},
  "configurable_props": [
    {"name": "slack", "type": "app", "app": "slack"},
    {"name": "channel", "type": "string", "label": "Channel", "remoteOptions": true, "useQuery": true, "withLabel": true},
    {"name": "text", "type": "string", "label": "Text", "secret": false, "default": "hi"},
    {"name": "as_user", "type": "boolean", "label": "Send as user", "optional": true, "default": false},
    {"name": "retries", "type": "integer", "min": 0, "max": 5, "default": 2, "options": [1, 2, {"label": "Three", "value": 3}, {"__lv": {"label": "Four", "value": 4}}]},
    {"name": "note", "type": "alert", "alertType": "warning", "content": "Posts publicly"},
    {"name": "timer", "type": "$.interface.timer", "static": {"intervalSeconds": 900}, "options": [{"intervalSeconds": 60}]}
  ]}`

func TestComponentDecodesEveryShape(t *testing.T) {
	var c pipedream.Component
	if err := json.Unmarshal([]byte(sendMessage), &c); err != nil {
		t.Fatal(err)
	}
	if c.Key != "slack-send-message" || c.ComponentType != pipedream.ComponentAction || c.Stash != pipedream.StashOptional ||
		c.Annotations == nil || c.Annotations.Title != "Send Message" || c.Annotations.OpenWorldHint == nil || !*c.Annotations.OpenWorldHint {
		t.Errorf("component = %+v", c)
	}
	ch, ok := c.Prop("channel")
	if !ok || ch.Type != pipedream.PropString || !ch.RemoteOptions || !ch.UseQuery || !ch.WithLabel || ch.Label != "Channel" {
		t.Errorf("channel = %+v", ch)
	}
	app, _ := c.Prop("slack")
	if app.Type != pipedream.PropApp || app.App != "slack" || !app.Type.IsInput() {
		t.Errorf("app prop = %+v", app)
	}
	r, _ := c.Prop("retries")
	if r.Min == nil || *r.Min != 0 || r.Max == nil || *r.Max != 5 || r.Default != float64(2) {
		t.Errorf("retries = %+v", r)
	}
	wantOpts := []pipedream.PropOption{{Label: "1", Value: float64(1)}, {Label: "2", Value: float64(2)},
		{Label: "Three", Value: float64(3)}, {Label: "Four", Value: float64(4)}}
	if !reflect.DeepEqual(r.Options, wantOpts) {
		t.Errorf("options = %#v, want %#v", r.Options, wantOpts)
	}
	alert, _ := c.Prop("note")
	if alert.AlertType != pipedream.AlertWarning || alert.Content != "Posts publicly" || alert.Type.IsInput() {
		t.Errorf("alert = %+v", alert)
	}
	timer, _ := c.Prop("timer")
	if string(timer.Static) != `{"intervalSeconds": 900}` || timer.Options[0].Label != `{"intervalSeconds": 60}` {
		t.Errorf("timer = %+v", timer)
	}
	if _, ok := c.Prop("nope"); ok {
		t.Error("Prop found a prop that does not exist")
	}

	// Encoding uses the service's names and leaves out what is unset.
	b, err := json.Marshal(ch)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != `{"name":"channel","type":"string","label":"Channel","remoteOptions":true,"useQuery":true,"withLabel":true}` {
		t.Errorf("encoded prop = %s", got)
	}
	b, _ = json.Marshal(pipedream.PropOption{Label: "Four", Value: 4})
	if string(b) != `{"label":"Four","value":4}` {
		t.Errorf("encoded option = %s", b)
	}
}

func TestConfiguredProps(t *testing.T) {
	p := pipedream.ConfiguredProps(nil).SetApp("slack", "apn_1")
	p["channel"] = pipedream.LabeledValue{LV: pipedream.PropOption{Label: "#general", Value: "C1"}}
	p["text"] = "hello"
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"channel":{"__lv":{"label":"#general","value":"C1"}},"slack":{"authProvisionId":"apn_1"},"text":"hello"}`; string(b) != want {
		t.Errorf("encoded = %s, want %s", b, want)
	}
	for name, p := range map[string]pipedream.ConfiguredProps{"built": p, "decoded": decode[pipedream.ConfiguredProps](t, b)} {
		if id, ok := p.AccountID("slack"); !ok || id != "apn_1" {
			t.Errorf("%s: AccountID = %q, %v", name, id, ok)
		}
		if _, ok := p.AccountID("text"); ok {
			t.Errorf("%s: AccountID of a string prop", name)
		}
		if v, ok := p.Value("channel"); !ok || v != "C1" {
			t.Errorf("%s: Value(channel) = %v, %v", name, v, ok)
		}
		if v, ok := p.Value("text"); !ok || v != "hello" {
			t.Errorf("%s: Value(text) = %v, %v", name, v, ok)
		}
		if _, ok := p.Value("missing"); ok {
			t.Errorf("%s: Value of a missing prop", name)
		}
	}
}

// TestConfiguredPropsLabeledLists: a multi-select kept with its labels as
// connect-react keeps it, {"__lv": [options]}, and a list of labeled
// values both give the list of values.
func TestConfiguredPropsLabeledLists(t *testing.T) {
	p := decode[pipedream.ConfiguredProps](t, []byte(`{
		"conversations": {"__lv": [{"label": "#random", "value": "C1"}, {"label": "#proj", "value": "C2"}]},
		"items": [{"__lv": {"label": "One", "value": 1}}, "two"],
		"plain": ["a", "b"],
		"other": {"__lv": {"label": "x", "value": "y"}, "extra": true}}`))
	for name, want := range map[string]string{
		"conversations": "[C1 C2]", "items": "[1 two]", "plain": "[a b]", "other": "map[__lv:map[label:x value:y] extra:true]",
	} {
		if v, ok := p.Value(name); !ok || fmt.Sprint(v) != want {
			t.Errorf("Value(%s) = %v, %v; want %s", name, v, ok, want)
		}
	}
	if fmt.Sprint(p["conversations"]) == "[C1 C2]" {
		t.Error("Value changed the configured props")
	}
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// pagedComponents serves 5 actions in pages of up to 2.
func pagedComponents(f *fakeAPI, path string) {
	f.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		start := map[string]int{"": 0, "k2": 2, "k4": 4}[r.URL.Query().Get("after")]
		data := []any{}
		next := ""
		for i := start; i < min(start+2, 5); i++ {
			data = append(data, map[string]any{"key": fmt.Sprintf("k%d", i+1), "name": "N", "version": "0.0.1", "configurable_props": []any{}})
			next = fmt.Sprintf("k%d", i+1)
		}
		if start+2 >= 5 {
			next = ""
		}
		writeJSON(w, 200, map[string]any{"data": data, "page_info": map[string]any{"count": len(data), "total_count": 5, "end_cursor": next}})
	})
}

func TestComponentsIteratesAllPages(t *testing.T) {
	for typ, path := range map[pipedream.ComponentType]string{
		pipedream.ComponentAction: "/v1/connect/proj_abc123/actions", pipedream.ComponentTrigger: "/v1/connect/proj_abc123/triggers", "": "/v1/connect/proj_abc123/components",
	} {
		f := newFakeAPI(t)
		pagedComponents(f, path)
		var keys []string
		for c, err := range f.client().Components(t.Context(), pipedream.ComponentsQuery{Type: typ, App: "slack", Q: "send", Limit: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, c.Key)
		}
		if got := fmt.Sprint(keys); got != "[k1 k2 k3 k4 k5]" {
			t.Errorf("%q: keys = %s", typ, got)
		}
		reqs := f.recorded()
		for i, after := range []string{"", "k2", "k4"} {
			checkCommon(t, f, reqs[i], "GET", path)
			want := map[string]string{"app": "slack", "q": "send", "limit": "2"}
			if after != "" {
				want["after"] = after
			}
			checkQuery(t, reqs[i], want)
		}
	}
	f := newFakeAPI(t)
	if _, err := f.client().ListComponents(t.Context(), pipedream.ComponentsQuery{Type: "widget"}); !errors.Is(err, pipedream.ErrInvalidRequest) {
		t.Errorf("unknown type: err = %v", err)
	}
}

func TestGetComponent(t *testing.T) {
	f := newFakeAPI(t)
	f.handle("GET /v1/connect/proj_abc123/components/slack-send-message", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data": %s}`, sendMessage)
	})
	f.reply("GET /v1/connect/proj_abc123/components/nope", 404, map[string]any{"error": "component not found"})
	c, err := f.client().GetComponent(t.Context(), "slack-send-message")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Send Message" || len(c.ConfigurableProps) != 7 {
		t.Errorf("component = %+v", c)
	}
	if _, err := f.client().GetComponent(t.Context(), "nope"); !pipedream.IsNotFound(err) {
		t.Errorf("unknown key: err = %v", err)
	}
	if _, err := f.client().GetComponent(t.Context(), ".."); !errors.Is(err, pipedream.ErrInvalidRequest) {
		t.Errorf("bad key: err = %v", err)
	}
}

func TestConfigureProp(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/components/configure", 200, map[string]any{
		"options":      []any{map[string]any{"label": "#general", "value": "C1"}, map[string]any{"__lv": map[string]any{"label": "#random", "value": "C2"}}},
		"context":      map[string]any{"cursor": "c2"},
		"observations": []any{map[string]any{"k": "console.log", "ts": 1733300000000, "msg": "listed"}},
	})
	res, err := f.client().ConfigureProp(t.Context(), pipedream.ConfigurePropRequest{
		ID: "slack-send-message", ExternalUserID: "user-1", PropName: "channel",
		ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("slack", "apn_1"),
		Query:           "gen", Page: 1, PrevContext: map[string]any{"cursor": "c1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := pipedream.ConfigurePropResult{
		Options:      []pipedream.PropOption{{Label: "#general", Value: "C1"}, {Label: "#random", Value: "C2"}},
		Context:      map[string]any{"cursor": "c2"},
		Observations: []pipedream.Observation{{K: "console.log", TS: 1733300000000, Msg: "listed"}},
	}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	r := f.only()
	checkCommon(t, f, r, "POST", "/v1/connect/proj_abc123/components/configure")
	wantBody := map[string]any{
		"id": "slack-send-message", "external_user_id": "user-1", "prop_name": "channel",
		"configured_props": map[string]any{"slack": map[string]any{"authProvisionId": "apn_1"}},
		"query":            "gen", "page": float64(1), "prev_context": map[string]any{"cursor": "c1"},
	}
	if !reflect.DeepEqual(r.Body, wantBody) {
		t.Errorf("body = %v, want %v", r.Body, wantBody)
	}

	for _, req := range []pipedream.ConfigurePropRequest{
		{ExternalUserID: "u", PropName: "p"}, {ID: "k", PropName: "p"}, {ID: "k", ExternalUserID: "u"},
	} {
		if _, err := f.client().ConfigureProp(t.Context(), req); !errors.Is(err, pipedream.ErrInvalidRequest) {
			t.Errorf("%+v: err = %v", req, err)
		}
	}
}

func TestReloadProps(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/components/props", 200, map[string]any{
		"dynamicProps": map[string]any{"id": "dyp_1", "configurableProps": []any{
			map[string]any{"name": "sheetId", "type": "string"}, map[string]any{"name": "Name", "type": "string", "optional": true}}},
	})
	res, err := f.client().ReloadProps(t.Context(), pipedream.ReloadPropsRequest{
		ID: "google_sheets-add-single-row", ExternalUserID: "user-1",
		ConfiguredProps: pipedream.ConfiguredProps{"sheetId": "s1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.DynamicProps == nil || res.DynamicProps.ID != "dyp_1" || len(res.DynamicProps.ConfigurableProps) != 2 ||
		res.DynamicProps.ConfigurableProps[1].Name != "Name" || !res.DynamicProps.ConfigurableProps[1].Optional {
		t.Errorf("result = %+v", res)
	}
	r := f.only()
	checkCommon(t, f, r, "POST", "/v1/connect/proj_abc123/components/props")
	if r.Body["external_user_id"] != "user-1" || r.Body["id"] != "google_sheets-add-single-row" {
		t.Errorf("body = %v", r.Body)
	}
}

func TestRunAction(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/actions/run", 200, map[string]any{
		"exports": map[string]any{"$summary": "Sent a message to #general"},
		"os":      []any{},
		"ret":     map[string]any{"ts": "1733300000.000100", "channel": "C1"},
	})
	res, err := f.client().RunAction(t.Context(), pipedream.RunActionRequest{
		ID: "slack-send-message", ExternalUserID: "user-1",
		ConfiguredProps: pipedream.ConfiguredProps{"channel": "C1", "text": "hi"}.SetApp("slack", "apn_1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary() != "Sent a message to #general" {
		t.Errorf("summary = %q", res.Summary())
	}
	var ret struct{ TS, Channel string }
	if err := json.Unmarshal(res.Ret, &ret); err != nil || ret.Channel != "C1" {
		t.Errorf("ret = %s (%v)", res.Ret, err)
	}
	r := f.only()
	checkCommon(t, f, r, "POST", "/v1/connect/proj_abc123/actions/run")
	if _, sent := r.Body["stash_id"]; sent {
		t.Errorf("body = %v: stash_id sent though unset", r.Body)
	}
}

func TestRunActionFailure(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/actions/run", 200, map[string]any{
		"exports": map[string]any{},
		"os": []any{
			map[string]any{"k": "console.log", "ts": 1, "msg": "looking up channel"},
			map[string]any{"k": "error", "ts": 2, "err": map[string]any{"name": "Error", "message": "channel_not_found", "stack": "Error: channel_not_found"}},
		},
	})
	res, err := f.client().RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "user-1"})
	var runErr *pipedream.RunError
	if !errors.As(err, &runErr) || runErr.Err.Message != "channel_not_found" || len(runErr.Observations) != 2 {
		t.Fatalf("err = %v", err)
	}
	if err.Error() != "pipedream: action failed: Error: channel_not_found" {
		t.Errorf("message = %q", err.Error())
	}
	if len(res.Observations) != 2 {
		t.Errorf("result not returned with the error: %+v", res)
	}
	// A 400 naming a prop is an *APIError, and POST is not retried on 5xx.
	g := newFakeAPI(t)
	g.reply("POST /v1/connect/proj_abc123/actions/run", 400, map[string]any{"error": `prop "text": required`})
	_, err = g.client().RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "user-1"})
	var apiErr *pipedream.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Message != `prop "text": required` {
		t.Errorf("err = %v", err)
	}
	h := newFakeAPI(t)
	h.reply("POST /v1/connect/proj_abc123/actions/run", 502, map[string]any{"error": "bad gateway"})
	if _, err = h.client().RunAction(t.Context(), pipedream.RunActionRequest{ID: "k", ExternalUserID: "u"}); err == nil || len(h.recorded()) != 1 {
		t.Errorf("502: err = %v after %d attempts, want one attempt", err, len(h.recorded()))
	}
}
