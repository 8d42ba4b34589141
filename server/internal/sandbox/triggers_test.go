package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/trigger"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// receiver is a webhook endpoint that verifies trigger events with the
// keys it is told and passes the good ones on.
type receiver struct {
	srv      *httptest.Server
	events   chan pipedream.TriggerEvent
	failNext atomic.Int32 // answer 503 to this many deliveries first
	mu       sync.Mutex
	keys     map[string][]string // trigger id -> signing keys
	refused  atomic.Int32
}

type mapReplays struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (m *mapReplays) FirstSeen(_ context.Context, key string, _ time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	first := !m.seen[key]
	m.seen[key] = true
	return first, nil
}

// errUnknownTrigger: an event arrived before the test trusted its key
// (emit_on_deploy sends before the deploy answer is read).
var errUnknownTrigger = errors.New("unknown trigger")

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{events: make(chan pipedream.TriggerEvent, 64), keys: map[string][]string{}}
	v := &pipedream.TriggerVerifier{
		Key: func(_ context.Context, ev pipedream.TriggerEvent) ([]string, error) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			k, ok := rc.keys[ev.DeployedTriggerID]
			if !ok {
				return nil, errUnknownTrigger
			}
			return k, nil
		},
		Replays: &mapReplays{seen: map[string]bool{}},
	}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.failNext.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		ev, err := v.Verify(r)
		if errors.Is(err, errUnknownTrigger) { // not told its key yet: the sandbox retries
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if err != nil {
			rc.refused.Add(1)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.events <- ev
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) trust(id string, keys ...string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.keys[id] = keys
}

func (rc *receiver) next(t *testing.T) pipedream.TriggerEvent {
	t.Helper()
	select {
	case ev := <-rc.events:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no trigger event arrived within 10 s")
		return pipedream.TriggerEvent{}
	}
}

// firstOption is the first remote option of a prop of key for user with
// the account of app.
func firstOption(t *testing.T, c *pipedream.Client, user, key, prop, app, accountID string, skip int) string {
	t.Helper()
	res, err := c.ConfigureProp(t.Context(), pipedream.ConfigurePropRequest{
		ID: key, ExternalUserID: user, PropName: prop, ConfiguredProps: pipedream.ConfiguredProps{}.SetApp(app, accountID),
	})
	if err != nil || len(res.Options) <= skip {
		t.Fatalf("options of %s.%s: %+v, %v", key, prop, res, err)
	}
	return fmt.Sprint(res.Options[skip].Value)
}

// TestTriggersGoClient deploys and manages triggers with server/pipedream
// and receives their events, verified, at a webhook.
func TestTriggersGoClient(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Now = nil
		o.TimerMinimum = 50 * time.Millisecond
		o.WebhookBackoff = 10 * time.Millisecond
	})
	c := e.goClient()
	ctx := t.Context()
	rc := newReceiver(t)
	gh := e.connect("u1", "github", nil)
	other := e.connect("u2", "github", nil)
	repo := firstOption(t, c, "u1", trigger.GitHubNewIssue, "repo", "github", gh.ID, 0)
	otherRepo := firstOption(t, c, "u1", trigger.GitHubNewIssue, "repo", "github", gh.ID, 1)
	// createIssue opens an issue with the action, as an app would: the
	// simulated provider's change is what the trigger hears.
	createIssue := func(repo, title string) int {
		t.Helper()
		res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "github-create-issue", ExternalUserID: "u1",
			ConfiguredProps: pipedream.ConfiguredProps{"repo": repo, "title": title}.SetApp("github", gh.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("github-create-issue: %+v, %v", res, err)
		}
		var ret struct{ Number int }
		_ = json.Unmarshal(res.Ret, &ret)
		return ret.Number
	}

	// Refusals: no account, another user's account, a webhook off loopback.
	for name, req := range map[string]pipedream.DeployTriggerRequest{
		"no account":                 {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}, WebhookURL: rc.srv.URL},
		"another's account":          {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", other.ID), WebhookURL: rc.srv.URL},
		"a repo of the wrong type":   {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": 7}.SetApp("github", gh.ID), WebhookURL: rc.srv.URL},
		"no repo":                    {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("github", gh.ID), WebhookURL: rc.srv.URL},
		"outside webhook":            {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID), WebhookURL: "https://attacker.example/hook"},
		"a workflow id with a slash": {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID), WorkflowID: "p_a/../b"},
		"a long workflow id":         {ID: trigger.GitHubNewIssue, ExternalUserID: "u1", ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID), WorkflowID: "p_" + strings.Repeat("x", 5000)},
	} {
		var apiErr *pipedream.APIError
		if _, err := c.DeployTrigger(ctx, req); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
			t.Errorf("deploy with %s: err = %v, want a 400", name, err)
		}
	}
	if _, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{ID: "no-such-trigger", ExternalUserID: "u1", WebhookURL: rc.srv.URL}); !pipedream.IsNotFound(err) {
		t.Errorf("deploy of an unknown key: err = %v, want 404", err)
	}

	dt, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{
		ID: trigger.GitHubNewIssue, ExternalUserID: "u1",
		ConfiguredProps: pipedream.ConfiguredProps{"repo": repo}.SetApp("github", gh.ID),
		WebhookURL:      rc.srv.URL,
	})
	if err != nil || dt.ID == "" || !dt.Active || dt.WebhookSigningKey == "" || dt.Type != pipedream.DeployedTriggerType || dt.ComponentKey != trigger.GitHubNewIssue {
		t.Fatalf("DeployTrigger = %+v, %v", dt, err)
	}
	rc.trust(dt.ID, dt.WebhookSigningKey)

	createIssue(otherRepo, "not watched")
	rc.failNext.Store(1) // the first delivery fails and is retried
	bug := createIssue(repo, "Bug")
	ev := rc.next(t)
	var got struct {
		Number int
		Title  string
		Repo   string
	}
	if ev.DeployedTriggerID != dt.ID || ev.ExternalUserID != "u1" || ev.K != "emit" || ev.Decode(&got) != nil || got.Number != bug || got.Title != "Bug" || got.Repo != repo {
		t.Fatalf("event = %+v (%+v)", ev, got)
	}
	evs, err := c.ListTriggerEvents(ctx, "u1", dt.ID, 0)
	if err != nil || len(evs) != 1 || evs[0].ID != ev.ID {
		t.Fatalf("ListTriggerEvents = %+v, %v", evs, err)
	}

	if _, err := c.GetDeployedTrigger(ctx, "u2", dt.ID); !pipedream.IsNotFound(err) {
		t.Errorf("another user's trigger: err = %v, want 404", err)
	}
	if _, err := c.ListTriggerEvents(ctx, "u2", dt.ID, 5); !pipedream.IsNotFound(err) {
		t.Errorf("another user's events: err = %v, want 404", err)
	}

	// Paused: nothing; resumed: events again, newest first.
	if p, err := c.PauseDeployedTrigger(ctx, "u1", dt.ID); err != nil || p.Active {
		t.Fatalf("Pause = %+v, %v", p, err)
	}
	createIssue(repo, "while paused")
	if r, err := c.ResumeDeployedTrigger(ctx, "u1", dt.ID); err != nil || !r.Active {
		t.Fatalf("Resume = %+v, %v", r, err)
	}
	after := createIssue(repo, "after resume")
	if ev := rc.next(t); ev.Decode(&got) != nil || got.Number != after {
		t.Fatalf("after resume the event is issue %d, want %d (the paused one must not be emitted)", got.Number, after)
	}
	evs, _ = c.ListTriggerEvents(ctx, "u1", dt.ID, 10)
	if len(evs) != 2 || evs[0].Decode(&got) != nil || got.Number != after {
		t.Fatalf("events after resume = %d, newest %d; want 2, newest issue %d", len(evs), got.Number, after)
	}

	// Rename; webhooks: add one, regenerate a key.
	if u, err := c.UpdateDeployedTrigger(ctx, "u1", dt.ID, pipedream.TriggerUpdate{Name: "My issues"}); err != nil || u.Name != "My issues" || !u.Active {
		t.Fatalf("Update = %+v, %v", u, err)
	}
	hooks, err := c.TriggerWebhooks(ctx, "u1", dt.ID)
	if err != nil || len(hooks.WebhookURLs) != 1 || hooks.Webhooks[0].SigningKey != dt.WebhookSigningKey {
		t.Fatalf("TriggerWebhooks = %+v, %v", hooks, err)
	}
	rc2 := newReceiver(t)
	hooks, err = c.SetTriggerWebhooks(ctx, "u1", dt.ID, []string{rc.srv.URL, rc2.srv.URL})
	if err != nil || len(hooks.Webhooks) != 2 || hooks.Webhooks[0].ID == hooks.Webhooks[1].ID || hooks.Webhooks[0].SigningKey != dt.WebhookSigningKey {
		t.Fatalf("SetTriggerWebhooks = %+v, %v", hooks, err)
	}
	if _, err := c.SetTriggerWebhooks(ctx, "u1", dt.ID, []string{"http://10.0.0.1/x"}); err == nil {
		t.Error("SetTriggerWebhooks accepted a private address off loopback")
	}
	re, err := c.RegenerateTriggerWebhookKey(ctx, "u1", dt.ID, hooks.Webhooks[1].ID)
	if err != nil || re.SigningKey == "" || re.SigningKey == hooks.Webhooks[1].SigningKey {
		t.Fatalf("RegenerateTriggerWebhookKey = %+v, %v", re, err)
	}
	if h, err := c.TriggerWebhook(ctx, "u1", dt.ID, re.ID); err != nil || h.SigningKey != re.SigningKey {
		t.Fatalf("TriggerWebhook = %+v, %v", h, err)
	}
	rc2.trust(dt.ID, re.SigningKey) // each webhook signs with its own key
	createIssue(repo, "two hooks")
	a, b := rc.next(t), rc2.next(t)
	if a.ID != b.ID {
		t.Errorf("the two webhooks got different events %s and %s", a.ID, b.ID)
	}
	if ids, err := c.SetTriggerWorkflows(ctx, "u1", dt.ID, []string{"p_abc"}); err != nil || len(ids) != 1 {
		t.Fatalf("SetTriggerWorkflows = %v, %v", ids, err)
	}
	if ids, err := c.TriggerWorkflows(ctx, "u1", dt.ID); err != nil || len(ids) != 1 || ids[0] != "p_abc" {
		t.Fatalf("TriggerWorkflows = %v, %v", ids, err)
	}

	// A timer, emitting on deploy and then on its interval.
	yes := true
	timer, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{
		ID: trigger.ScheduleEveryNSeconds, ExternalUserID: "u1", EmitOnDeploy: &yes,
		ConfiguredProps: pipedream.ConfiguredProps{"interval": 1}, WebhookURL: rc.srv.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	rc.trust(timer.ID, timer.WebhookSigningKey)
	for range 2 {
		if ev := rc.next(t); ev.DeployedTriggerID != timer.ID {
			t.Fatalf("event from %s, want the timer", ev.DeployedTriggerID)
		}
	}
	var listed []string
	for dt, err := range c.DeployedTriggers(ctx, pipedream.DeployedTriggersQuery{ExternalUserID: "u1", Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, dt.ID)
	}
	if len(listed) != 2 || listed[0] != dt.ID || listed[1] != timer.ID {
		t.Fatalf("DeployedTriggers listed %v, want [%s %s]", listed, dt.ID, timer.ID)
	}
	if err := c.DeleteDeployedTrigger(ctx, "u1", timer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTriggerEvents(ctx, "u1", timer.ID, 1); !pipedream.IsNotFound(err) {
		t.Errorf("a deleted trigger's events: err = %v, want 404", err)
	}

	// Deleting the account takes its trigger.
	if err := c.DeleteAccount(ctx, gh.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDeployedTrigger(ctx, "u1", dt.ID); !pipedream.IsNotFound(err) {
		t.Errorf("trigger of a deleted account: err = %v, want 404", err)
	}
	if n := rc.refused.Load() + rc2.refused.Load(); n != 0 {
		t.Errorf("the receiver refused %d of the sandbox's deliveries", n)
	}
}

// TestWorkflowGoClient invokes a sandbox workflow for a user with
// pipedream.InvokeWorkflow.
func TestWorkflowGoClient(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now = nil })
	host := strings.Split(strings.TrimPrefix(e.srv.URL, "http://"), ":")[0]
	c, err := pipedream.New(pipedream.Config{
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, ProjectID: DefaultProjectID,
		Environment: pipedream.Development, BaseURL: e.srv.URL, WorkflowDomain: host,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.InvokeWorkflow(t.Context(), e.srv.URL+WorkflowPath+WorkflowEcho, "wf-user", map[string]any{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	var echo struct {
		ExternalUserID string `json:"external_user_id"`
		Body           struct{ N int }
	}
	if err := json.Unmarshal(res.Body, &echo); err != nil || echo.ExternalUserID != "wf-user" || echo.Body.N != 1 {
		t.Fatalf("workflow answered %s (%v)", res.Body, err)
	}
	if _, err := c.InvokeWorkflow(t.Context(), e.srv.URL+WorkflowPath+"en-missing", "wf-user", nil); !pipedream.IsNotFound(err) {
		t.Errorf("unknown endpoint: err = %v, want 404", err)
	}
	// A workflow that runs an action as the user: a message sent, then
	// read back by another action.
	e.connect("wf-user", "slack", nil)
	res, err = c.InvokeWorkflow(t.Context(), e.srv.URL+WorkflowPath+WorkflowRunAction, "wf-user",
		map[string]any{"id": "slack-send-message", "configured_props": map[string]any{"channel": "general", "text": "from a workflow"}})
	if err != nil {
		t.Fatal(err)
	}
	var run pipedream.RunResult
	if err := json.Unmarshal(res.Body, &run); err != nil || run.Err() != nil || !strings.Contains(run.Summary(), "Sent a message") {
		t.Fatalf("en-run-action answered %s (%v)", res.Body, err)
	}
	res, err = c.InvokeWorkflow(t.Context(), e.srv.URL+WorkflowPath+WorkflowRunAction, "wf-user",
		map[string]any{"id": "slack-list-messages", "configured_props": map[string]any{"channel": "general"}})
	if err != nil || !strings.Contains(string(res.Body), "from a workflow") {
		t.Fatalf("slack-list-messages through the workflow: %s, %v", res.Body, err)
	}
	if _, err := c.InvokeWorkflow(t.Context(), e.srv.URL+WorkflowPath+WorkflowRunAction, "nobody",
		map[string]any{"id": "slack-send-message", "configured_props": map[string]any{"channel": "general", "text": "x"}}); err == nil {
		t.Error("en-run-action ran for a user with no slack account")
	}
	res2 := e.do(http.MethodPost, WorkflowPath+WorkflowEcho, map[string]any{}, map[string]string{"Authorization": ""})
	if res2.status != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", res2.status)
	}
	res3 := e.do(http.MethodPost, WorkflowPath+WorkflowEcho, map[string]any{}, nil)
	if res3.status != http.StatusBadRequest {
		t.Errorf("without %s: %d, want 400", pipedream.ExternalUserHeader, res3.status)
	}
}

// TestSlackTriggerHearsMessages: slack-new-message-in-channels emits the
// chosen channels' latest messages on deploy, then each message sent to
// them by slack-send-message, and nothing from other channels.
func TestSlackTriggerHearsMessages(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now = nil })
	c := e.goClient()
	ctx := t.Context()
	rc := newReceiver(t)
	sl := e.connect("u1", "slack", nil)
	watched := firstOption(t, c, "u1", trigger.SlackNewMessage, "conversations", "slack", sl.ID, 0)
	other := firstOption(t, c, "u1", trigger.SlackNewMessage, "conversations", "slack", sl.ID, 1)
	send := func(channel, text string) {
		t.Helper()
		res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "u1",
			ConfiguredProps: pipedream.ConfiguredProps{"channel": channel, "text": text}.SetApp("slack", sl.ID)})
		if err != nil || res.Err() != nil {
			t.Fatalf("slack-send-message: %+v, %v", res, err)
		}
	}
	send(watched, "before deploy")
	yes := true
	dt, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{
		ID: trigger.SlackNewMessage, ExternalUserID: "u1", EmitOnDeploy: &yes, WebhookURL: rc.srv.URL,
		ConfiguredProps: pipedream.ConfiguredProps{"conversations": []string{watched}}.SetApp("slack", sl.ID),
	})
	if err != nil {
		t.Fatal(err)
	}
	rc.trust(dt.ID, dt.WebhookSigningKey)
	evs, err := c.ListTriggerEvents(ctx, "u1", dt.ID, 100)
	var newest struct{ Text, Channel string }
	if err != nil || len(evs) == 0 || evs[0].Decode(&newest) != nil || newest.Text != "before deploy" || newest.Channel != watched {
		t.Fatalf("emit_on_deploy: %d events, newest %+v (%v); want the channel's latest messages, newest first", len(evs), newest, err)
	}
	for range evs {
		rc.next(t)
	}
	send(other, "elsewhere")
	send(watched, "hello")
	ev := rc.next(t)
	if ev.Decode(&newest) != nil || newest.Text != "hello" || newest.Channel != watched || ev.Sum != "New message: hello" {
		t.Fatalf("event %+v (%+v), want the message sent to the watched channel", ev, newest)
	}
}

// TestTriggerKeepsLabels: a trigger deployed with its channels kept with
// their labels, as connect-react sends a multi-select ({"__lv": [{label,
// value}]}), hears those channels and lists them with the labels, so a
// page shows "#random" after a reload rather than an id.
func TestTriggerKeepsLabels(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now = nil })
	c := e.goClient()
	ctx := t.Context()
	rc := newReceiver(t)
	sl := e.connect("u1", "slack", nil)
	watched := firstOption(t, c, "u1", trigger.SlackNewMessage, "conversations", "slack", sl.ID, 0)
	picked := map[string]any{"__lv": []pipedream.PropOption{{Label: "#picked", Value: watched}}}
	dt, err := c.DeployTrigger(ctx, pipedream.DeployTriggerRequest{
		ID: trigger.SlackNewMessage, ExternalUserID: "u1", WebhookURL: rc.srv.URL,
		ConfiguredProps: pipedream.ConfiguredProps{"conversations": picked}.SetApp("slack", sl.ID),
	})
	if err != nil {
		t.Fatal(err)
	}
	rc.trust(dt.ID, dt.WebhookSigningKey)
	list, err := c.ListDeployedTriggers(ctx, pipedream.DeployedTriggersQuery{ExternalUserID: "u1"})
	if err != nil || len(list.Data) != 1 {
		t.Fatalf("list: %+v, %v", list, err)
	}
	b, _ := json.Marshal(list.Data[0].ConfiguredProps["conversations"])
	if want := `{"__lv":[{"label":"#picked","value":"` + watched + `"}]}`; string(b) != want {
		t.Errorf("listed conversations = %s, want %s", b, want)
	}
	res, err := c.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: "u1",
		ConfiguredProps: pipedream.ConfiguredProps{"channel": watched, "text": "hello"}.SetApp("slack", sl.ID)})
	if err != nil || res.Err() != nil {
		t.Fatalf("slack-send-message: %+v, %v", res, err)
	}
	if ev := rc.next(t); ev.Sum != "New message: hello" {
		t.Errorf("event %+v, want the message sent to the labeled channel", ev)
	}
}
