package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

const accountsPath = "/v1/connect/proj_sandbox/accounts"

func TestAccountsListAndRetrieve(t *testing.T) {
	e := newEnv(t, nil)
	slack := e.connect("u1", "slack", nil)
	e.clock.Advance(time.Second)
	openai := e.connect("u1", "openai", map[string]string{"api_key": "sk-test12345678"})
	e.clock.Advance(time.Second)
	e.connect("u2", "slack", nil)

	var list pipedream.AccountList
	res := e.doJSON(http.MethodGet, accountsPath+"?external_user_id=u1", nil, nil, http.StatusOK, &list)
	if len(list.Data) != 2 || list.Data[0].ID != slack.ID || list.Data[1].ID != openai.ID ||
		list.PageInfo.Count != 2 || list.PageInfo.TotalCount != 2 {
		t.Fatalf("list %s", res.body)
	}
	if strings.Contains(string(res.body), "credentials") || strings.Contains(string(res.body), "sk-test") {
		t.Fatalf("credentials listed without include_credentials: %s", res.body)
	}
	a := list.Data[0]
	if a.App == nil || a.App.NameSlug != "slack" || a.App.ImgSrc != e.srv.URL+"/img/slack.svg" || !a.Healthy ||
		a.ExternalID != "u1" || a.CreatedAt.IsZero() || a.UpdatedAt.IsZero() || len(a.AuthorizedScopes) == 0 {
		t.Fatalf("account %+v", a)
	}

	e.doJSON(http.MethodGet, accountsPath+"?app=slack", nil, nil, http.StatusOK, &list)
	if len(list.Data) != 2 {
		t.Fatalf("by app slug: %d accounts", len(list.Data))
	}
	appID := list.Data[0].App.ID
	e.doJSON(http.MethodGet, accountsPath+"?app="+appID+"&external_user_id=u2", nil, nil, http.StatusOK, &list)
	if len(list.Data) != 1 || list.Data[0].ExternalID != "u2" {
		t.Fatalf("by app id and user: %+v", list.Data)
	}
	e.doJSON(http.MethodGet, accountsPath+"?app=no_such_app", nil, nil, http.StatusOK, &list)
	if len(list.Data) != 0 || list.Data == nil {
		t.Fatalf("unknown app: %+v", list)
	}
	var bare []pipedream.Account
	e.doJSON(http.MethodGet, "/v1/connect/proj_sandbox/users/u1/accounts", nil, nil, http.StatusOK, &bare)
	if len(bare) != 2 {
		t.Fatalf("by user path: %d accounts", len(bare))
	}

	// Credentials only on request.
	e.doJSON(http.MethodGet, accountsPath+"?external_user_id=u1&include_credentials=true", nil, nil, http.StatusOK, &list)
	if list.Data[1].Credentials["api_key"] != "sk-test12345678" || list.Data[0].Credentials["oauth_access_token"] == nil {
		t.Fatalf("credentials %+v / %+v", list.Data[0].Credentials, list.Data[1].Credentials)
	}
	var one pipedream.Account
	res = e.doJSON(http.MethodGet, accountsPath+"/"+openai.ID, nil, nil, http.StatusOK, &one)
	if one.ID != openai.ID || one.Credentials != nil || strings.Contains(string(res.body), "sk-test") {
		t.Fatalf("retrieve without credentials: %s", res.body)
	}
	e.doJSON(http.MethodGet, accountsPath+"/"+openai.ID+"?include_credentials=1", nil, nil, http.StatusOK, &one)
	if one.Credentials["api_key"] != "sk-test12345678" {
		t.Fatalf("retrieve with credentials: %+v", one.Credentials)
	}
	e.doJSON(http.MethodGet, accountsPath+"/"+slack.ID+"?include_credentials=true", nil, nil, http.StatusOK, &one)
	for _, k := range []string{"oauth_access_token", "oauth_refresh_token", "expires_at"} {
		if v, _ := one.Credentials[k].(string); v == "" {
			t.Errorf("oauth credential %s missing: %+v", k, one.Credentials)
		}
	}
	if one.ExpiresAt == nil || one.NextRefreshAt == nil {
		t.Errorf("oauth account without expiry: %+v", one)
	}

	e.wantError(e.do(http.MethodGet, accountsPath+"/apn_missing", nil, nil), http.StatusNotFound, "account not found")
	e.wantError(e.do(http.MethodGet, accountsPath+"?include_credentials=maybe", nil, nil), http.StatusBadRequest, "include_credentials")
	e.wantError(e.do(http.MethodGet, accountsPath+"/"+slack.ID+"?include_credentials=maybe", nil, nil), http.StatusBadRequest, "include_credentials")
	e.wantError(e.do(http.MethodGet, "/v1/connect/proj_other/accounts", nil, nil), http.StatusNotFound, "project")

	// Accounts belong to one environment.
	prod := map[string]string{"x-pd-environment": "production"}
	e.doJSON(http.MethodGet, accountsPath, nil, prod, http.StatusOK, &list)
	if len(list.Data) != 0 {
		t.Fatalf("development accounts seen in production: %+v", list.Data)
	}
	e.wantError(e.do(http.MethodGet, accountsPath+"/"+slack.ID, nil, prod), http.StatusNotFound, "account not found")
	e.wantError(e.do(http.MethodDelete, accountsPath+"/"+slack.ID, nil, prod), http.StatusNotFound, "account not found")
}

func TestAccountsPagination(t *testing.T) {
	e := newEnv(t, nil)
	for i := range 7 {
		// Two accounts per second: the order falls back to ids.
		if i%2 == 0 {
			e.clock.Advance(time.Second)
		}
		e.connect("pager", "github", nil)
	}
	all := e.listIDs(accountsPath + "?limit=100")
	if len(all) != 7 {
		t.Fatalf("%d accounts", len(all))
	}

	var got []string
	var page pipedream.AccountList
	path := accountsPath + "?limit=3"
	for range 10 {
		page = pipedream.AccountList{}
		e.doJSON(http.MethodGet, path, nil, nil, http.StatusOK, &page)
		for _, a := range page.Data {
			got = append(got, a.ID)
		}
		if page.PageInfo.TotalCount != 7 || page.PageInfo.Count != len(page.Data) {
			t.Fatalf("page info %+v", page.PageInfo)
		}
		if page.PageInfo.EndCursor == "" {
			break
		}
		path = accountsPath + "?limit=3&after=" + page.PageInfo.EndCursor
	}
	if strings.Join(got, ",") != strings.Join(all, ",") {
		t.Fatalf("pages %v, want %v", got, all)
	}
	// The last page has a start cursor; going back gives the page before.
	if page.PageInfo.StartCursor == "" || len(page.Data) != 1 {
		t.Fatalf("last page %+v", page)
	}
	back := e.listIDs(accountsPath + "?limit=3&before=" + page.PageInfo.StartCursor)
	if strings.Join(back, ",") != strings.Join(all[3:6], ",") {
		t.Fatalf("before: %v, want %v", back, all[3:6])
	}
	// A cursor survives the deletion of its account.
	page = pipedream.AccountList{}
	e.doJSON(http.MethodGet, accountsPath+"?limit=2", nil, nil, http.StatusOK, &page)
	e.do(http.MethodDelete, accountsPath+"/"+page.Data[1].ID, nil, nil)
	after := e.listIDs(accountsPath + "?limit=2&after=" + page.PageInfo.EndCursor)
	if strings.Join(after, ",") != strings.Join(all[2:4], ",") {
		t.Fatalf("after a deleted cursor: %v, want %v", after, all[2:4])
	}

	for _, bad := range []string{"limit=0", "limit=-1", "limit=x", "after=***", "after=bm90LWEtY3Vyc29y", "before=YXBwOnNsYWNr"} {
		e.wantError(e.do(http.MethodGet, accountsPath+"?"+bad, nil, nil), http.StatusBadRequest, "")
	}
	if n := len(e.listIDs(accountsPath + "?limit=1000")); n != 6 {
		t.Fatalf("limit above the maximum: %d accounts", n)
	}
}

// listIDs lists account ids at path.
func (e *env) listIDs(path string) []string {
	e.t.Helper()
	var page pipedream.AccountList
	e.doJSON(http.MethodGet, path, nil, nil, http.StatusOK, &page)
	var ids []string
	for _, a := range page.Data {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestDeletes(t *testing.T) {
	e := newEnv(t, nil)
	a1 := e.connect("u1", "slack", nil)
	e.connect("u1", "github", nil)
	e.connect("u2", "slack", nil)
	e.connect("u2", "github", nil)
	e.connect("u3", "notion", nil)

	res := e.do(http.MethodDelete, accountsPath+"/"+a1.ID, nil, nil)
	if res.status != http.StatusNoContent || len(res.body) != 0 {
		t.Fatalf("delete account: %d %s", res.status, res.body)
	}
	e.wantError(e.do(http.MethodDelete, accountsPath+"/"+a1.ID, nil, nil), http.StatusNotFound, "account not found")

	github, _ := e.sb.catalog.Lookup("github")
	if res := e.do(http.MethodDelete, "/v1/connect/proj_sandbox/apps/"+github.ID+"/accounts", nil, nil); res.status != http.StatusNoContent {
		t.Fatalf("delete app accounts by id: %d %s", res.status, res.body)
	}
	if ids := e.listIDs(accountsPath); len(ids) != 2 {
		t.Fatalf("after deleting github accounts: %v", ids)
	}
	if res := e.do(http.MethodDelete, "/v1/connect/proj_sandbox/apps/notion/accounts", nil, nil); res.status != http.StatusNoContent {
		t.Fatalf("delete app accounts by slug: %d", res.status)
	}
	e.wantError(e.do(http.MethodDelete, "/v1/connect/proj_sandbox/apps/nope/accounts", nil, nil), http.StatusNotFound, "app not found")

	e.connect("u2", "github", nil)
	if res := e.do(http.MethodDelete, "/v1/connect/proj_sandbox/users/u2", nil, nil); res.status != http.StatusNoContent {
		t.Fatalf("delete user: %d", res.status)
	}
	if ids := e.listIDs(accountsPath); len(ids) != 0 {
		t.Fatalf("after deleting u2: %v", ids)
	}
	if res := e.do(http.MethodDelete, "/v1/connect/proj_sandbox/users/nobody", nil, nil); res.status != http.StatusNoContent {
		t.Fatalf("delete unknown user: %d", res.status)
	}
	e.wantError(e.do(http.MethodDelete, "/v1/connect/proj_x/users/u1", nil, nil), http.StatusNotFound, "project")
}

func TestProjectCallsNeedAccessToken(t *testing.T) {
	e := newEnv(t, nil)
	e.token = ""
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, accountsPath},
		{http.MethodGet, accountsPath + "/apn_1"},
		{http.MethodDelete, accountsPath + "/apn_1"},
		{http.MethodDelete, "/v1/connect/proj_sandbox/apps/slack/accounts"},
		{http.MethodDelete, "/v1/connect/proj_sandbox/users/u1"},
		{http.MethodGet, "/v1/connect/apps"},
		{http.MethodGet, "/v1/connect/apps/slack"},
	} {
		res := e.do(c.method, c.path, nil, nil)
		e.wantError(res, http.StatusUnauthorized, "bearer")
		if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s %s: no WWW-Authenticate", c.method, c.path)
		}
	}
}

// TestConcurrentRequests runs token creation, listing and deletion in
// parallel (run with -race).
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t, nil)
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("user-%d", i)
			for range 5 {
				res := e.do(http.MethodPost, tokensPath, map[string]any{"external_user_id": user}, nil)
				if res.status != http.StatusOK {
					errs <- string(res.body)
				}
				res = e.do(http.MethodGet, accountsPath+"?external_user_id="+user, nil, nil)
				var list pipedream.AccountList
				if res.status != http.StatusOK || json.Unmarshal(res.body, &list) != nil {
					errs <- string(res.body)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
