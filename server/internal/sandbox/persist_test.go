package sandbox

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestStateSurvivesRestart runs a sandbox on a bbolt file, restarts it on
// the same file, and finds its tokens, accounts and access tokens intact.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "sandbox.db")
	open := func() store.Store {
		st, err := store.OpenBolt(path)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := newEnv(t, func(o *Options) { o.Store = open() })
	a := first.connect("u1", "slack", nil)
	live := first.newToken(map[string]any{"external_user_id": "u1"})
	accessToken := first.token
	first.srv.Close()
	if err := first.sb.Close(); err != nil {
		t.Fatal(err)
	}

	second := newEnv(t, func(o *Options) { o.Store = open(); o.Now = first.clock.Now })
	second.token = accessToken // issued before the restart
	if ids := second.listIDs(accountsPath); len(ids) != 1 || ids[0] != a.ID {
		t.Fatalf("accounts after restart: %v", ids)
	}
	if v := second.validate(first.lastToken, "app_id=slack"); v.Success {
		t.Fatalf("spent token live again after restart: %+v", v)
	}
	if v := second.validate(live.Token, "app_id=slack"); !v.Success {
		t.Fatalf("live token lost in restart: %+v", v)
	}

	if err := second.sb.Reset(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ids := second.listIDs(accountsPath); len(ids) != 0 {
		t.Fatalf("accounts after Reset: %v", ids)
	}
	if v := second.validate(live.Token, ""); v.Success {
		t.Fatal("token survived Reset")
	}
}

// TestOddInputsNeverFail sends malformed and hostile requests to a
// bbolt-backed sandbox: each gets a 4xx JSON answer, never a 5xx.
func TestOddInputsNeverFail(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		st, err := store.OpenBolt(filepath.Join(t.TempDir(), "sandbox.db"))
		if err != nil {
			t.Fatal(err)
		}
		o.Store = st
	})
	long := strings.Repeat("x", 40000)
	for _, c := range []struct{ method, path, body string }{
		{"GET", accountsPath + "/" + long, ""},
		{"DELETE", accountsPath + "/" + long, ""},
		{"DELETE", accountsPath + "/%00", ""},
		{"GET", accountsPath + "?limit=99999999999999999999", ""},
		{"GET", accountsPath + "?after=" + long, ""},
		{"GET", "/v1/connect/apps?before=YXBwOm5vLXN1Y2gtYXBw", ""}, // a well-formed cursor for an unknown app
		{"GET", "/v1/connect/apps/" + long, ""},
		{"GET", "/v1/connect/tokens/" + long + "/validate", ""},
		{"GET", "/v1/connect/tokens/ctok_x/validate?account_id=" + long, ""},
		{"DELETE", "/v1/connect/proj_sandbox/users/" + long, ""},
		{"POST", tokensPath, "null"},
		{"POST", tokensPath, "[]"},
		{"POST", tokensPath, `{"external_user_id":"u","allowed_origins":[null]}`},
		{"POST", tokensPath, `{"external_user_id":"u","expires_in":1e99}`},
		{"POST", tokensPath, `{"external_user_id":"\ud800"}`},
		{"POST", "/v1/oauth/token", ""},
		{"PUT", "/v1/oauth/token", "{}"},
		{"GET", "/img/" + long + ".svg", ""},
	} {
		res := e.do(c.method, c.path, nilIfEmpty(c.body), nil)
		json := strings.HasPrefix(res.header.Get("Content-Type"), "application/json")
		if res.status >= 500 || res.status != http.StatusNoContent && !json {
			t.Errorf("%s %.60s %q: %d %.200s", c.method, c.path, c.body, res.status, res.body)
		}
	}
	// The list still works after all that.
	e.doJSON(http.MethodGet, accountsPath, nil, nil, http.StatusOK, &pipedream.AccountList{})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestNewRequiresBaseURL checks New's validation of its options.
func TestNewRequiresBaseURL(t *testing.T) {
	for _, base := range []string{"", "localhost:3001", "ftp://x", "http://"} {
		if _, err := New(Options{BaseURL: base}); err == nil {
			t.Errorf("BaseURL %q accepted", base)
		}
	}
	sb, err := New(Options{BaseURL: "http://localhost:3001/"})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/img/slack.svg")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if link := sb.connectLinkURL("ctok_x"); link != "http://localhost:3001/_static/connect.html?token=ctok_x&connectLink=true" {
		t.Fatalf("connect link %q", link)
	}
}

// TestProviderStateSurvivesRestart: a message an action sent is still in
// the channel after the sandbox restarts on the same bbolt file, and goes
// with its account.
func TestProviderStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	open := func() store.Store {
		st, err := store.OpenBolt(path)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := newEnv(t, func(o *Options) { o.Store = open() })
	a := first.connect("u1", "slack", nil)
	props := pipedream.ConfiguredProps{"channel": "general", "text": "kept across restarts"}.SetApp("slack", a.ID)
	if _, err := first.goClient().RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "u1", ConfiguredProps: props}); err != nil {
		t.Fatal(err)
	}
	first.srv.Close()
	if err := first.sb.Close(); err != nil {
		t.Fatal(err)
	}

	second := newEnv(t, func(o *Options) { o.Store = open(); o.Now = first.clock.Now })
	list := func() string {
		res, err := second.goClient().RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-list-messages", ExternalUserID: "u1",
			ConfiguredProps: pipedream.ConfiguredProps{"channel": "general", "limit": 1}.SetApp("slack", a.ID)})
		if err != nil {
			t.Fatal(err)
		}
		return string(res.Ret)
	}
	if got := list(); !strings.Contains(got, "kept across restarts") {
		t.Errorf("after restart: %s", got)
	}
	second.do(http.MethodDelete, accountsPath+"/"+a.ID, nil, nil)
	if st, _ := second.sb.store.(*store.Bolt).LoadState(t.Context(), a.ID); st != nil {
		t.Errorf("state kept after the account was deleted: %d bytes", len(st))
	}
}
