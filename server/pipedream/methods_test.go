package pipedream_test

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// checkCommon asserts the headers every API request carries.
func checkCommon(t *testing.T, f *fakeAPI, r recorded, method, path string) {
	t.Helper()
	if r.Method != method || r.Path != path {
		t.Errorf("request = %s %s, want %s %s", r.Method, r.Path, method, path)
	}
	want := map[string]string{
		"Authorization":    "Bearer " + f.accessToken(1),
		"X-Pd-Environment": "development",
		"User-Agent":       "pdconnect-go/1",
		"Accept":           "application/json",
	}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
}

func checkQuery(t *testing.T, r recorded, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k, v := range r.Query {
		got[k] = strings.Join(v, ",")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("query = %v, want %v", got, want)
	}
}

func TestCreateToken(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("POST /v1/connect/proj_abc123/tokens", 200, map[string]any{
		"token": "ctok_abc", "expires_at": "2026-11-23T04:00:00.000Z",
		"connect_link_url": "https://pipedream.com/_static/connect.html?token=ctok_abc&connectLink=true",
	})
	c := f.client()
	tok, err := c.CreateToken(t.Context(), pipedream.TokenRequest{
		ExternalUserID: "user-1", AllowedOrigins: []string{"http://localhost:3000"},
		WebhookURI: "http://localhost:3000/api/connect/webhook", ExpiresIn: 600, AllowProgressiveScopes: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := pipedream.Token{Token: "ctok_abc", ExpiresAt: time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC),
		ConnectLinkURL: "https://pipedream.com/_static/connect.html?token=ctok_abc&connectLink=true"}
	if !tok.ExpiresAt.Equal(want.ExpiresAt) || tok.Token != want.Token || tok.ConnectLinkURL != want.ConnectLinkURL {
		t.Errorf("token = %+v, want %+v", tok, want)
	}
	r := f.only()
	checkCommon(t, f, r, "POST", "/v1/connect/proj_abc123/tokens")
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	wantBody := map[string]any{
		"external_user_id": "user-1", "allowed_origins": []any{"http://localhost:3000"},
		"webhook_uri": "http://localhost:3000/api/connect/webhook", "expires_in": float64(600),
		"allow_progressive_scopes": true,
	}
	if !reflect.DeepEqual(r.Body, wantBody) {
		t.Errorf("body = %v, want %v", r.Body, wantBody)
	}
}

func TestCreateTokenValidatesBeforeSending(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client()
	for name, req := range map[string]pipedream.TokenRequest{
		"no user":         {},
		"long user":       {ExternalUserID: strings.Repeat("é", 251)},
		"expires too far": {ExternalUserID: "u", ExpiresIn: 14401},
		"negative expiry": {ExternalUserID: "u", ExpiresIn: -1},
	} {
		_, err := c.CreateToken(t.Context(), req)
		if !errors.Is(err, pipedream.ErrInvalidRequest) {
			t.Errorf("%s: err = %v, want ErrInvalidRequest", name, err)
		}
	}
	if _, err := c.CreateToken(t.Context(), pipedream.TokenRequest{ExternalUserID: strings.Repeat("é", 250), ExpiresIn: 14400}); errors.Is(err, pipedream.ErrInvalidRequest) {
		t.Errorf("limits themselves refused: %v", err)
	}
	if n := len(f.recorded()); n != 1 {
		t.Errorf("%d requests sent, want only the valid one", n)
	}
}

func TestListAccounts(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/proj_abc123/accounts", 200, map[string]any{
		"data":      []any{account("apn_1"), account("apn_2")},
		"page_info": map[string]any{"count": 2, "total_count": 5, "start_cursor": "s1", "end_cursor": "e1"},
	})
	list, err := f.client().ListAccounts(t.Context(), pipedream.AccountsQuery{
		ExternalUserID: "user 1", App: "slack", OAuthAppID: "oa_1", IncludeCredentials: true,
		Limit: 2, After: "a0", Before: "b0",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := f.only()
	checkCommon(t, f, r, "GET", "/v1/connect/proj_abc123/accounts")
	checkQuery(t, r, map[string]string{"external_user_id": "user 1", "app": "slack", "oauth_app_id": "oa_1",
		"include_credentials": "true", "limit": "2", "after": "a0", "before": "b0"})
	if len(list.Data) != 2 || list.Data[1].ID != "apn_2" || !list.Data[0].Healthy || list.Data[0].App.NameSlug != "slack" {
		t.Errorf("data = %+v", list.Data)
	}
	if want := (pipedream.PageInfo{Count: 2, TotalCount: 5, StartCursor: "s1", EndCursor: "e1"}); list.PageInfo != want {
		t.Errorf("page_info = %+v, want %+v", list.PageInfo, want)
	}
	if !list.Data[0].CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("created_at = %v", list.Data[0].CreatedAt)
	}
}

func TestListAccountsSendsNoEmptyFilters(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/proj_abc123/accounts", 200, map[string]any{"data": []any{}, "page_info": map[string]any{}})
	if _, err := f.client().ListAccounts(t.Context(), pipedream.AccountsQuery{}); err != nil {
		t.Fatal(err)
	}
	checkQuery(t, f.only(), map[string]string{})
}

func TestGetAccount(t *testing.T) {
	f := newFakeAPI(t)
	f.handle("GET /v1/connect/proj_abc123/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		a := account(r.PathValue("id"))
		a["credentials"] = map[string]any{"oauth_access_token": "xoxb"}
		writeJSON(w, 200, a)
	})
	c := f.client()
	a, err := c.GetAccount(t.Context(), "apn_1/x", pipedream.AccountOptions{IncludeCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	r := f.only()
	checkCommon(t, f, r, "GET", "/v1/connect/proj_abc123/accounts/apn_1%2Fx")
	checkQuery(t, r, map[string]string{"include_credentials": "true"})
	if a.ID != "apn_1/x" || a.Credentials["oauth_access_token"] != "xoxb" {
		t.Errorf("account = %+v", a)
	}

	if _, err := c.GetAccount(t.Context(), "apn_2", pipedream.AccountOptions{}); err != nil {
		t.Fatal(err)
	}
	checkQuery(t, f.recorded()[1], map[string]string{})

	if _, err := c.GetAccount(t.Context(), "..", pipedream.AccountOptions{}); !errors.Is(err, pipedream.ErrInvalidRequest) {
		t.Errorf("GetAccount(..) err = %v, want ErrInvalidRequest", err)
	}
}

func TestDeletes(t *testing.T) {
	tests := []struct {
		name string
		call func(*pipedream.Client) error
		path string
	}{
		{"account", func(c *pipedream.Client) error { return c.DeleteAccount(t.Context(), "apn_1") },
			"/v1/connect/proj_abc123/accounts/apn_1"},
		{"app accounts", func(c *pipedream.Client) error { return c.DeleteAppAccounts(t.Context(), "app_1") },
			"/v1/connect/proj_abc123/apps/app_1/accounts"},
		{"external user", func(c *pipedream.Client) error { return c.DeleteExternalUser(t.Context(), "user/1 ?#") },
			"/v1/connect/proj_abc123/users/user%2F1%20%3F%23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle("DELETE /", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
			if err := tt.call(f.client()); err != nil {
				t.Fatal(err)
			}
			r := f.only()
			checkCommon(t, f, r, "DELETE", tt.path)
			checkQuery(t, r, map[string]string{})
		})
	}
}

func TestDeleteRefusesEmptyIDs(t *testing.T) {
	f := newFakeAPI(t)
	c := f.client()
	for _, err := range []error{
		c.DeleteAccount(t.Context(), ""), c.DeleteAppAccounts(t.Context(), "."), c.DeleteExternalUser(t.Context(), ""),
	} {
		if !errors.Is(err, pipedream.ErrInvalidRequest) {
			t.Errorf("err = %v, want ErrInvalidRequest", err)
		}
	}
	if n := f.tokenHits.Load(); n != 0 {
		t.Errorf("token endpoint hit %d times for refused calls", n)
	}
}

func TestListApps(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/apps", 200, map[string]any{
		"data": []any{slackApp}, "page_info": map[string]any{"count": 1, "total_count": 1, "end_cursor": "c1"},
	})
	list, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{
		Q: "sla ck", Limit: 10, After: "a", Before: "b", SortKey: pipedream.SortByFeaturedWeight, SortDirection: pipedream.SortDesc,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := f.only()
	checkCommon(t, f, r, "GET", "/v1/connect/apps")
	checkQuery(t, r, map[string]string{"q": "sla ck", "limit": "10", "after": "a", "before": "b",
		"sort_key": "featured_weight", "sort_direction": "desc"})
	want := pipedream.App{ID: "app_OkrhR1", NameSlug: "slack", Name: "Slack", AuthType: pipedream.AuthOAuth,
		Description: "Messaging", ImgSrc: "https://assets.pipedream.net/s.v0/app_OkrhR1/logo/orig",
		CustomFieldsJSON: "[]", Categories: []string{"Communication"}, FeaturedWeight: 5000,
		ScopeProfiles: []pipedream.ScopeProfile{{Name: "read_only", Scopes: []string{"channels:read"}}}}
	if len(list.Data) != 1 || !reflect.DeepEqual(list.Data[0], want) {
		t.Errorf("apps = %+v, want [%+v]", list.Data, want)
	}
	if list.PageInfo.EndCursor != "c1" {
		t.Errorf("page_info = %+v", list.PageInfo)
	}
}

func TestGetAppBareOrWrapped(t *testing.T) {
	for name, body := range map[string]any{"bare": slackApp, "wrapped": map[string]any{"data": slackApp}} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.reply("GET /v1/connect/apps/{id}", 200, body)
			app, err := f.client().GetApp(t.Context(), "slack")
			if err != nil {
				t.Fatal(err)
			}
			checkCommon(t, f, f.only(), "GET", "/v1/connect/apps/slack")
			if app.ID != "app_OkrhR1" || app.NameSlug != "slack" || len(app.ScopeProfiles) != 1 {
				t.Errorf("app = %+v", app)
			}
		})
	}
}

func TestValidateToken(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/tokens/{token}/validate", 200, map[string]any{
		"success": true, "app": slackApp, "project_id": testProject, "project_environment": "development",
		"project_app_name": "Demo", "oauth_app_id": "oa_1",
	})
	v, err := f.client().ValidateToken(t.Context(), "ctok_abc", pipedream.ValidateQuery{AppID: "slack", AccountID: "apn_1"})
	if err != nil {
		t.Fatal(err)
	}
	r := f.only()
	checkCommon(t, f, r, "GET", "/v1/connect/tokens/ctok_abc/validate")
	checkQuery(t, r, map[string]string{"app_id": "slack", "account_id": "apn_1"})
	if !v.Success || v.App == nil || v.App.NameSlug != "slack" || v.ProjectID != testProject || v.ProjectAppName != "Demo" || v.OAuthAppID != "oa_1" {
		t.Errorf("validation = %+v", v)
	}
}
