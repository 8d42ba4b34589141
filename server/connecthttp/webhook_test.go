package connecthttp_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestWebhookFromTheSandboxReachesTheUsersStream: a token minted through
// the API names a signed webhook URI; the sandbox posts there when an
// account is connected with it, and the user's open event stream gets the
// connection, without credentials, and later the account's deletion.
func TestWebhookFromTheSandboxReachesTheUsersStream(t *testing.T) {
	got := make(chan pipedream.WebhookEvent, 1)
	s := newStack(t, func(o *connecthttp.Config) {
		o.OnWebhook = func(_ context.Context, ev pipedream.WebhookEvent) { got <- ev }
	})
	b := s.browser()
	user := b.user()
	st := b.stream("")
	if ev := st.Next(); ev.Type != "status" || ev.Data != `{"live":true}` {
		t.Fatalf("first event %+v, want a live status", ev)
	}
	var tok token
	b.do("POST", "/api/connect/token", "").decode(t, &tok)
	acc, err := testsupport.ConnectKeys(context.Background(), http.DefaultClient, s.SandboxURL, tok.Token, "openai", "", map[string]string{"api_key": "sk-abcdefgh12345"})
	if err != nil {
		t.Fatal(err)
	}
	ev := st.Next()
	if ev.Type != "connection" || ev.ID == "" || !strings.Contains(ev.Data, `"event":"CONNECTION_SUCCESS"`) ||
		!strings.Contains(ev.Data, `"id":"`+acc.ID+`"`) || !strings.Contains(ev.Data, `"connect_token":"`+tok.Token+`"`) ||
		strings.Contains(ev.Data, "credentials") || strings.Contains(ev.Data, "sk-abcdefgh12345") {
		t.Fatalf("connection event %+v", ev)
	}
	if hook := <-got; hook.Account == nil || hook.Account.ExternalID != user {
		t.Errorf("OnWebhook got %+v", hook)
	}
	if r := b.do("DELETE", "/api/connect/accounts/"+acc.ID, ""); r.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	del := st.Next()
	if del.Type != "account_deleted" || del.Data != `{"id":"`+acc.ID+`"}` {
		t.Fatalf("deletion event %+v", del)
	}
	st.Close()
	// Back after the connection event: the deletion is replayed first.
	again := b.stream(ev.ID)
	again.Next() // status
	if re := again.Next(); re.ID != del.ID || re.Type != "account_deleted" {
		t.Errorf("replay after %s: %+v, want the deletion %s", ev.ID, re, del.ID)
	}
	if log := s.Log.String(); !strings.Contains(log, "event=CONNECTION_SUCCESS") || strings.Contains(log, tok.Token) {
		t.Errorf("webhook log (must name the event, never the token):\n%s", log)
	}
}

// TestForgedWebhooksGoNowhere: unsigned, re-signed, expired, mismatched,
// replayed and malformed webhooks are refused with a 4xx and one short
// warning each, and the user's stream sees none of them.
func TestForgedWebhooksGoNowhere(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	user := b.user()
	st := b.stream("")
	st.Next() // status
	now := time.Now()
	signed := s.Hooks.URI(user, now)
	success := func(sessionID int, externalID string) string {
		return fmt.Sprintf(`{"event":"CONNECTION_SUCCESS","connect_token":"ctok_abc","environment":"development","connect_session_id":%d,
			"account":{"id":"apn_forged","external_id":%q,"healthy":true,"dead":false,"app":{"name_slug":"slack","name":"Slack","img_src":"","categories":[],"featured_weight":0,"scope_profiles":[]},"created_at":"2026-11-23T10:00:00Z","updated_at":"2026-11-23T10:00:00Z"}}`, sessionID, externalID)
	}
	u, _ := url.Parse(signed)
	otherSig := u.Query()
	otherSig.Set("user", "user-someone-else")
	expired := s.Hooks.URI(user, now.Add(-6*time.Hour))
	forOther := s.Hooks.URI("user-someone-else", now)
	long := `{"event":"CONNECTION_ERROR","connect_token":"ctok_a","environment":"development","connect_session_id":5,"error":"` + strings.Repeat("A", 60000) + `"}`
	for _, c := range []struct {
		name, uri, body string
		status          int
	}{
		{"unsigned", s.URL + "/api/connect/webhook", success(1, user), http.StatusForbidden},
		{"user swapped", s.URL + "/api/connect/webhook?" + otherSig.Encode(), success(1, "user-someone-else"), http.StatusForbidden},
		{"expired", expired, success(1, user), http.StatusForbidden},
		{"account of another user", signed, success(1, "user-someone-else"), http.StatusForbidden},
		{"another user's URI naming this user", forOther, success(1, user), http.StatusForbidden},
		{"trailing data", signed, success(1, user) + `{"event":"x"}`, http.StatusBadRequest},
		{"trailing garbage", signed, success(1, user) + "garbage", http.StatusBadRequest},
		{"no session id", signed, `{"event":"CONNECTION_ERROR","connect_token":"ctok_a","error":"x"}`, http.StatusBadRequest},
		{"unknown event", signed, `{"event":"SOMETHING_ELSE","connect_token":"ctok_a","connect_session_id":3,"error":"x"}`, http.StatusBadRequest},
		{"not JSON", signed, "nope", http.StatusBadRequest},
		{"too large", signed, long + strings.Repeat(" ", 10<<10), http.StatusRequestEntityTooLarge},
	} {
		r := b.post(c.uri, c.body)
		if r.Status != c.status || r.errorCode() == "" {
			t.Errorf("%s: %d %s, want %d", c.name, r.Status, r.Body, c.status)
		}
	}
	// A genuine one, twice: handled once. A long error is cut in the log.
	for range 2 {
		if r := b.post(signed, success(2, user)); r.Status != http.StatusNoContent {
			t.Fatalf("genuine webhook: %d %s", r.Status, r.Body)
		}
	}
	if r := b.post(signed, long); r.Status != http.StatusNoContent {
		t.Fatalf("long error: %d %.200s", r.Status, r.Body)
	}
	if ev := st.Next(); ev.Type != "connection" || !strings.Contains(ev.Data, `"connect_session_id":2`) {
		t.Fatalf("first event %+v, want the genuine webhook", ev)
	}
	// Another user's genuine webhook with the same session id is theirs:
	// one user's URI cannot use up another's.
	b2 := s.browser()
	user2 := b2.user()
	st2 := b2.stream("")
	st2.Next() // status
	if r := b2.post(s.Hooks.URI(user2, now), success(2, user2)); r.Status != http.StatusNoContent {
		t.Fatalf("the other user's webhook: %d %s", r.Status, r.Body)
	}
	if ev := st2.Next(); !strings.Contains(ev.Data, `"connect_session_id":2`) {
		t.Fatalf("the other user's stream got %+v", ev)
	}
	if ev := st.Next(); !strings.Contains(ev.Data, `"connect_session_id":5`) || len(ev.Data) > 1000 {
		t.Fatalf("second event %.300v, want the error, cut short", ev)
	}
	log := s.Log.String()
	if n := strings.Count(log, "webhook refused"); n != 11 {
		t.Errorf("%d refusal lines, want 11:\n%s", n, log)
	}
	for _, line := range strings.Split(log, "\n") {
		if len(line) > 600 {
			t.Errorf("a log line of %d bytes: %.200s", len(line), line)
		}
	}
	if !strings.Contains(log, "webhook repeated") {
		t.Errorf("the repeat is not noted:\n%s", log)
	}
}

// TestWebhooksAreLimitedPerUserAfterTheirMAC: every genuine webhook comes
// from the service's own address, so the limit is per user, counted once
// the URI's MAC is verified. Forged webhooks from that same address, by the
// thousand, neither use it up nor flood the log; one user past the limit
// gets 429s while another user's webhook still goes through.
func TestWebhooksAreLimitedPerUserAfterTheirMAC(t *testing.T) {
	now := time.Now() // a still clock: nothing refills while the test runs
	s := newStack(t, func(o *connecthttp.Config) { o.Now = func() time.Time { return now } })
	b := s.browser()
	flooder, victim := b.user(), s.browser().user()
	hook := func(id int) string {
		return fmt.Sprintf(`{"event":"CONNECTION_ERROR","connect_token":"ctok_a","environment":"development","connect_session_id":%d,"error":"denied"}`, id)
	}
	for i := range 2000 {
		if r := b.post(s.URL+"/api/connect/webhook?user="+flooder+"&exp=1&sig=forged", hook(i)); r.Status != http.StatusForbidden {
			t.Fatalf("forged webhook %d: %d %s", i, r.Status, r.Body)
		}
	}
	limited := 0
	for i := range 100 {
		switch r := b.post(s.Hooks.URI(flooder, now), hook(10_000+i)); r.Status {
		case http.StatusTooManyRequests:
			limited++
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		case http.StatusNoContent:
		default:
			t.Fatalf("genuine webhook: %d %s", r.Status, r.Body)
		}
	}
	if limited != 40 {
		t.Errorf("%d of one user's 100 webhooks limited, want the 40 past 60", limited)
	}
	if r := b.post(s.Hooks.URI(victim, now), hook(1)); r.Status != http.StatusNoContent {
		t.Errorf("another user's webhook, after the flood: %d %s", r.Status, r.Body)
	}
	log := s.Log.String()
	if n := strings.Count(log, "webhook refused"); n > 25 {
		t.Errorf("%d refusal lines for 2,040 refusals: the log is not sampled", n)
	}
	if !strings.Contains(log, "too many refusals") {
		t.Errorf("the log does not say how many refusals it left out:\n%.2000s", log)
	}
}
