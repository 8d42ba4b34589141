package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// recorder is a webhook.Sender that keeps what it was given.
type recorder struct {
	events []pipedream.WebhookEvent
	uris   []string
}

func (r *recorder) Send(_ string, ev pipedream.WebhookEvent, uri string) {
	r.events = append(r.events, ev)
	r.uris = append(r.uris, uri)
}

func TestConnectAndFail(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	hooks := &recorder{}
	withHook := tok
	withHook.Token, withHook.WebhookURI, withHook.ExpiresAt = "ctok_hook", "http://hook.test/in", now.Add(time.Hour)
	if err := st.PutToken(ctx, withHook); err != nil {
		t.Fatal(err)
	}

	a, err := Connect(ctx, st, hooks, Request{App: app("openai"), Token: withHook, Values: map[string]string{"api_key": "sk-abcdefghijk"}}, 9, now)
	if err != nil {
		t.Fatal(err)
	}
	if saved, err := st.Account(ctx, "proj_sandbox", a.ID); err != nil || saved.Credentials["api_key"] != "sk-abcdefghijk" {
		t.Fatalf("saved %+v, %v", saved, err)
	}
	if len(hooks.events) != 1 || hooks.uris[0] != "http://hook.test/in" {
		t.Fatalf("webhooks %+v", hooks.events)
	}
	ev := hooks.events[0]
	if ev.Event != pipedream.EventConnectionSuccess || ev.ConnectToken != "ctok_hook" || ev.ConnectSessionID != 9 ||
		ev.Environment != "development" || ev.Account == nil || ev.Account.ID != a.ID || ev.Account.Credentials != nil {
		t.Fatalf("success event %+v", ev)
	}

	// The token is spent: a second connect fails and sends nothing.
	if _, err := Connect(ctx, st, hooks, Request{App: app("slack"), Token: withHook}, 9, now); !errors.Is(err, store.ErrSpent) {
		t.Fatalf("second connect: %v", err)
	}
	// Bad fields fail before the token is touched.
	if _, err := Connect(ctx, st, hooks, Request{App: app("openai"), Token: withHook, Values: map[string]string{}}, 9, now); err == nil {
		t.Fatal("missing field accepted")
	}
	if len(hooks.events) != 1 {
		t.Fatalf("failed connects sent webhooks: %+v", hooks.events)
	}

	Fail(hooks, withHook, 10, "access_denied")
	if len(hooks.events) != 2 || hooks.events[1].Event != pipedream.EventConnectionError || hooks.events[1].Error != "access_denied" {
		t.Fatalf("failure event %+v", hooks.events)
	}
	// No webhook_uri, or no sender: nothing is sent, nothing breaks.
	Fail(hooks, tok, 11, "x")
	Fail(nil, withHook, 11, "x")
	if len(hooks.events) != 2 {
		t.Fatalf("webhook sent without webhook_uri: %+v", hooks.events)
	}
}

// TestConnectNamesAccountsApart: a user's second account of an app gets a
// name of its own, so two accounts never read the same.
func TestConnectNamesAccountsApart(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	var names []string
	for i := range 3 {
		tk := tok
		tk.Token, tk.ExpiresAt = fmt.Sprintf("ctok_n%d", i), now.Add(time.Hour)
		if err := st.PutToken(ctx, tk); err != nil {
			t.Fatal(err)
		}
		a, err := Connect(ctx, st, nil, Request{App: app("slack"), Token: tk}, 1, now)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, a.Name)
	}
	if names[0] == names[1] || names[1] == names[2] || names[0] == names[2] || !strings.HasSuffix(names[1], "-2@example.com") {
		t.Fatalf("names %q", names)
	}
}
