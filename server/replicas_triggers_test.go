package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestTriggerEventsAcrossReplicasThroughRedis: a "new issue" trigger
// deployed through replica b names replica a's event URI (PUBLIC_URL); an
// issue created with the github-create-issue action changes the simulated
// provider, the sandbox delivers the event to a, and the user's page,
// listening on b, gets it through Redis.
func TestTriggerEventsAcrossReplicasThroughRedis(t *testing.T) {
	r := startReplicas(t, nil)
	up, a, b := r.up, r.a, r.b

	u := newVisitor(t, b.URL)
	var session struct {
		ExternalUserID string `json:"external_user_id"`
	}
	sres, err := u.c.Get(b.URL + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	sbody, _ := io.ReadAll(sres.Body)
	sres.Body.Close()
	if json.Unmarshal(sbody, &session) != nil {
		t.Fatalf("session %s", sbody)
	}
	user := session.ExternalUserID
	pd := testsupport.Client(t, up.URL, nil)
	gh := testsupport.ConnectOAuth(t, pd, up.URL, user, "github")
	opts, err := pd.ConfigureProp(t.Context(), pipedream.ConfigurePropRequest{ID: "github-new-issue", ExternalUserID: user, PropName: "repo",
		ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("github", gh.ID)})
	if err != nil || len(opts.Options) == 0 {
		t.Fatalf("repositories: %+v, %v", opts, err)
	}
	repo := fmt.Sprint(opts.Options[0].Value)

	page := testsupport.OpenEvents(t, u.c, b.URL+"/api/connect/events", "")
	if ev := page.Next(); ev.Type != "status" || ev.Data != `{"live":true}` {
		t.Fatalf("first event on b: %+v", ev)
	}
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/api/connect/triggers",
		strings.NewReader(fmt.Sprintf(`{"id":"github-new-issue","configured_props":{"github":{"authProvisionId":%q},"repo":%q}}`, gh.ID, repo)))
	req.Header.Set("Origin", b.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	res, err := u.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("deploy on b: %d %s", res.StatusCode, body)
	}
	var dt struct{ Data struct{ ID string } }
	if json.Unmarshal(body, &dt) != nil {
		t.Fatalf("deploy answer %s", body)
	}
	run, err := pd.RunAction(t.Context(), pipedream.RunActionRequest{ID: "github-create-issue", ExternalUserID: user,
		ConfiguredProps: pipedream.ConfiguredProps{"repo": repo, "title": "Replicas share events"}.SetApp("github", gh.ID)})
	if err != nil || run.Err() != nil {
		t.Fatalf("github-create-issue: %+v, %v", run, err)
	}
	ev := page.Await(func(ev testsupport.SSEEvent) bool { return ev.Type == "trigger_event" })
	if !strings.Contains(ev.Data, `"title":"Replicas share events"`) || !strings.Contains(ev.Data, `"deployed_trigger_id":"`+dt.Data.ID+`"`) || ev.ID == "" {
		t.Fatalf("trigger event on b: %+v", ev)
	}
	hooks, err := pd.TriggerWebhooks(t.Context(), user, dt.Data.ID)
	if err != nil || len(hooks.WebhookURLs) != 1 || !strings.HasPrefix(hooks.WebhookURLs[0], r.publicA+"/api/connect/trigger-events?") {
		t.Errorf("the trigger's webhook is %v (%v), want replica a's event URI", hooks.WebhookURLs, err)
	}
	for _, s := range []*started{a, b} {
		if log := s.logText(); strings.Contains(log, "level=ERROR") {
			t.Errorf("an error was logged:\n%s", log)
		}
	}
}
