package validate

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

var (
	now     = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	project = Project{ID: "proj_a", Name: "Acme"}
	cat     = catalog.New("http://sbx")
)

func putToken(t *testing.T, st store.Store, id, user string) store.Token {
	tok := store.Token{
		TokenRequest: pipedream.TokenRequest{ExternalUserID: user},
		Token:        id, ProjectID: "proj_a", Environment: "production", CreatedAt: now, ExpiresAt: now.Add(time.Hour),
	}
	if err := st.PutToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestResolves checks what Check hands the hosted page besides the wire
// validation: the token, the app and the account to reconnect.
func TestResolves(t *testing.T) {
	st := store.NewMemory()
	ctx := context.Background()
	first := putToken(t, st, "ctok_1", "u1")
	github, _ := cat.Lookup("github")
	a, err := account.Build(account.Request{App: github, Token: first}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Connect(ctx, "ctok_1", a, now); err != nil {
		t.Fatal(err)
	}
	putToken(t, st, "ctok_2", "u1")

	r, err := Check(ctx, st, cat, project, "ctok_2", Query{AccountID: a.ID}, now)
	if err != nil || !r.Success || r.Token.Token != "ctok_2" || r.App != github || r.Account == nil || r.Account.ID != a.ID ||
		r.ProjectEnvironment != "production" || r.ProjectAppName != "Acme" || r.TokenValidation.App.NameSlug != "github" {
		t.Fatalf("result %+v, %v", r, err)
	}
	// A token of another project is unknown here.
	r, _ = Check(ctx, st, cat, Project{ID: "proj_b"}, "ctok_2", Query{}, now)
	if r.Success || r.Error != MsgInvalidToken {
		t.Fatalf("other project: %+v", r)
	}
	// Expiry is checked against now.
	r, _ = Check(ctx, st, cat, project, "ctok_2", Query{}, now.Add(time.Hour))
	if r.Success || r.Error != MsgExpired || r.Token.Token != "ctok_2" {
		t.Fatalf("expired: %+v", r)
	}
}

type failingStore struct{ store.Store }

func (failingStore) Token(context.Context, string) (store.Token, error) {
	return store.Token{}, errors.New("disk on fire")
}

func TestStoreFailure(t *testing.T) {
	_, err := Check(context.Background(), failingStore{store.NewMemory()}, cat, project, "ctok_1", Query{}, now)
	if err == nil {
		t.Fatal("store failure not reported")
	}
}
