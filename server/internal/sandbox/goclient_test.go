package sandbox

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestGoClient drives the sandbox with server/pipedream, the client the
// app server uses in sandbox mode and in production alike.
func TestGoClient(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Now = nil })
	c, err := pipedream.New(pipedream.Config{
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, ProjectID: DefaultProjectID,
		Environment: pipedream.Development, BaseURL: e.srv.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	tok, err := c.CreateToken(ctx, pipedream.TokenRequest{ExternalUserID: "go-user", AllowedOrigins: []string{"http://localhost:3000"}})
	if err != nil || !strings.HasPrefix(tok.Token, "ctok_") {
		t.Fatalf("CreateToken: %+v, %v", tok, err)
	}
	v, err := c.ValidateToken(ctx, tok.Token, pipedream.ValidateQuery{AppID: "github"})
	if err != nil || !v.Success || v.App == nil || v.App.NameSlug != "github" {
		t.Fatalf("ValidateToken: %+v, %v", v, err)
	}

	e.token = e.accessToken()
	for range 3 {
		e.connect("go-user", "github", nil)
	}
	var n int
	for a, err := range c.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: "go-user", Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Credentials != nil || a.App == nil {
			t.Fatalf("listed account %+v", a)
		}
		n++
	}
	if n != 3 {
		t.Fatalf("Accounts iterated %d accounts, want 3", n)
	}
	users, err := c.ListUsers(ctx, pipedream.UsersQuery{Q: "GO-"})
	if err != nil || len(users.Data) != 1 || users.Data[0].ExternalID != "go-user" || users.PageInfo.TotalCount != 1 {
		t.Fatalf("ListUsers: %+v, %v", users, err)
	}
	var mine []pipedream.Account
	for a, err := range c.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: "go-user", IncludeCredentials: true}) {
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, a)
	}
	if len(mine) != 3 || mine[0].Credentials["oauth_access_token"] == nil {
		t.Fatalf("Accounts with credentials: got %d accounts (first with credentials %v), want 3 with credentials", len(mine), len(mine) > 0 && mine[0].Credentials != nil)
	}
	app, err := c.GetApp(ctx, "notion")
	if err != nil || app.NameSlug != "notion" || app.ScopeProfiles == nil {
		t.Fatalf("GetApp: %+v, %v", app, err)
	}
	apps, err := c.ListApps(ctx, pipedream.AppsQuery{Q: "slack"})
	if err != nil || len(apps.Data) == 0 || apps.Data[0].NameSlug != "slack" {
		t.Fatalf("ListApps: %+v, %v", apps, err)
	}
	_, err = c.GetAccount(ctx, "apn_missing", pipedream.AccountOptions{})
	var apiErr *pipedream.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Message != "account not found" {
		t.Fatalf("GetAccount of a missing account: %v", err)
	}
	if err := c.DeleteExternalUser(ctx, "go-user"); err != nil {
		t.Fatal(err)
	}
	if ids := e.listIDs(accountsPath); len(ids) != 0 {
		t.Fatalf("accounts left after DeleteExternalUser: %v", ids)
	}
}
