package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/hosted"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestWebhookAfterFlow connects an account the way the hosted page does and
// checks the sandbox's dispatcher delivers CONNECTION_SUCCESS to a receiver
// that fails twice first.
func TestWebhookAfterFlow(t *testing.T) {
	var calls atomic.Int32
	got := make(chan []byte, 1)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "not yet", http.StatusBadGateway)
			return
		}
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer recv.Close()

	e := newEnv(t, func(o *Options) { o.WebhookBackoff = 5 * time.Millisecond })
	tok := e.newToken(map[string]any{"external_user_id": "u1", "webhook_uri": recv.URL + "/hook"})
	st, err := e.sb.store.Token(t.Context(), tok.Token)
	if err != nil {
		t.Fatal(err)
	}
	app, _ := e.sb.catalog.Lookup("stripe")
	var sender webhook.Sender = e.sb.hooks
	a, err := account.Connect(t.Context(), e.sb.store, sender, account.Request{
		App: app, Token: st, Values: map[string]string{"api_key": "sk_test_abcdefgh1234"},
	}, 77, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		var ev pipedream.WebhookEvent
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Event != pipedream.EventConnectionSuccess || ev.ConnectToken != tok.Token || ev.ConnectSessionID != 77 ||
			ev.Environment != "development" || ev.Account == nil || ev.Account.ID != a.ID || ev.Account.Credentials != nil {
			t.Fatalf("event %s", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no webhook after %d attempts", calls.Load())
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
}

// TestADenyFloodNeitherDropsNorDelaysAVictimsWebhook is the attack of one
// user pressing Deny on the hosted page without end (Deny leaves the token
// unspent, and each sends CONNECTION_ERROR), to a receiver slow to answer:
// each token allows only so many attempts, and the victim's flow, finished
// in the middle of the flood, is heard of at once.
func TestADenyFloodNeitherDropsNorDelaysAVictimsWebhook(t *testing.T) {
	victim := make(chan time.Time, 1)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/victim" {
			victim <- time.Now()
			return
		}
		select { // the flood's receiver answers slowly
		case <-time.After(50 * time.Millisecond):
		case <-r.Context().Done():
		}
	}))
	defer recv.Close()
	e := newEnv(t, nil)
	deny := func(token string) int {
		res, err := http.PostForm(e.srv.URL+"/_static/connect/authorize", url.Values{"token": {token}, "app": {"github"}, "decision": {"deny"}})
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	var tokens []string
	for range 20 {
		tokens = append(tokens, e.newToken(map[string]any{"external_user_id": "flooder", "webhook_uri": recv.URL + "/flood"}).Token)
	}
	denied, limited := 0, 0
	for _, tok := range tokens {
		for range 2 * hosted.AttemptsPerToken {
			switch st := deny(tok); st {
			case http.StatusOK:
				denied++
			case http.StatusTooManyRequests:
				limited++
			default:
				t.Fatalf("deny: %d", st)
			}
		}
	}
	if denied != len(tokens)*hosted.AttemptsPerToken {
		t.Errorf("%d denies went through with %d tokens, want %d each", denied, len(tokens), hosted.AttemptsPerToken)
	}
	// In the middle of the flood's deliveries, the victim connects.
	tok := e.newToken(map[string]any{"external_user_id": "victim", "webhook_uri": recv.URL + "/victim"})
	form := url.Values{"token": {tok.Token}, "app": {"github"}, "decision": {"allow"}}
	res, err := http.PostForm(e.srv.URL+"/_static/connect/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	connected := time.Now()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the victim's flow: %d", res.StatusCode)
	}
	select {
	case at := <-victim:
		t.Logf("%d denies (%d more refused); the victim's webhook arrived %v after its flow", denied, limited, at.Sub(connected))
		if d := at.Sub(connected); d > time.Second {
			t.Errorf("the victim's webhook took %v behind another user's flood", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the victim's webhook was dropped")
	}
}
