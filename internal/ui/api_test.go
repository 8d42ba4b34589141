//go:build !(js && wasm)

// These tests drive the server build's net/http fetcher against httptest
// servers, which a browser's fetch cannot reach.

package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// testAPI serves h and returns an api for it.
func testAPI(t *testing.T, h http.HandlerFunc) api {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL + "/some/page?x=1")
	return newAPI(u)
}

func TestAPIDecodesAnswers(t *testing.T) {
	var got []string
	a := testAPI(t, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "GET /api/session":
			io.WriteString(w, `{"external_user_id":"user-7"}`)
		case "GET /api/connect/apps":
			io.WriteString(w, `{"data":[{"id":"app_1","name_slug":"slack","name":"Slack","auth_type":"oauth","img_src":"https://x/slack.svg","categories":[]}],"page_info":{"count":1}}`)
		case "GET /api/connect/accounts":
			io.WriteString(w, `{"data":[{"id":"apn_1","name":"ann","healthy":true,"dead":false,"app":{"name_slug":"slack","name":"Slack"},"created_at":"2026-11-22T10:30:00Z"}]}`)
		case "DELETE /api/connect/accounts/apn 1":
			w.WriteHeader(http.StatusNoContent)
		case "POST /api/connect/token":
			if r.Header.Get("Origin") == "" || r.Header.Get("Content-Type") != "application/json" {
				http.Error(w, "cross-origin", http.StatusForbidden)
				return
			}
			io.WriteString(w, `{"token":"ctok_1","expires_at":"2026-11-23T02:30:00Z","connect_link_url":"https://h/_static/connect.html?token=ctok_1&connectLink=true"}`)
		default:
			http.NotFound(w, r)
		}
	})
	ctx := context.Background()
	user, err := a.session(ctx)
	if err != nil || user != "user-7" {
		t.Errorf("session = %q, %v", user, err)
	}
	apps, err := a.apps(ctx, "sl ack&x")
	if err != nil || len(apps) != 1 || apps[0] != (App{ID: "app_1", NameSlug: "slack", Name: "Slack", AuthType: "oauth", ImgSrc: "https://x/slack.svg"}) {
		t.Errorf("apps = %+v, %v", apps, err)
	}
	accounts, err := a.accounts(ctx)
	want := Account{ID: "apn_1", Name: "ann", Healthy: true, App: App{NameSlug: "slack", Name: "Slack"}, CreatedAt: time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)}
	if err != nil || len(accounts) != 1 || accounts[0] != want {
		t.Errorf("accounts = %+v, %v", accounts, err)
	}
	if err := a.disconnect(ctx, "apn 1"); err != nil {
		t.Errorf("disconnect: %v", err)
	}
	tok, err := a.token(ctx)
	if err != nil || tok.Token != "ctok_1" || !tok.ExpiresAt.Equal(time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)) || tok.ConnectLinkURL == "" {
		t.Errorf("token = %+v, %v", tok, err)
	}
	wantReqs := []string{
		"GET /api/session",
		"GET /api/connect/apps?q=sl+ack%26x",
		"GET /api/connect/accounts",
		"DELETE /api/connect/accounts/apn%201",
		"POST /api/connect/token",
	}
	if len(got) != len(wantReqs) {
		t.Fatalf("requests %q, want %q", got, wantReqs)
	}
	for i := range got {
		if got[i] != wantReqs[i] {
			t.Errorf("request %d = %q, want %q", i, got[i], wantReqs[i])
		}
	}
}

func TestAPIServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u, _ := url.Parse(srv.URL)
	srv.Close()
	_, err := newAPI(u).session(context.Background())
	if got := describe("load your session", err); got != "Couldn't load your session: the server can't be reached. Check your connection, then try again." {
		t.Errorf("describe(%v) = %q", err, got)
	}
}
