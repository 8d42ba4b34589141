//go:build !(js && wasm)

package connectui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestLiveAPIAppsAndAccounts: SelectApp's search (of the apps with
// components) and the form's accounts come from the app server's routes.
func TestLiveAPIAppsAndAccounts(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RequestURI())
		switch r.URL.Path {
		case "/apps":
			io.WriteString(w, `{"data":[{"name_slug":"slack","name":"Slack","img_src":"","categories":[],"featured_weight":0,"scope_profiles":[]}],"page_info":{"count":1,"end_cursor":"c1"}}`)
		case "/accounts":
			io.WriteString(w, `{"data":[{"id":"apn_1","healthy":true,"dead":false,"app":{"name_slug":"slack","name":"Slack"},"created_at":"2026-11-22T10:30:00Z"}]}`)
		}
	}))
	defer srv.Close()
	a := &liveAPI{e: Endpoints{AppsURL: srv.URL + "/apps", AccountsURL: srv.URL + "/accounts"}}
	apps, err := a.Apps(context.Background(), "sla ck", "c0")
	if err != nil || len(apps.Data) != 1 || apps.Data[0].NameSlug != "slack" || apps.PageInfo.EndCursor != "c1" {
		t.Fatalf("Apps = %+v, %v", apps, err)
	}
	accounts, err := a.Accounts(context.Background())
	if err != nil || len(accounts) != 1 || accounts[0].ID != "apn_1" || accounts[0].App.NameSlug != "slack" {
		t.Fatalf("Accounts = %+v, %v", accounts, err)
	}
	if want := []string{"/apps?after=c0&has_components=true&limit=20&q=sla+ck", "/accounts"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("requests %q, want %q", got, want)
	}
}
