//go:build !(js && wasm)

package connectui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectapi"
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
	s := &SelectApp{Endpoints: a.e, api: a}
	s.init()
	p, err := s.list.load(context.Background(), "sla ck", "c0")
	if err != nil || len(p.items) != 1 || p.items[0].ID != "slack" || p.next != "" {
		t.Fatalf("apps = %+v, %v", p, err)
	}
	var accounts connectapi.List[Account]
	err = a.get(context.Background(), srv.URL+"/accounts", &accounts)
	if err != nil || len(accounts.Data) != 1 || accounts.Data[0].ID != "apn_1" || accounts.Data[0].App.NameSlug != "slack" {
		t.Fatalf("accounts = %+v, %v", accounts, err)
	}
	if want := []string{"/apps?after=c0&has_components=true&limit=20&q=sla+ck", "/accounts"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("requests %q, want %q", got, want)
	}
}
