package sandbox

import (
	"errors"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
)

// TestSweepKeepsTokensForValidationThenRemovesThem: an expired or spent
// token still validates as "expired" or "already used" during the
// retention, then the periodic sweep removes it.
func TestSweepKeepsTokensForValidationThenRemovesThem(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.TokenRetention, o.SweepEvery = time.Hour, 5*time.Millisecond })
	short := e.newToken(map[string]any{"external_user_id": "u1", "expires_in": 1})
	a := e.connect("u1", "openai", map[string]string{"api_key": "sk-test12345678"})
	spent := e.lastToken

	e.clock.Advance(time.Hour - time.Second)
	waitSweeps(t, e, 2)
	if v := e.validate(short.Token, ""); v.Error != validate.MsgExpired {
		t.Fatalf("expired token within the retention: %+v", v)
	}
	if v := e.validate(spent, ""); v.Error != validate.MsgSpent {
		t.Fatalf("spent token within the retention: %+v", v)
	}

	e.clock.Advance(3 * time.Second)
	waitSweeps(t, e, 2)
	for _, tok := range []string{short.Token, spent} {
		if _, err := e.sb.store.Token(t.Context(), tok); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("token %s past its retention still stored: %v", tok, err)
		}
	}
	if _, err := e.sb.store.Account(t.Context(), "proj_sandbox", a.ID); err != nil {
		t.Fatalf("the sweep took the account: %v", err)
	}
}

// waitSweeps waits until n more periodic sweeps have run.
func waitSweeps(t *testing.T, e *env, n int64) {
	t.Helper()
	want := e.sb.sweeps.Load() + n
	deadline := time.Now().Add(10 * time.Second)
	for e.sb.sweeps.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("no sweep within 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSweepAtStart: tokens that ended long ago are gone as soon as a
// sandbox opens the store.
func TestSweepAtStart(t *testing.T) {
	st := store.NewMemory()
	c := newClock()
	old := store.Token{Token: "ctok_old", ProjectID: DefaultProjectID, CreatedAt: c.Now().Add(-3 * time.Hour), ExpiresAt: c.Now().Add(-2 * time.Hour)}
	if err := st.PutToken(t.Context(), old); err != nil {
		t.Fatal(err)
	}
	sb, err := New(Options{BaseURL: "http://127.0.0.1:1", Store: st, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if _, err := st.Token(t.Context(), "ctok_old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a token expired 2 h ago survived the start: %v", err)
	}
}
