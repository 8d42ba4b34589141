package sandbox

import (
	"slices"
	"strings"
	"testing"
)

// sdkActions is what testdata/sdkcheck/actions.mjs prints.
type sdkActions struct {
	SlackActions, IssueActions []string
	Retrieved                  struct {
		Key, ComponentType string
		Props              []string
		Channel            struct{ RemoteOptions, UseQuery bool }
	}
	Components struct {
		Count int
		Types []string
	}
	Configure struct {
		First, Second               int
		FirstContext, SecondContext map[string]any
		Overlap                     bool
		Search                      []struct{ Label, Value string }
	}
	Reload struct {
		ID    string
		Props []string
	}
	Added string
	Run   struct {
		Summary, TS string
		OS          []map[string]any
		Newest      struct{ Text, TS string }
	}
	FailedRun struct {
		OS []struct {
			K   string
			Err struct{ Name, Message string }
		}
	}
	MissingProp, OtherAccount, OutOfRange, UnknownAction sdkError
}

// TestOfficialSDKActions runs the official @pipedream/sdk 3.1.6 server
// client, unchanged, for actions.list (by app over pages, by query),
// actions.retrieve, components.list with componentType, configureProp
// (pages and search), reloadProps, run and its refusals.
func TestOfficialSDKActions(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now = nil })
	e.token = e.accessToken()
	const user = "sdk-actions"
	slack := e.connect(user, "slack", nil)
	sheets := e.connect(user, "google_sheets", nil)
	other := e.connect("someone-else", "slack", nil)

	var r sdkActions
	out := runSDKCheck(t, "actions.mjs", &r, "SANDBOX_URL="+e.srv.URL, "SDK_USER="+user,
		"SLACK_ACCOUNT="+slack.ID, "SHEETS_ACCOUNT="+sheets.ID, "OTHER_ACCOUNT="+other.ID)

	if want := []string{"slack-create-channel", "slack-list-channels", "slack-list-messages", "slack-send-message", "slack-set-channel-topic"}; !slices.Equal(r.SlackActions, want) {
		t.Errorf("actions.list app=slack, by two: %v", r.SlackActions)
	}
	if want := []string{"github-close-issue", "github-create-issue", "github-list-issues"}; !slices.Equal(r.IssueActions, want) {
		t.Errorf("actions.list q=issue: %v", r.IssueActions)
	}
	if g := r.Retrieved; g.Key != "slack-send-message" || g.ComponentType != "action" || !slices.Equal(g.Props, []string{"slack", "channel", "text", "as_user"}) ||
		!g.Channel.RemoteOptions || !g.Channel.UseQuery {
		t.Errorf("actions.retrieve: %+v", g)
	}
	if c := r.Components; c.Count < 24 || !slices.Equal(c.Types, []string{"action"}) {
		t.Errorf("components.list componentType=action: %+v", c)
	}
	if c := r.Configure; c.First != 50 || c.FirstContext["cursor"] != "50" || c.Second != 50 || c.SecondContext["cursor"] != "100" || c.Overlap ||
		len(c.Search) != 1 || c.Search[0].Label != "#random" || !strings.HasPrefix(c.Search[0].Value, "C") {
		t.Errorf("actions.configureProp: %+v", c)
	}
	if rl := r.Reload; !strings.HasPrefix(rl.ID, "dyp_") || !slices.Equal(rl.Props, []string{"google_sheets", "sheetId", "columns_note", "SKU", "Item", "Quantity", "Location"}) {
		t.Errorf("actions.reloadProps: %+v", rl)
	}
	if r.Added != "Added row 5 to Inventory" {
		t.Errorf("run with dynamic props: %q", r.Added)
	}
	if run := r.Run; run.Summary != "Sent a message to #random" || run.TS == "" || run.Newest.Text != "Hello from the official SDK" || run.Newest.TS != run.TS {
		t.Errorf("actions.run, then read back: %+v", run)
	}
	if f := r.FailedRun.OS; len(f) == 0 || f[len(f)-1].K != "error" || !strings.Contains(f[len(f)-1].Err.Message, `channel "C_NOPE" not found`) {
		t.Errorf("a failing run: %+v", r.FailedRun)
	}
	// actions.run maps only 429 to a typed error: a 400 is a PipedreamError.
	for name, f := range map[string]struct {
		e          sdkError
		kind, text string
		status     int
	}{
		"missing text":           {r.MissingProp, "PipedreamError", `prop "text": a value is required`, 400},
		"another user's account": {r.OtherAccount, "PipedreamError", "is not one of external user sdk-actions's accounts", 400},
		"limit out of range":     {r.OutOfRange, "PipedreamError", `prop "limit": must be at most 200`, 400},
		"unknown action":         {r.UnknownAction, "PipedreamError", "action no-such-action not found", 404},
	} {
		msg, _ := f.e.Body["error"].(string)
		if !f.e.Thrown || !f.e.IsPipedreamError || f.e.Name != f.kind || f.e.StatusCode != f.status || !strings.Contains(msg, f.text) {
			t.Errorf("%s: %+v", name, f.e)
		}
	}
	if strings.Contains(string(out), "xoxp-") || strings.Contains(string(out), "oauth_access_token") {
		t.Errorf("a credential reached the SDK: %s", out)
	}
}
