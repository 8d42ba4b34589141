package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestTriggerEventsAcrossReplicasThroughRedis: a trigger deployed through
// replica b names replica a's event URI (PUBLIC_URL); the sandbox delivers
// its event to a, and the user's page, listening on b, gets it through
// Redis.
func TestTriggerEventsAcrossReplicasThroughRedis(t *testing.T) {
	rds := testsupport.StartRedis(t)
	up := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addrA := l.Addr().String()
	l.Close()
	env := map[string]string{
		"PIPEDREAM_CLIENT_ID": sandbox.DefaultClientID, "PIPEDREAM_CLIENT_SECRET": sandbox.DefaultClientSecret,
		"PIPEDREAM_PROJECT_ID": sandbox.DefaultProjectID, "PIPEDREAM_API_URL": up.URL, "PIPEDREAM_FRONTEND_URL": up.URL,
		"PUBLIC_URL": "http://" + addrA, "REDIS_URL": rds.URL,
		"SESSION_SECRET": strings.Repeat("s", 32), "WEBHOOK_SECRET": strings.Repeat("w", 32),
	}
	a := start(t, env, "-addr", addrA)
	b := start(t, env)

	u := newVisitor(t, b.URL)
	page := testsupport.OpenEvents(t, u.c, b.URL+"/api/connect/events", "")
	if ev := page.Next(); ev.Type != "status" || ev.Data != `{"live":true}` {
		t.Fatalf("first event on b: %+v", ev)
	}
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/api/connect/triggers",
		strings.NewReader(`{"id":"schedule-every-n-seconds","configured_props":{"interval":3600},"emit_on_deploy":true}`))
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
	ev := page.Await(func(ev testsupport.SSEEvent) bool { return ev.Type == "trigger_event" })
	if !strings.Contains(ev.Data, `"interval_seconds":3600`) || ev.ID == "" {
		t.Fatalf("trigger event on b: %+v", ev)
	}
	var dt struct{ Data struct{ ID string } }
	var session struct {
		ExternalUserID string `json:"external_user_id"`
	}
	sres, err := u.c.Get(b.URL + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	sbody, _ := io.ReadAll(sres.Body)
	sres.Body.Close()
	if json.Unmarshal(body, &dt) != nil || json.Unmarshal(sbody, &session) != nil {
		t.Fatalf("deploy answer %s, session %s", body, sbody)
	}
	hooks, err := testsupport.Client(t, up.URL, nil).TriggerWebhooks(t.Context(), session.ExternalUserID, dt.Data.ID)
	if err != nil || len(hooks.WebhookURLs) != 1 || !strings.HasPrefix(hooks.WebhookURLs[0], "http://"+addrA+"/api/connect/trigger-events?") {
		t.Errorf("the trigger's webhook is %v (%v), want replica a's event URI", hooks.WebhookURLs, err)
	}
	for _, s := range []*started{a, b} {
		if log := s.logText(); strings.Contains(log, "level=ERROR") {
			t.Errorf("an error was logged:\n%s", log)
		}
	}
}
