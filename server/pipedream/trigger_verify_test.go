package pipedream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

const testHookKey = "whsec_test_key_0123456789"

// memReplays is a ReplayGuard in a map.
type memReplays struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (m *memReplays) FirstSeen(_ context.Context, key string, _ time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	first := !m.seen[key]
	m.seen[key] = true
	return first, nil
}

// delivery builds a signed delivery of body for event id at ts.
func delivery(id string, ts time.Time, body, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/events", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(pipedream.EventIDHeader, id)
	r.Header.Set(pipedream.EventTimestampHeader, strconv.FormatInt(ts.Unix(), 10))
	r.Header.Set(pipedream.EventSignatureHeader, sig)
	return r
}

func TestTriggerVerifier(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := `{"id":"evt_1","ts":1800000000000,"k":"emit","e":{"title":"Bug"},"sum":"New issue","deployed_trigger_id":"dc_1","external_user_id":"u1"}`
	signed := pipedream.SignTriggerEvent(testHookKey, "evt_1", now, []byte(body))
	keyCalls := 0
	newVerifier := func() *pipedream.TriggerVerifier {
		return &pipedream.TriggerVerifier{
			Key: func(_ context.Context, ev pipedream.TriggerEvent) ([]string, error) {
				keyCalls++
				if ev.DeployedTriggerID != "dc_1" {
					return nil, errors.New("unknown trigger")
				}
				return []string{"old_key", testHookKey}, nil
			},
			Replays: &memReplays{},
			MaxSize: 1024,
			Now:     func() time.Time { return now },
		}
	}

	v := newVerifier()
	ev, err := v.Verify(delivery("evt_1", now, body, "v1=00 "+signed))
	if err != nil {
		t.Fatalf("Verify(good delivery) = %v", err)
	}
	var issue struct{ Title string }
	if ev.ID != "evt_1" || ev.DeployedTriggerID != "dc_1" || ev.ExternalUserID != "u1" || ev.Sum != "New issue" || ev.Decode(&issue) != nil || issue.Title != "Bug" {
		t.Errorf("event = %+v (title %q)", ev, issue.Title)
	}
	if _, err := v.Verify(delivery("evt_1", now, body, signed)); !errors.Is(err, pipedream.ErrEventReplayed) {
		t.Errorf("replayed delivery: err = %v, want ErrEventReplayed", err)
	}

	cases := []struct {
		name string
		req  *http.Request
		want error
	}{
		{"unsigned", delivery("evt_1", now, body, ""), pipedream.ErrEventSignature},
		{"signed with another key", delivery("evt_1", now, body, pipedream.SignTriggerEvent("guess", "evt_1", now, []byte(body))), pipedream.ErrEventSignature},
		{"body changed", delivery("evt_1", now, strings.Replace(body, "Bug", "Pwned", 1), signed), pipedream.ErrEventSignature},
		{"timestamp changed", delivery("evt_1", now.Add(time.Second), body, signed), pipedream.ErrEventSignature},
		{"stale", delivery("evt_1", now.Add(-6*time.Minute), body, pipedream.SignTriggerEvent(testHookKey, "evt_1", now.Add(-6*time.Minute), []byte(body))), pipedream.ErrEventStale},
		{"from the future", delivery("evt_1", now.Add(6*time.Minute), body, pipedream.SignTriggerEvent(testHookKey, "evt_1", now.Add(6*time.Minute), []byte(body))), pipedream.ErrEventStale},
		{"id header differs from body", delivery("evt_2", now, body, pipedream.SignTriggerEvent(testHookKey, "evt_2", now, []byte(body))), pipedream.ErrEventMalformed},
		{"oversize", delivery("evt_1", now, `{"id":"evt_1","e":{"x":"`+strings.Repeat("a", 2000)+`"}}`, signed), pipedream.ErrEventTooLarge},
		{"not json", delivery("evt_1", now, "nope", signed), pipedream.ErrEventMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := newVerifier().Verify(c.req); !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}

	keyCalls = 0
	unknown := strings.Replace(body, "dc_1", "dc_404", 1)
	if _, err := newVerifier().Verify(delivery("evt_1", now, unknown, pipedream.SignTriggerEvent(testHookKey, "evt_1", now, []byte(unknown)))); err == nil || keyCalls != 1 {
		t.Errorf("unknown trigger: err = %v after %d key lookups, want the lookup's error", err, keyCalls)
	}
}

func TestWorkflowURL(t *testing.T) {
	c, err := pipedream.New(pipedream.Config{ClientID: "c", ClientSecret: "s", ProjectID: "proj_1", Environment: pipedream.Development})
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]string{
		"en123abc":                         "https://en123abc.m.pipedream.net",
		"EO-9x":                            "https://eo-9x.m.pipedream.net",
		"https://en1.m.pipedream.net/hook": "https://en1.m.pipedream.net/hook",
		"https://m.pipedream.net":          "https://m.pipedream.net",
	}
	for in, want := range good {
		if got, err := c.WorkflowURL(in); err != nil || got != want {
			t.Errorf("WorkflowURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"ex123", "en", "en_1", "en1.evil.example", "en1/x", "https://evil.example/m.pipedream.net", "https://evilm.pipedream.net", "ftp://en1.m.pipedream.net", "https://u:p@en1.m.pipedream.net", ""} {
		if got, err := c.WorkflowURL(in); !errors.Is(err, pipedream.ErrInvalidRequest) {
			t.Errorf("WorkflowURL(%q) = %q, %v; want ErrInvalidRequest", in, got, err)
		}
	}
}
