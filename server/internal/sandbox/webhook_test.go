package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
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
