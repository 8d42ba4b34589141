package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// stores opens each implementation fresh for a test.
var stores = map[string]func(t *testing.T) Store{
	"memory": func(*testing.T) Store { return NewMemory() },
	"bolt": func(t *testing.T) Store {
		b, err := OpenBolt(filepath.Join(t.TempDir(), "data", "sandbox.db"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	},
}

// contract runs fn against every implementation.
func contract(t *testing.T, fn func(t *testing.T, s Store)) {
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			fn(t, s)
		})
	}
}

func token(id, user string, exp time.Time) Token {
	return Token{
		TokenRequest: pipedream.TokenRequest{ExternalUserID: user, AllowedOrigins: []string{"http://a.test"}, WebhookURI: "http://hook.test"},
		Token:        id, ProjectID: "proj_a", Environment: "development", CreatedAt: t0, ExpiresAt: exp,
	}
}

func account(id, project, env, user, app string, created time.Time) Account {
	return Account{
		Account: pipedream.Account{
			ID: id, ExternalID: user, Healthy: true, CreatedAt: created, UpdatedAt: created,
			App:              &pipedream.App{NameSlug: app, Name: app, Categories: []string{"x"}, ScopeProfiles: []pipedream.ScopeProfile{}},
			AuthorizedScopes: []string{"read"},
			Credentials:      map[string]any{"api_key": "secret-" + id},
		},
		ProjectID: project, Environment: env, AppSlug: app,
	}
}

func TestTokens(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		if _, err := s.Token(ctx, "ctok_none"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		tok := token("ctok_1", "u1", t0.Add(time.Hour))
		if err := s.PutToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		tok.AllowedOrigins[0] = "changed" // the store keeps its own copy
		got, err := s.Token(ctx, "ctok_1")
		if err != nil || got.ExternalUserID != "u1" || got.AllowedOrigins[0] != "http://a.test" ||
			got.WebhookURI != "http://hook.test" || !got.ExpiresAt.Equal(t0.Add(time.Hour)) || got.SpentAt != nil {
			t.Fatalf("token %+v, %v", got, err)
		}
	})
}

func TestConnect(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		_ = s.PutToken(ctx, token("ctok_1", "u1", t0.Add(time.Hour)))
		_ = s.PutToken(ctx, token("ctok_2", "u1", t0.Add(time.Hour)))
		a := account("apn_1", "proj_a", "development", "u1", "slack", t0)

		if err := s.Connect(ctx, "ctok_none", a, t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		if err := s.Connect(ctx, "ctok_1", a, t0.Add(time.Hour)); !errors.Is(err, ErrExpired) {
			t.Fatalf("expired token: %v", err)
		}
		if _, err := s.Account(ctx, "proj_a", "apn_1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("failed connect saved the account: %v", err)
		}
		if err := s.Connect(ctx, "ctok_1", a, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		tok, _ := s.Token(ctx, "ctok_1")
		if tok.SpentAt == nil || !tok.SpentAt.Equal(t0.Add(time.Minute)) || tok.AccountID != "apn_1" {
			t.Fatalf("spent token %+v", tok)
		}
		if err := s.Connect(ctx, "ctok_1", account("apn_2", "proj_a", "development", "u1", "slack", t0), t0); !errors.Is(err, ErrSpent) {
			t.Fatalf("spent token reused: %v", err)
		}
		got, err := s.Account(ctx, "proj_a", "apn_1")
		if err != nil || got.Credentials["api_key"] != "secret-apn_1" || got.App.NameSlug != "slack" || got.AppSlug != "slack" ||
			got.ExternalID != "u1" || !got.CreatedAt.Equal(t0) || got.AuthorizedScopes[0] != "read" {
			t.Fatalf("account %+v, %v", got, err)
		}
		if _, err := s.Account(ctx, "proj_b", "apn_1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("account of another project: %v", err)
		}

		// Reconnecting with a new token replaces the account.
		b := a
		b.Name, b.UpdatedAt = "renamed", t0.Add(2*time.Minute)
		if err := s.Connect(ctx, "ctok_2", b, t0.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		all, _ := s.Accounts(ctx, AccountFilter{ProjectID: "proj_a"})
		if len(all) != 1 || all[0].Name != "renamed" {
			t.Fatalf("after reconnect: %+v", all)
		}
	})
}

func TestAccountsFilterAndDelete(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		seed := []Account{
			account("apn_c", "proj_a", "development", "u1", "slack", t0.Add(2*time.Second)),
			account("apn_a", "proj_a", "development", "u1", "github", t0),
			account("apn_b", "proj_a", "development", "u2", "slack", t0),
			account("apn_d", "proj_a", "production", "u1", "slack", t0),
			account("apn_e", "proj_b", "development", "u1", "slack", t0),
		}
		seed[1].OAuthAppID = "oa_1"
		for i, a := range seed {
			id := fmt.Sprintf("ctok_%d", i)
			_ = s.PutToken(ctx, token(id, a.ExternalID, t0.Add(time.Hour)))
			if err := s.Connect(ctx, id, a, t0); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(f AccountFilter) string {
			as, err := s.Accounts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, a := range as {
				out += a.ID + " "
			}
			return out
		}
		for _, c := range []struct {
			f    AccountFilter
			want string
		}{
			{AccountFilter{}, "apn_a apn_b apn_d apn_e apn_c "},
			{AccountFilter{ProjectID: "proj_a", Environment: "development"}, "apn_a apn_b apn_c "},
			{AccountFilter{ProjectID: "proj_a", ExternalID: "u1"}, "apn_a apn_d apn_c "},
			{AccountFilter{ProjectID: "proj_a", AppSlug: "slack", Environment: "development"}, "apn_b apn_c "},
			{AccountFilter{OAuthAppID: "oa_1"}, "apn_a "},
			{AccountFilter{ExternalID: "nobody"}, ""},
		} {
			if got := ids(c.f); got != c.want {
				t.Errorf("filter %+v: %q, want %q", c.f, got, c.want)
			}
		}

		n, err := s.DeleteAccounts(ctx, AccountFilter{ProjectID: "proj_a", Environment: "development", AppSlug: "slack"})
		if err != nil || n != 2 {
			t.Fatalf("delete by app: %d, %v", n, err)
		}
		if got := ids(AccountFilter{}); got != "apn_a apn_d apn_e " {
			t.Fatalf("after delete by app: %q", got)
		}
		if err := s.DeleteAccount(ctx, "proj_b", "apn_a"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("delete in another project: %v", err)
		}
		if err := s.DeleteAccount(ctx, "proj_a", "apn_a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAccount(ctx, "proj_a", "apn_a"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
		if err := s.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		if got := ids(AccountFilter{}); got != "" {
			t.Fatalf("after reset: %q", got)
		}
		if _, err := s.Token(ctx, "ctok_0"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("token after reset: %v", err)
		}
	})
}

// TestReturnedValuesAreCopies checks that callers cannot change stored
// state through returned values.
func TestReturnedValuesAreCopies(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		_ = s.PutToken(ctx, token("ctok_1", "u1", t0.Add(time.Hour)))
		a := account("apn_1", "proj_a", "development", "u1", "slack", t0)
		_ = s.Connect(ctx, "ctok_1", a, t0)
		a.Credentials["api_key"] = "changed"
		got, _ := s.Account(ctx, "proj_a", "apn_1")
		got.Credentials["api_key"] = "changed too"
		got.App.Categories[0] = "changed"
		list, _ := s.Accounts(ctx, AccountFilter{})
		list[0].AuthorizedScopes[0] = "changed"
		again, _ := s.Account(ctx, "proj_a", "apn_1")
		if again.Credentials["api_key"] != "secret-apn_1" || again.App.Categories[0] != "x" || again.AuthorizedScopes[0] != "read" {
			t.Fatalf("stored account changed through a returned value: %+v", again)
		}
	})
}

// TestConcurrentConnect races many connects on one token: exactly one wins.
func TestConcurrentConnect(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		_ = s.PutToken(ctx, token("ctok_1", "u1", t0.Add(time.Hour)))
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.Connect(ctx, "ctok_1", account(fmt.Sprintf("apn_%d", i), "proj_a", "development", "u1", "slack", t0), t0)
				if err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if !errors.Is(err, ErrSpent) {
					t.Errorf("connect: %v", err)
				}
				// Readers run alongside the writers.
				if _, err := s.Accounts(ctx, AccountFilter{ProjectID: "proj_a"}); err != nil {
					t.Errorf("accounts: %v", err)
				}
				_ = s.PutToken(ctx, token(fmt.Sprintf("ctok_x%d", i), "u1", t0.Add(time.Hour)))
			}()
		}
		wg.Wait()
		all, _ := s.Accounts(ctx, AccountFilter{})
		if wins != 1 || len(all) != 1 {
			t.Fatalf("%d connects won, %d accounts; want 1 and 1", wins, len(all))
		}
	})
}

func TestBoltSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	ctx := context.Background()
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = b.PutToken(ctx, token("ctok_1", "u1", t0.Add(time.Hour)))
	_ = b.PutToken(ctx, token("ctok_2", "u1", t0.Add(time.Hour)))
	if err := b.Connect(ctx, "ctok_1", account("apn_1", "proj_a", "development", "u1", "slack", t0), t0); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenBolt(path); err == nil {
		t.Fatal("a second open of a locked database succeeded")
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}

	b, err = OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	a, err := b.Account(ctx, "proj_a", "apn_1")
	if err != nil || a.Credentials["api_key"] != "secret-apn_1" || !a.CreatedAt.Equal(t0) {
		t.Fatalf("account after reopen: %+v, %v", a, err)
	}
	if tok, err := b.Token(ctx, "ctok_1"); err != nil || tok.SpentAt == nil {
		t.Fatalf("spent token after reopen: %+v, %v", tok, err)
	}
	if err := b.Connect(ctx, "ctok_1", account("apn_2", "proj_a", "development", "u1", "slack", t0), t0); !errors.Is(err, ErrSpent) {
		t.Fatalf("spent token reused after reopen: %v", err)
	}
	if err := b.Connect(ctx, "ctok_2", account("apn_2", "proj_a", "development", "u1", "slack", t0), t0); err != nil {
		t.Fatalf("live token after reopen: %v", err)
	}
}

func TestOpenBoltBadPath(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenBolt(dir); err == nil { // a directory is not a database
		t.Fatal("opened a directory as a database")
	}
}

// TestTokenUsable: spent wins over expired, and a token expires at
// ExpiresAt itself.
func TestTokenUsable(t *testing.T) {
	spent := t0
	for _, c := range []struct {
		name string
		tok  Token
		now  time.Time
		want error
	}{
		{"live", Token{ExpiresAt: t0.Add(time.Second)}, t0, nil},
		{"at expiry", Token{ExpiresAt: t0}, t0, ErrExpired},
		{"expired", Token{ExpiresAt: t0}, t0.Add(time.Hour), ErrExpired},
		{"spent", Token{ExpiresAt: t0.Add(time.Hour), SpentAt: &spent}, t0, ErrSpent},
		{"spent then expired", Token{ExpiresAt: t0, SpentAt: &spent}, t0.Add(time.Hour), ErrSpent},
	} {
		if err := c.tok.Usable(c.now); err != c.want {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// TestUnspentTokensAreCappedPerUser is the attack of one user minting
// tokens without end, scaled down: the user keeps their newest
// MaxUnspentTokens unspent tokens, the oldest go first, a spent token
// counts against nothing, and other users' tokens stay.
func TestUnspentTokensAreCappedPerUser(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		mint := func(id, user string, i int) {
			t.Helper()
			tok := token(id, user, t0.Add(4*time.Hour))
			tok.CreatedAt = t0.Add(time.Duration(i) * time.Millisecond)
			if err := s.PutToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		mint("ctok_other", "other", 0)
		mint("ctok_spent", "flood", 0)
		if err := s.Connect(ctx, "ctok_spent", account("apn_1", "proj_a", "development", "flood", "slack", t0), t0); err != nil {
			t.Fatal(err)
		}
		const n = 300
		for i := 1; i <= n; i++ {
			mint(fmt.Sprintf("ctok_%03d", i), "flood", i)
		}
		kept := 0
		for i := 1; i <= n; i++ {
			_, err := s.Token(ctx, fmt.Sprintf("ctok_%03d", i))
			switch {
			case err == nil:
				kept++
				if i <= n-MaxUnspentTokens {
					t.Errorf("token %d of %d kept: the oldest should go first", i, n)
				}
			case !errors.Is(err, ErrNotFound):
				t.Fatal(err)
			}
		}
		if kept != MaxUnspentTokens {
			t.Errorf("%d of one user's %d unspent tokens kept, want %d", kept, n, MaxUnspentTokens)
		}
		for _, id := range []string{"ctok_other", "ctok_spent"} {
			if _, err := s.Token(ctx, id); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	})
}
