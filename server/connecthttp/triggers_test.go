package connecthttp_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// deployTimer deploys, through the API as b's user, a timer trigger
// (every hour: only emit_on_deploy fires within a test).
func deployTimer(t *testing.T, b *browser, emitOnDeploy bool) pipedream.DeployedTrigger {
	t.Helper()
	r := b.do("POST", "/api/connect/triggers", fmt.Sprintf(`{"id":"schedule-every-n-seconds","configured_props":{"interval":3600},"emit_on_deploy":%t}`, emitOnDeploy))
	if r.Status != http.StatusCreated {
		t.Fatalf("deploy: %d %s", r.Status, r.Body)
	}
	var out struct{ Data pipedream.DeployedTrigger }
	r.decode(t, &out)
	if strings.Contains(string(r.Body), "webhook_signing_key") || strings.Contains(string(r.Body), "trigger-events") {
		t.Fatalf("the deploy answer shows the browser the signing key or the event URI: %s", r.Body)
	}
	return out.Data
}

// TestTriggerEventsReachTheUsersStream: a trigger deployed through the API
// sends its events, signed, to the API's own URI, and the user's open
// event stream gets each as a trigger_event; the user lists, pauses and
// deletes only their own triggers.
func TestTriggerEventsReachTheUsersStream(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	user := b.user()
	st := b.stream("")
	st.Next() // status
	dt := deployTimer(t, b, true)
	if dt.ID == "" || !dt.Active || dt.ComponentKey != "schedule-every-n-seconds" {
		t.Fatalf("deployed %+v", dt)
	}
	ev := st.Next()
	var data struct {
		DeployedTriggerID string `json:"deployed_trigger_id"`
		ID, Sum           string
		E                 struct {
			IntervalSeconds int `json:"interval_seconds"`
		}
	}
	if ev.Type != "trigger_event" || json.Unmarshal([]byte(ev.Data), &data) != nil || data.DeployedTriggerID != dt.ID || data.E.IntervalSeconds != 3600 || data.Sum == "" {
		t.Fatalf("stream event %+v", ev)
	}
	if hooks, err := s.PD.TriggerWebhooks(t.Context(), user, dt.ID); err != nil || len(hooks.WebhookURLs) != 1 || !strings.HasPrefix(hooks.WebhookURLs[0], s.URL+"/api/connect/trigger-events?") {
		t.Fatalf("the trigger's webhooks %+v (%v), want the API's own event URI", hooks, err)
	}

	var list struct{ Data []pipedream.DeployedTrigger }
	b.do("GET", "/api/connect/triggers", "").decode(t, &list)
	if len(list.Data) != 1 || list.Data[0].ID != dt.ID || list.Data[0].WebhookSigningKey != "" {
		t.Fatalf("list: %+v", list.Data)
	}
	var evs struct{ Data []pipedream.EmittedEvent }
	b.do("GET", "/api/connect/triggers/"+dt.ID+"/events?n=5", "").decode(t, &evs)
	if len(evs.Data) != 1 || evs.Data[0].ID != data.ID {
		t.Fatalf("events: %+v", evs.Data)
	}

	other := s.browser()
	other.user()
	other.do("GET", "/api/connect/triggers", "").decode(t, &list)
	if len(list.Data) != 0 {
		t.Errorf("another user lists %d triggers", len(list.Data))
	}
	for _, r := range []reply{
		other.do("DELETE", "/api/connect/triggers/"+dt.ID, ""),
		other.do("PATCH", "/api/connect/triggers/"+dt.ID, `{"active":false}`),
		other.do("GET", "/api/connect/triggers/"+dt.ID+"/events", ""),
	} {
		if r.Status != http.StatusNotFound {
			t.Errorf("another user's request: %d %s, want 404", r.Status, r.Body)
		}
	}
	for path, body := range map[string]string{
		"/api/connect/triggers":                `{"id":"../../x"}`,
		"/api/connect/triggers/" + dt.ID:       `{}`,
		"/api/connect/triggers/bad%20id":       `{"active":true}`,
		"/api/connect/triggers?q=1":            `[1]`,
		"/api/connect/triggers/" + dt.ID + "x": `{"name":"` + strings.Repeat("n", 201) + `"}`,
	} {
		method := "PATCH"
		if path == "/api/connect/triggers" || strings.HasPrefix(path, "/api/connect/triggers?") {
			method = "POST"
		}
		if r := b.do(method, path, body); r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" {
			t.Errorf("%s %s %s: %d %s, want 400", method, path, body, r.Status, r.Body)
		}
	}
	if r := b.do("POST", "/api/connect/triggers", `{"id":"github-new-issue","configured_props":{"repo":"a/b"}}`); r.Status != http.StatusBadRequest {
		t.Errorf("deploy without an account: %d %s, want 400", r.Status, r.Body)
	}

	var upd struct{ Data pipedream.DeployedTrigger }
	b.do("PATCH", "/api/connect/triggers/"+dt.ID, `{"active":false}`).decode(t, &upd)
	if upd.Data.Active {
		t.Errorf("pause: %+v", upd.Data)
	}
	if r := b.do("DELETE", "/api/connect/triggers/"+dt.ID, ""); r.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	b.do("GET", "/api/connect/triggers", "").decode(t, &list)
	if len(list.Data) != 0 {
		t.Errorf("after delete, list: %+v", list.Data)
	}
}

// TestForgedTriggerEventsGoNowhere: unsigned, mis-signed, stale, replayed,
// oversize events and events at another user's URI are refused with a 4xx,
// and the user's stream gets only the genuine ones.
func TestForgedTriggerEventsGoNowhere(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	user := b.user()
	st := b.stream("")
	st.Next() // status
	dt := deployTimer(t, b, false)
	full, err := s.PD.GetDeployedTrigger(t.Context(), user, dt.ID)
	if err != nil || full.WebhookSigningKey == "" {
		t.Fatalf("the server-side view has no key: %+v, %v", full, err)
	}
	key := full.WebhookSigningKey
	uri := s.Events.URI(user, time.Time{})
	other := s.browser()
	otherURI := s.Events.URI(other.user(), time.Time{})

	n := 0
	event := func(id string) []byte {
		n++
		return fmt.Appendf(nil, `{"id":%q,"ts":%d,"k":"emit","e":{"n":%d},"deployed_trigger_id":%q,"external_user_id":%q}`, id, time.Now().UnixMilli(), n, dt.ID, user)
	}
	send := func(uri, id string, ts time.Time, body []byte, key string) reply {
		req, _ := http.NewRequest("POST", uri, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(pipedream.EventIDHeader, id)
		req.Header.Set(pipedream.EventTimestampHeader, strconv.FormatInt(ts.Unix(), 10))
		if key != "" {
			req.Header.Set(pipedream.EventSignatureHeader, pipedream.SignTriggerEvent(key, id, ts, body))
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		return reply{Status: res.StatusCode}
	}
	now := time.Now()
	good := event("evt_good1")
	if r := send(uri, "evt_good1", now, good, key); r.Status != http.StatusNoContent {
		t.Fatalf("genuine event: %d", r.Status)
	}
	first := st.Next()
	if first.Type != "trigger_event" || !strings.Contains(first.Data, `"id":"evt_good1"`) {
		t.Fatalf("stream got %+v", first)
	}

	big := fmt.Appendf(nil, `{"id":"evt_big","e":{"x":"%s"},"deployed_trigger_id":%q}`, strings.Repeat("a", 600<<10), dt.ID)
	for name, c := range map[string]struct {
		got  reply
		want int
	}{
		"unsigned":                     {send(uri, "evt_f1", now, event("evt_f1"), ""), http.StatusBadRequest},
		"signed with a guessed key":    {send(uri, "evt_f2", now, event("evt_f2"), "whsec_guess"), http.StatusBadRequest},
		"stale":                        {send(uri, "evt_f3", now.Add(-10*time.Minute), event("evt_f3"), key), http.StatusBadRequest},
		"replayed":                     {send(uri, "evt_good1", now, good, key), http.StatusConflict},
		"oversize":                     {send(uri, "evt_big", now, big, key), http.StatusRequestEntityTooLarge},
		"at another user's URI":        {send(otherURI, "evt_f4", now, event("evt_f4"), key), http.StatusForbidden},
		"at a forged URI":              {send(strings.Replace(uri, "sig=", "sig=x", 1), "evt_f5", now, event("evt_f5"), key), http.StatusForbidden},
		"for a trigger never deployed": {send(uri, "evt_f6", now, []byte(strings.Replace(string(event("evt_f6")), dt.ID, "dc_nope", 1)), key), http.StatusForbidden},
	} {
		if c.got.Status != c.want {
			t.Errorf("%s: %d, want %d", name, c.got.Status, c.want)
		}
	}
	if r := send(uri, "evt_good2", now, event("evt_good2"), key); r.Status != http.StatusNoContent {
		t.Fatalf("second genuine event: %d", r.Status)
	}
	if next := st.Next(); !strings.Contains(next.Data, `"id":"evt_good2"`) {
		t.Fatalf("after the forgeries the stream got %+v, want evt_good2 next", next)
	}
}

// TestTriggerCatalogAndOptions: the page lists an app's triggers and a
// prop's options for the user's own account only.
func TestTriggerCatalogAndOptions(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	user := b.user()
	gh := testsupport.ConnectOAuth(t, s.PD, s.SandboxURL, user, "github")
	var cat struct{ Data []pipedream.Component }
	b.do("GET", "/api/connect/trigger-catalog?app=github", "").decode(t, &cat)
	if len(cat.Data) != 1 || cat.Data[0].Key != "github-new-issue" || cat.Data[0].ComponentType != pipedream.ComponentTrigger {
		t.Fatalf("catalog: %+v", cat.Data)
	}
	if r := b.do("GET", "/api/connect/trigger-catalog?app=../x", ""); r.Status != http.StatusBadRequest {
		t.Errorf("catalog of a bad slug: %d", r.Status)
	}
	var opts struct {
		Options []pipedream.PropOption
	}
	b.do("POST", "/api/connect/trigger-options", fmt.Sprintf(`{"id":"github-new-issue","prop_name":"repo","configured_props":{"github":{"authProvisionId":%q}}}`, gh.ID)).decode(t, &opts)
	if len(opts.Options) == 0 || !strings.Contains(fmt.Sprint(opts.Options[0].Value), "/") {
		t.Fatalf("options: %+v", opts)
	}
	other := s.browser()
	other.user()
	if r := other.do("POST", "/api/connect/trigger-options", fmt.Sprintf(`{"id":"github-new-issue","prop_name":"repo","configured_props":{"github":{"authProvisionId":%q}}}`, gh.ID)); r.Status != http.StatusBadRequest {
		t.Errorf("options with another user's account: %d %s, want 400", r.Status, r.Body)
	}
	if r := other.do("POST", "/api/connect/triggers", fmt.Sprintf(`{"id":"github-new-issue","configured_props":{"github":{"authProvisionId":%q},"repo":"a/b"}}`, gh.ID)); r.Status != http.StatusBadRequest {
		t.Errorf("deploy with another user's account: %d %s, want 400", r.Status, r.Body)
	}
}

// TestTriggerEventsLimitedPerUser: past its per-user rate a user's events
// are refused with 429, whatever address sends them, and another user's
// events still pass.
func TestTriggerEventsLimitedPerUser(t *testing.T) {
	s := newStack(t, func(c *connecthttp.Config) {
		c.Limits = func(name string, n int, period time.Duration) connecthttp.Limiter {
			if name == "trigger-event" {
				n = 2
			}
			return connecthttp.InProcessLimits(name, n, period)
		}
	})
	type sender struct {
		uri, key, trigger, user string
	}
	newSender := func() sender {
		b := s.browser()
		user := b.user()
		dt := deployTimer(t, b, false)
		full, err := s.PD.GetDeployedTrigger(t.Context(), user, dt.ID)
		if err != nil {
			t.Fatal(err)
		}
		return sender{s.Events.URI(user, time.Time{}), full.WebhookSigningKey, dt.ID, user}
	}
	post := func(sd sender, id string) int {
		body := fmt.Appendf(nil, `{"id":%q,"ts":1,"k":"emit","e":{},"deployed_trigger_id":%q,"external_user_id":%q}`, id, sd.trigger, sd.user)
		now := time.Now()
		req, _ := http.NewRequest("POST", sd.uri, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(pipedream.EventIDHeader, id)
		req.Header.Set(pipedream.EventTimestampHeader, strconv.FormatInt(now.Unix(), 10))
		req.Header.Set(pipedream.EventSignatureHeader, pipedream.SignTriggerEvent(sd.key, id, now, body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	a, b := newSender(), newSender()
	got := []int{post(a, "evt_1"), post(a, "evt_2"), post(a, "evt_3"), post(b, "evt_1")}
	want := []int{http.StatusNoContent, http.StatusNoContent, http.StatusTooManyRequests, http.StatusNoContent}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: %d, want %d (all: %v)", i+1, got[i], want[i], got)
		}
	}
}

func TestTriggerListingsLimitedPerUser(t *testing.T) {
	s := newStack(t, func(c *connecthttp.Config) {
		c.Limits = func(name string, n int, period time.Duration) connecthttp.Limiter {
			if name == "list-triggers" {
				n = 3
			}
			return connecthttp.InProcessLimits(name, n, period)
		}
	})
	heavy, light := s.browser(), s.browser()
	statuses := map[int]int{}
	for range 10 {
		r := heavy.do("GET", "/api/connect/triggers", "")
		if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		statuses[r.Status]++
	}
	if statuses[http.StatusOK] != 3 || statuses[http.StatusTooManyRequests] != 7 {
		t.Errorf("10 listings with a burst of 3: %v, want 3 listed and 7 refused", statuses)
	}
	if r := light.do("GET", "/api/connect/triggers", ""); r.Status != http.StatusOK {
		t.Errorf("another user's listing: %d %s", r.Status, r.Body)
	}
}
