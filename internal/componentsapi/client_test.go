//go:build !(js && wasm)

// These tests drive the host build (net/http) against httptest servers,
// which a browser's fetch in the test page cannot reach.

package componentsapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// tokens hands out ctok_1, ctok_2, ... and records the spent ones.
type tokens struct {
	mu    sync.Mutex
	n     int
	spent []string
}

func (t *tokens) Token(ctx context.Context) (connect.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return connect.Token{Token: "ctok_" + strconv.Itoa(t.n+1)}, nil
}

func (t *tokens) MarkSpent(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spent = append(t.spent, tok)
	t.n++
}

func TestClientCallsAsTheBrowserClient(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+string(b))
		switch r.URL.Path {
		case "/v1/connect/actions":
			io.WriteString(w, `{"data":[{"key":"slack-send-message","name":"Send Message","version":"0.1.0","configurable_props":[]}],"page_info":{"count":1}}`)
		case "/v1/connect/actions/slack-send-message":
			io.WriteString(w, `{"data":{"key":"slack-send-message","name":"Send Message","version":"0.1.0","configurable_props":[{"name":"channel","type":"string","remoteOptions":true}]}}`)
		case "/v1/connect/actions/configure":
			io.WriteString(w, `{"options":[{"label":"#general","value":"C1"},{"__lv":{"label":"#random","value":"C2"}}],"context":{"cursor":"x"}}`)
		case "/v1/connect/actions/props":
			io.WriteString(w, `{"dynamicProps":{"id":"dyp_1","configurableProps":[{"name":"Name","type":"string"}]}}`)
		case "/v1/connect/actions/run":
			io.WriteString(w, `{"exports":{"$summary":"Sent"},"os":[]}`)
		}
	}))
	defer srv.Close()
	c, err := New(Config{APIURL: srv.URL + "/", ExternalUserID: "u1", Tokens: &tokens{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var list pipedream.ComponentList
	err = c.Call(ctx, "GET", "/actions"+Query("after", "cur", "app", "slack", "limit", "5", "q", "send"), nil, &list)
	if err != nil || len(list.Data) != 1 || list.Data[0].Key != "slack-send-message" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	var comp struct{ Data pipedream.Component }
	err = c.Call(ctx, "GET", "/actions/slack-send-message"+Query("version", "0.1.0"), nil, &comp)
	if err != nil || len(comp.Data.ConfigurableProps) != 1 || !comp.Data.ConfigurableProps[0].RemoteOptions {
		t.Fatalf("retrieve = %+v, %v", comp, err)
	}
	var opts pipedream.ConfigurePropResult
	err = c.Call(ctx, "POST", "/actions/configure", &pipedream.ConfigurePropRequest{ID: "slack-send-message", PropName: "channel", Query: "gen", Page: 1, PrevContext: map[string]any{"cursor": "w"}}, &opts)
	if err != nil || len(opts.Options) != 2 || opts.Options[1].Label != "#random" || opts.Context["cursor"] != "x" {
		t.Fatalf("configure = %+v, %v", opts, err)
	}
	var rl pipedream.ReloadPropsResult
	err = c.Call(ctx, "POST", "/actions/props", &pipedream.ReloadPropsRequest{ID: "google_sheets-add-single-row"}, &rl)
	if err != nil || rl.DynamicProps == nil || rl.DynamicProps.ID != "dyp_1" {
		t.Fatalf("reload = %+v, %v", rl, err)
	}
	var run pipedream.RunResult
	err = c.Call(ctx, "POST", "/actions/run", &pipedream.RunActionRequest{ID: "slack-send-message", ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("slack", "apn_1")}, &run)
	if err != nil || run.Summary() != "Sent" {
		t.Fatalf("run = %+v, %v", run, err)
	}
	want := []string{
		"GET /v1/connect/actions?after=cur&app=slack&limit=5&q=send Bearer ctok_1 ",
		"GET /v1/connect/actions/slack-send-message?version=0.1.0 Bearer ctok_1 ",
		`POST /v1/connect/actions/configure Bearer ctok_1 {"id":"slack-send-message","external_user_id":"u1","prop_name":"channel","query":"gen","page":1,"prev_context":{"cursor":"w"}}`,
		`POST /v1/connect/actions/props Bearer ctok_1 {"id":"google_sheets-add-single-row","external_user_id":"u1"}`,
		`POST /v1/connect/actions/run Bearer ctok_1 {"id":"slack-send-message","external_user_id":"u1","configured_props":{"slack":{"authProvisionId":"apn_1"}}}`,
	}
	if len(got) != len(want) {
		t.Fatalf("requests:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestClientReplacesARefusedToken(t *testing.T) {
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") == "Bearer ctok_1" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"token spent"}`)
			return
		}
		io.WriteString(w, `{"data":{"key":"k","name":"K","version":"1","configurable_props":[]}}`)
	}))
	defer srv.Close()
	toks := &tokens{}
	c, _ := New(Config{APIURL: srv.URL, Tokens: toks})
	if err := c.Call(context.Background(), "GET", "/actions/k", nil, &struct{ Data pipedream.Component }{}); err != nil {
		t.Fatal(err)
	}
	if len(auths) != 2 || auths[1] != "Bearer ctok_2" || len(toks.spent) != 1 || toks.spent[0] != "ctok_1" {
		t.Errorf("authorizations %q, spent %q", auths, toks.spent)
	}
}

func TestClientErrors(t *testing.T) {
	for _, c := range []struct {
		status      int
		body        string
		code, msg   string
		wantRetries int
	}{
		{400, `{"error":"prop channel: required"}`, "", "prop channel: required", 1},
		{404, `{"error":{"code":"not_found","message":"no component x"}}`, "not_found", "no component x", 1},
		{429, `{"error":"slow down","code":"rate_limited"}`, "rate_limited", "slow down", 1},
		{401, `{"error":"invalid token"}`, "", "invalid token", 2},
	} {
		n := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n++
			w.WriteHeader(c.status)
			io.WriteString(w, c.body)
		}))
		cl, _ := New(Config{APIURL: srv.URL, Tokens: &tokens{}})
		err := cl.Call(context.Background(), "POST", "/actions/run", &pipedream.RunActionRequest{ID: "x"}, &pipedream.RunResult{})
		srv.Close()
		var se *fetch.StatusError
		if !errors.As(err, &se) || se.StatusCode != c.status || se.Code != c.code || se.Message != c.msg {
			t.Errorf("%d %s: err = %v (%+v)", c.status, c.body, err, se)
		}
		if n != c.wantRetries {
			t.Errorf("%d: %d requests, want %d", c.status, n, c.wantRetries)
		}
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("no tokens accepted")
	}
	if _, err := New(Config{APIURL: "ftp://x", Tokens: &tokens{}}); err == nil {
		t.Error("a non-http API URL accepted")
	}
	c, err := New(Config{Tokens: &tokens{}})
	if err != nil || c.base != DefaultAPIURL {
		t.Errorf("default = %+v, %v", c, err)
	}
}
