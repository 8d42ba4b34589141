package sandbox

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// sdkTriggers is what testdata/sdkcheck/triggers.mjs prints.
type sdkTriggers struct {
	Deployed struct {
		ID, Type, ComponentKey string
		Active, HasKey         bool
		Props                  []string
	}
	Listed    []string
	Retrieved string
	OtherUser sdkError
	Paused    struct {
		Active bool
		Name   string
	}
	Events []struct {
		ID, K, Sum string
		TS         int64
		HasE       bool
	}
	Webhooks struct {
		URLs   []string
		KeySet bool
	}
	UpdatedWebhooks []string
	Regenerated     struct{ SameID, Changed bool }
	Workflows       []string
	WorkflowsListed []string
	AfterDelete     sdkError
	Received        []struct {
		ID, Trigger     string
		Verified, Fresh bool
	}
	Workflow struct {
		Status int
		Type   string
	}
	WorkflowRun                      struct{ Status int }
	WorkflowMissing, WorkflowForeign sdkError
}

// TestOfficialSDKTriggers runs the official @pipedream/sdk 3.1.6 server
// client, unchanged, for triggers.deploy, every deployedTriggers call and
// workflows.invokeForExternalUser, and verifies the events it receives
// with node:crypto.
func TestOfficialSDKTriggers(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now, o.WebhookBackoff = nil, 20*time.Millisecond })
	const user = "sdk-trigger-user"
	gh := e.connect(user, "github", nil)
	e.connect(user, "slack", nil)
	var r sdkTriggers
	runSDKCheck(t, "triggers.mjs", &r, "SANDBOX_URL="+e.srv.URL, "SDK_USER="+user, "SDK_ACCOUNT="+gh.ID, "WORKFLOW_DOMAIN=127.0.0.1")
	if d := r.Deployed; !strings.HasPrefix(d.ID, "dc_") || d.Type != "DeployedComponent" || d.ComponentKey != "github-new-issue" || !d.Active || !d.HasKey || !slices.Equal(d.Props, []string{"github", "repo"}) {
		t.Errorf("triggers.deploy: %+v", d)
	}
	if len(r.Listed) != 2 || r.Listed[0] != r.Deployed.ID || r.Retrieved != r.Deployed.ID {
		t.Errorf("deployedTriggers.list paged by one: %v; retrieve: %s", r.Listed, r.Retrieved)
	}
	if o := r.OtherUser; !o.Thrown || o.StatusCode != 404 {
		t.Errorf("another user's trigger: %+v", o)
	}
	if r.Paused.Active || r.Paused.Name != "Paused issues" {
		t.Errorf("deployedTriggers.update: %+v", r.Paused)
	}
	if len(r.Events) != 1 || r.Events[0].K != "emit" || !r.Events[0].HasE || r.Events[0].TS < time.Now().Add(-time.Minute).UnixMilli() || r.Events[0].Sum == "" {
		t.Errorf("deployedTriggers.listEvents: %+v", r.Events)
	}
	if len(r.Received) != 1 || !r.Received[0].Verified || !r.Received[0].Fresh || len(r.Events) == 1 && r.Received[0].ID != r.Events[0].ID {
		t.Errorf("events received and verified in node: %+v", r.Received)
	}
	if len(r.Webhooks.URLs) != 1 || !r.Webhooks.KeySet || len(r.UpdatedWebhooks) != 2 || !r.Regenerated.SameID || !r.Regenerated.Changed {
		t.Errorf("webhooks: %+v, updated %v, regenerated %+v", r.Webhooks, r.UpdatedWebhooks, r.Regenerated)
	}
	if !slices.Equal(r.Workflows, []string{"p_sdk1"}) || !slices.Equal(r.WorkflowsListed, r.Workflows) {
		t.Errorf("updateWorkflows %v, listWorkflows %v", r.Workflows, r.WorkflowsListed)
	}
	if a := r.AfterDelete; !a.Thrown || a.StatusCode != 404 {
		t.Errorf("retrieve after delete: %+v", a)
	}
	if w := r.Workflow; w.Status != 200 || !strings.HasPrefix(w.Type, "application/json") {
		t.Errorf("workflows.invokeForExternalUser: %+v", w)
	}
	listed, err := e.goClient().RunAction(t.Context(), pipedream.RunActionRequest{ID: "slack-list-messages", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"channel": "general"}.SetApp("slack", e.lastAccount(user, "slack"))})
	if r.WorkflowRun.Status != 200 || err != nil || !strings.Contains(string(listed.Ret), "sent by a workflow from node") {
		t.Errorf("workflows.invokeForExternalUser of en-run-action: %+v; #general then holds %s (%v)", r.WorkflowRun, listed.Ret, err)
	}
	if m := r.WorkflowMissing; !m.Thrown || m.StatusCode != 404 {
		t.Errorf("workflows.invokeForExternalUser of an unknown endpoint: %+v", m)
	}
	if f := r.WorkflowForeign; !f.Thrown || f.StatusCode != 0 {
		t.Errorf("workflows.invokeForExternalUser outside the workflow domain: %+v", f)
	}
}

// lastAccount is the id of user's newest account of app.
func (e *env) lastAccount(user, app string) string {
	e.t.Helper()
	list, err := e.sb.store.Accounts(e.t.Context(), store.AccountFilter{ProjectID: e.sb.opts.ProjectID, ExternalID: user, AppSlug: app})
	if err != nil || len(list) == 0 {
		e.t.Fatalf("no %s account of %s: %v", app, user, err)
	}
	return list[len(list)-1].ID
}
