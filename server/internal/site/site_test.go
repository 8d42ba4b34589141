package site_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/session"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestOneOriginServesEverythingWithHeaders checks the site's routing (API,
// healthz, frontend) and that every answer carries the security headers.
func TestOneOriginServesEverythingWithHeaders(t *testing.T) {
	up := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, up.URL, nil)
	sessions, err := session.New(bytes.Repeat([]byte("k"), session.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: pd, APIURL: up.URL, FrontendURL: "https://connect.example", User: sessions.User})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/healthz", http.StatusOK, `{"status":"ok"}`},
		{"/api/session", http.StatusOK, `"external_user_id":"user-`},
		{"/api/nothing", http.StatusNotFound, `"code":"not_found"`},
		{"/widget.js", http.StatusOK, "PipedreamConnect"},
		{"/", http.StatusOK, "<html"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, c.path, nil))
		body, _ := io.ReadAll(w.Body)
		if w.Code != c.status || !strings.Contains(string(body), c.body) {
			t.Errorf("GET %s: %d %.200s", c.path, w.Code, body)
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-src https://connect.example;") || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v", c.path, w.Header())
		}
	}
	// Every inline script of the page runs under the CSP: its hash is there.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	inline := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(w.Body.String(), -1)
	if len(inline) == 0 {
		t.Errorf("GET /: no inline script:\n%s", w.Body)
	}
	for _, m := range inline {
		sum := sha256.Sum256([]byte(m[1]))
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, hash) {
			t.Errorf("GET /: the CSP %q lacks %s for the inline script %q", csp, hash, m[1])
		}
	}
	// A page navigation starts the session; an asset request does not.
	for _, c := range []struct {
		path, dest string
		cookie     bool
	}{{"/", "document", true}, {"/widget.js", "script", false}, {"/", "", false}} {
		r := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.dest != "" {
			r.Header.Set("Sec-Fetch-Dest", c.dest)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if got := strings.Contains(w.Header().Get("Set-Cookie"), session.CookieName+"=user-"); got != c.cookie {
			t.Errorf("GET %s (%s): session cookie set %v, want %v", c.path, c.dest, got, c.cookie)
		}
	}
	if _, err := site.New(site.Options{Connect: pd, FrontendURL: "not a url", User: sessions.User}); err == nil {
		t.Error("accepted a frontend URL that is not one")
	}
}
