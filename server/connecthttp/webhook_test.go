package connecthttp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestWebhookAcceptsConnectEvents(t *testing.T) {
	got := make(chan pipedream.WebhookEvent, 2)
	s := newStack(t, func(o *connecthttp.Options) {
		o.OnWebhook = func(_ context.Context, ev pipedream.WebhookEvent) { got <- ev }
	})
	b := s.browser()
	success := `{"event":"CONNECTION_SUCCESS","connect_token":"ctok_abc","environment":"development","connect_session_id":7,
		"account":{"id":"apn_1","external_id":"u1","healthy":true,"dead":false,"app":{"name_slug":"slack","name":"Slack","img_src":"","categories":[],"featured_weight":0,"scope_profiles":[]},"created_at":"2026-11-23T10:00:00Z","updated_at":"2026-11-23T10:00:00Z"}}`
	failure := `{"event":"CONNECTION_ERROR","connect_token":"ctok_abc","environment":"development","connect_session_id":8,"error":"access denied"}`
	for _, body := range []string{success, failure} {
		if r := b.do("POST", "/api/connect/webhook", body, "Origin", "", "Sec-Fetch-Site", ""); r.Status != http.StatusNoContent {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	for _, want := range []string{"apn_1", "access denied"} {
		select {
		case ev := <-got:
			if (ev.Account != nil && ev.Account.ID != want) || (ev.Account == nil && ev.Error != want) {
				t.Errorf("OnWebhook got %+v, want %s", ev, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("OnWebhook was not called")
		}
	}
	if log := s.Log.String(); !strings.Contains(log, "event=CONNECTION_SUCCESS") || strings.Contains(log, "ctok_abc") {
		t.Errorf("webhook log (must name the event, never the token):\n%s", log)
	}
}

func TestWebhookRejectsMalformedBodies(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	for _, body := range []string{
		"", "nope", "[]",
		`{"event":"CONNECTION_SUCCESS","connect_token":"ctok_a"}`,
		`{"event":"CONNECTION_ERROR","connect_token":"ctok_a"}`,
		`{"event":"SOMETHING_ELSE","connect_token":"ctok_a","error":"x"}`,
		`{"event":"CONNECTION_ERROR","error":"x"}`,
		`{"event":"CONNECTION_ERROR","connect_token":"ctok_a","error":"x","connect_session_id":"seven"}`,
		`{"event":"CONNECTION_ERROR","connect_token":"ctok_a","error":"` + strings.Repeat("x", 70<<10) + `"}`,
	} {
		r := b.do("POST", "/api/connect/webhook", body, "Origin", "", "Sec-Fetch-Site", "")
		if r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" {
			t.Errorf("%.60s: %d %s", body, r.Status, r.Body)
		}
	}
}
