package trigger

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// testEngine is an Engine with one watcher trigger ("watch", app prop
// "acct") whose props name their account, and no deliveries.
func testEngine(t *testing.T) (*Engine, *watches) {
	t.Helper()
	w := &watches{subs: map[string]int{}}
	def := &Definition{
		Component: pipedream.Component{Key: "watch", Name: "Watch", ConfigurableProps: []pipedream.ConfigurableProp{{Name: "acct", Type: pipedream.PropApp, App: "x"}}},
		AppProp:   "acct", Kind: "x.item",
		Match: func(_ pipedream.ConfiguredProps, it map[string]any) (Event, bool) {
			return Event{Body: it, Summary: "item"}, it["skip"] == nil
		},
	}
	e := New(Options{
		Definitions: map[string]*Definition{"watch": def},
		Check: func(_ context.Context, _ Scope, _ *Definition, p pipedream.ConfiguredProps) (pipedream.ConfiguredProps, string, error) {
			id, ok := p.AccountID("acct")
			if !ok {
				return nil, "", errors.Join(ErrInvalid, errors.New("no account"))
			}
			return p, id, nil
		},
		Watch: w.watch,
	})
	t.Cleanup(func() { _ = e.Close() })
	return e, w
}

// watches counts the provider subscriptions per account.
type watches struct {
	mu   sync.Mutex
	subs map[string]int
}

func (w *watches) watch(id string, _ func(Change)) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.subs[id]++
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.subs[id]--
	}
}

func (w *watches) count(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.subs[id]
}

func TestEngineLimitsEventsAndWatches(t *testing.T) {
	e, w := testEngine(t)
	ctx := context.Background()
	sc := Scope{ProjectID: "proj_1", Environment: "development", ExternalUserID: "u1"}
	props := pipedream.ConfiguredProps{}.SetApp("acct", "apn_1")
	var ids []string
	for range MaxTriggersPerUser {
		dt, err := e.Deploy(ctx, sc, DeployRequest{Key: "watch", ConfiguredProps: props})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, dt.ID)
	}
	if _, err := e.Deploy(ctx, sc, DeployRequest{Key: "watch", ConfiguredProps: props}); !errors.Is(err, ErrLimit) {
		t.Fatalf("deploy past %d triggers: err = %v, want ErrLimit", MaxTriggersPerUser, err)
	}
	if n := w.count("apn_1"); n != 1 {
		t.Errorf("%d provider subscriptions for one account's triggers, want 1", n)
	}
	if _, err := e.Deploy(ctx, Scope{ProjectID: "proj_1", Environment: "development", ExternalUserID: "u2"}, DeployRequest{Key: "watch", ConfiguredProps: props}); err != nil {
		t.Errorf("another user's first trigger: %v", err)
	}

	for i := range MaxEvents + 5 {
		e.Observe(Change{AccountID: "apn_1", Kind: "x.item", Item: map[string]any{"n": i}})
	}
	e.Observe(Change{AccountID: "apn_1", Kind: "x.item", Item: map[string]any{"skip": true}})
	e.Observe(Change{AccountID: "apn_2", Kind: "x.item", Item: map[string]any{"n": -1}})
	evs, err := e.Events(sc, ids[0], 1000)
	if err != nil || len(evs) != MaxEvents {
		t.Fatalf("events kept: %d (%v), want %d", len(evs), err, MaxEvents)
	}
	var newest struct{ N int }
	if evs[0].Decode(&newest) != nil || newest.N != MaxEvents+4 {
		t.Errorf("newest event %+v, want item %d", newest, MaxEvents+4)
	}
	if _, err := e.Events(Scope{ProjectID: "proj_1", Environment: "development", ExternalUserID: "u2"}, ids[0], 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("another user's events: %v", err)
	}

	off := false
	if _, err := e.Update(ctx, sc, ids[1], pipedream.TriggerUpdate{Active: &off}); err != nil {
		t.Fatal(err)
	}
	before, _ := e.Events(sc, ids[1], 1000)
	e.Observe(Change{AccountID: "apn_1", Kind: "x.item", Item: map[string]any{"n": 999}})
	after, _ := e.Events(sc, ids[1], 1000)
	if after[0].ID != before[0].ID {
		t.Error("a paused trigger emitted")
	}

	gone := e.DropAccounts(func(id string) bool { return id == "apn_1" })
	if gone != MaxTriggersPerUser+1 || e.Count() != 0 || w.count("apn_1") != 0 {
		t.Errorf("DropAccounts removed %d, left %d triggers and %d subscriptions", gone, e.Count(), w.count("apn_1"))
	}
}
