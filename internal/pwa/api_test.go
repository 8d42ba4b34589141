//go:build !(js && wasm)

// These tests drive the server build's net/http fetcher against httptest
// servers, which a browser's fetch cannot reach.

package pwa

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/pdconnect/pdconnect/internal/uikit"
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
	wantReqs := []string{
		"GET /api/session",
		"GET /api/connect/apps?q=sl+ack%26x",
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
	if got := uikit.Describe("load your session", err); got != "Couldn't load your session: the server can't be reached. Check your connection, then try again." {
		t.Errorf("describe(%v) = %q", err, got)
	}
}
