//go:build !(js && wasm)

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestServesThePrerenderedPage: the page comes prerendered, with the
// components' markup and the app's own icons and stylesheet, and the API
// answers under /api/.
func TestServesThePrerenderedPage(t *testing.T) {
	t.Setenv("PIPEDREAM_CLIENT_ID", "sbx_client")
	t.Setenv("PIPEDREAM_CLIENT_SECRET", "sbx_secret")
	t.Setenv("PIPEDREAM_PROJECT_ID", "proj_sandbox")
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if c := res.Cookies(); len(c) != 1 || c[0].Name != visitorCookie || !strings.HasPrefix(c[0].Value, "visitor-") {
		t.Errorf("the page set cookies %v, want the visitor's", c)
	}
	for _, want := range []string{"Connect Slack", "Connect GitHub", "Your connected accounts", "Send a Slack message", `id="pd-form"`,
		`src="/web/icon-192.png"`, `href="/web/app.css"`, `href="/web/connectui.css"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Offline, nothing may come from elsewhere (go-app's default icons do).
	if m := regexp.MustCompile(`(src|href)="[a-z]+://[^"]*"`).FindAllString(string(body), -1); m != nil {
		t.Errorf("the page loads files from elsewhere: %q", m)
	}

	// The component form's stylesheet.
	res, err = http.Get(srv.URL + "/web/connectui.css")
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(css), "--pd-color-accent") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("connectui.css: %d %q %.80q", res.StatusCode, res.Header.Get("Content-Type"), css)
	}

	// Without the visitor cookie a POST has no user.
	res, err = http.Post(srv.URL+"/api/connect/token", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST /api/connect/token without a visitor: %d, want 401", res.StatusCode)
	}
}
