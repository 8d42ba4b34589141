package sandbox

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/trigger"
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

// TestTriggersSurviveRestart: deployed triggers keep their settings,
// webhooks, keys and events across a restart on the same bbolt file, and
// fire again (a watcher on a new issue, a timer on its interval); a
// trigger deleted, or whose account was deleted, stays gone, and Reset
// empties the file's triggers.
func TestTriggersSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	start := func() *env {
		return newEnv(t, func(o *Options) {
			st, err := store.OpenBolt(path)
			if err != nil {
				t.Fatal(err)
			}
			o.Store, o.Now = st, nil
			o.TimerMinimum = 50 * time.Millisecond
			o.WebhookBackoff = 10 * time.Millisecond
		})
	}
	stop := func(e *env) {
		e.srv.Close()
		if err := e.sb.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ctx := t.Context()
	issues, ticks := newReceiver(t), newReceiver(t)
	first := start()
	c := first.goClient()
	gh := first.connect("u1", "github", nil)
	repo := firstOption(t, c, "u1", trigger.GitHubNewIssue, "repo", "github", gh.ID, 0)
	props := pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID)
	createIssue := func(c *pipedream.Client, title string) {
		t.Helper()
		res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "github-create-issue", ExternalUserID: "u1",
			ConfiguredProps: pipedream.ConfiguredProps{"repo": repo, "title": title}.SetApp("github", gh.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("github-create-issue: %+v, %v", res, err)
		}
	}
	deploy := func(req pipedream.DeployTriggerRequest) pipedream.DeployedTrigger {
		t.Helper()
		dt, err := c.DeployTrigger(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return dt
	}
	watcher := deploy(pipedream.DeployTriggerRequest{ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: props, WebhookURL: issues.srv.URL})
	issues.trust(watcher.ID, watcher.WebhookSigningKey)
	paused := deploy(pipedream.DeployTriggerRequest{ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: props, WebhookURL: issues.srv.URL})
	if _, err := c.PauseDeployedTrigger(ctx, "u1", paused.ID); err != nil {
		t.Fatal(err)
	}
	doomed := deploy(pipedream.DeployTriggerRequest{ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: props, WebhookURL: issues.srv.URL})
	if err := c.DeleteDeployedTrigger(ctx, "u1", doomed.ID); err != nil {
		t.Fatal(err)
	}
	timer := deploy(pipedream.DeployTriggerRequest{ID: trigger.ScheduleEveryNSeconds, ExternalUserID: "u1",
		ConfiguredProps: pipedream.ConfiguredProps{"interval": 1}, WebhookURL: ticks.srv.URL})
	ticks.trust(timer.ID, timer.WebhookSigningKey)
	ticks.next(t) // it ticks before the restart
	createIssue(c, "before the restart")
	before := issues.next(t)
	stop(first)

	restarted := pipedream.EpochMillis(time.Now().UnixMilli())
	second := start()
	c = second.goClient()
	var listed []string
	for dt, err := range c.DeployedTriggers(ctx, pipedream.DeployedTriggersQuery{ExternalUserID: "u1"}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, dt.ID)
	}
	want := []string{watcher.ID, paused.ID, timer.ID}
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Fatalf("triggers after restart: %v, want %v", listed, want)
	}
	if p, err := c.GetDeployedTrigger(ctx, "u1", paused.ID); err != nil || p.Active || p.ConfiguredProps["repo"] != repo || len(p.ConfigurableProps) == 0 {
		t.Errorf("paused trigger after restart: %+v, %v", p, err)
	}
	if hooks, err := c.TriggerWebhooks(ctx, "u1", watcher.ID); err != nil || len(hooks.Webhooks) != 1 || hooks.Webhooks[0].SigningKey != watcher.WebhookSigningKey {
		t.Errorf("webhooks after restart: %+v, %v", hooks, err)
	}
	if evs, err := c.ListTriggerEvents(ctx, "u1", watcher.ID, 10); err != nil || len(evs) != 1 || evs[0].ID != before.ID {
		t.Fatalf("events after restart: %+v, %v; want the one of %s", evs, err, before.ID)
	}
	createIssue(c, "after the restart")
	var got struct{ Title string }
	if ev := issues.next(t); ev.DeployedTriggerID != watcher.ID || ev.Decode(&got) != nil || got.Title != "after the restart" {
		t.Fatalf("event after restart: %+v (%+v)", ev, got)
	}
	for ev := ticks.next(t); ev.TS < restarted; ev = ticks.next(t) {
	} // the timer ticks again
	if evs, _ := c.ListTriggerEvents(ctx, "u1", watcher.ID, 10); len(evs) != 2 || evs[1].ID != before.ID {
		t.Errorf("events after the new issue: %+v", evs)
	}
	if err := c.DeleteDeployedTrigger(ctx, "u1", watcher.ID); err != nil {
		t.Fatal(err)
	}
	stop(second)

	third := start()
	c = third.goClient()
	if _, err := c.GetDeployedTrigger(ctx, "u1", watcher.ID); !pipedream.IsNotFound(err) {
		t.Errorf("trigger deleted before the restart: err = %v, want 404", err)
	}
	if err := c.DeleteAccount(ctx, gh.ID); err != nil {
		t.Fatal(err)
	}
	stop(third)

	fourth := start()
	c = fourth.goClient()
	if _, err := c.GetDeployedTrigger(ctx, "u1", paused.ID); !pipedream.IsNotFound(err) {
		t.Errorf("trigger of an account deleted before the restart: err = %v, want 404", err)
	}
	if _, err := c.GetDeployedTrigger(ctx, "u1", timer.ID); err != nil {
		t.Errorf("timer after the account's deletion: %v", err)
	}
	if err := fourth.sb.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	stop(fourth)
	st, err := store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if saved, err := st.LoadTriggers(ctx); err != nil || len(saved) != 0 {
		t.Errorf("triggers in the file after Reset: %d, %v", len(saved), err)
	}
}
