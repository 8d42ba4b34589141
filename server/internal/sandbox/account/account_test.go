package account

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

var (
	cat = catalog.New("http://sbx")
	now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tok = store.Token{Token: "ctok_1", ProjectID: "proj_sandbox", Environment: "development"}
)

func init() { tok.ExternalUserID = "user-1" }

func app(slug string) *catalog.App {
	a, ok := cat.Lookup(slug)
	if !ok {
		panic(slug)
	}
	return a
}

func TestBuildOAuth(t *testing.T) {
	a, err := Build(Request{App: app("slack"), Token: tok, ScopeProfile: "read_only"}, now)
	if err != nil {
		t.Fatal(err)
	}
	ro, _ := app("slack").Scopes("read_only")
	if !strings.HasPrefix(a.ID, "apn_") || a.ExternalID != "user-1" || !a.Healthy || a.Dead || a.AppSlug != "slack" ||
		a.ProjectID != "proj_sandbox" || a.Environment != "development" || a.App == nil || a.App.NameSlug != "slack" ||
		strings.Join(a.AuthorizedScopes, " ") != strings.Join(ro, " ") || !a.CreatedAt.Equal(now) {
		t.Fatalf("account %+v", a)
	}
	for _, k := range []string{"oauth_access_token", "oauth_refresh_token", "oauth_client_id", "oauth_uid", "expires_at"} {
		if v, _ := a.Credentials[k].(string); v == "" {
			t.Errorf("credential %s missing: %v", k, a.Credentials)
		}
	}
	if a.ExpiresAt == nil || !a.ExpiresAt.Equal(now.Add(time.Hour)) || a.NextRefreshAt == nil || !a.NextRefreshAt.Before(*a.ExpiresAt) {
		t.Fatalf("expiry %v next refresh %v", a.ExpiresAt, a.NextRefreshAt)
	}
	b, _ := Build(Request{App: app("slack"), Token: tok}, now)
	if b.ID == a.ID || b.Credentials["oauth_access_token"] == a.Credentials["oauth_access_token"] {
		t.Fatal("two accounts share ids or tokens")
	}
	if _, err := Build(Request{App: app("slack"), Token: tok, ScopeProfile: "owner"}, now); !errors.Is(err, ErrScopeProfile) {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestBuildKeys(t *testing.T) {
	a, err := Build(Request{App: app("openai"), Token: tok, Values: map[string]string{"api_key": "sk-abcdefghijk"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Credentials["api_key"] != "sk-abcdefghijk" || len(a.Credentials) != 1 || a.ExpiresAt != nil || a.AuthorizedScopes == nil {
		t.Fatalf("keys account %+v", a)
	}
	_, err = Build(Request{App: app("openai"), Token: tok, Values: map[string]string{"api_key": "nope"}}, now)
	var fe *catalog.FieldError
	if !errors.As(err, &fe) || fe.Field != "api_key" {
		t.Fatalf("bad key: %v", err)
	}
}

func TestBuildReconnect(t *testing.T) {
	old, _ := Build(Request{App: app("github"), Token: tok}, now.Add(-time.Hour))
	a, err := Build(Request{App: app("github"), Token: tok, Replace: &old}, now)
	if err != nil || a.ID != old.ID || !a.CreatedAt.Equal(old.CreatedAt) || !a.UpdatedAt.Equal(now) {
		t.Fatalf("reconnect %+v %v", a, err)
	}
	if _, err := Build(Request{App: app("gitlab"), Token: tok, Replace: &old}, now); !errors.Is(err, ErrWrongApp) {
		t.Fatalf("reconnect to another app: %v", err)
	}
	other := tok
	other.ExternalUserID = "user-2"
	if _, err := Build(Request{App: app("github"), Token: other, Replace: &old}, now); !errors.Is(err, ErrWrongApp) {
		t.Fatalf("reconnect by another user: %v", err)
	}
}

// TestBuildName: a name given is kept; otherwise an account is named as
// its provider would, apart from the names taken, and a reconnected one
// keeps its name.
func TestBuildName(t *testing.T) {
	a, _ := Build(Request{App: app("http"), Token: tok, Name: "My hook"}, now)
	first := Name("slack", "user-1", 0)
	b, _ := Build(Request{App: app("slack"), Token: tok}, now)
	c, _ := Build(Request{App: app("slack"), Token: tok, Taken: []string{first}}, now)
	if a.Name != "My hook" || b.Name != first || !strings.HasSuffix(first, "@example.com") ||
		c.Name != strings.Replace(first, "@", "-2@", 1) {
		t.Fatalf("names %q, %q, %q", a.Name, b.Name, c.Name)
	}
	// A deleted second account leaves a third that must not repeat the
	// name of the one after it.
	third := Name("slack", "user-1", 2)
	d, _ := Build(Request{App: app("slack"), Token: tok, Taken: []string{first, third}}, now)
	if d.Name == first || d.Name == third || d.Name != Name("slack", "user-1", 3) {
		t.Fatalf("with %q and %q taken: %q", first, third, d.Name)
	}
	gh, _ := Build(Request{App: app("github"), Token: tok}, now)
	if strings.Contains(gh.Name, "@") || gh.Name == "" {
		t.Fatalf("a GitHub login %q", gh.Name)
	}
	re, _ := Build(Request{App: app("slack"), Token: tok, Replace: &c, Taken: []string{first, c.Name}}, now)
	if re.Name != c.Name {
		t.Fatalf("reconnected as %q, was %q", re.Name, c.Name)
	}
	if other := Name("slack", "user-2", 0); other == "" || Name("slack", "user-2", 0) != other {
		t.Fatal("a user's name is not stable")
	}
}

func TestBuildNone(t *testing.T) {
	a, err := Build(Request{App: app("http"), Token: tok}, now)
	if err != nil || a.Credentials == nil || len(a.Credentials) != 0 {
		t.Fatalf("none account %+v %v", a, err)
	}
}
