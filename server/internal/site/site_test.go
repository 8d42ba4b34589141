package site_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/headers"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestOneOriginServesEverythingWithHeaders checks the site's routing (API,
// healthz, frontend) and that every answer carries the security headers.
func TestOneOriginServesEverythingWithHeaders(t *testing.T) {
	up := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, up.URL, nil)
	sessions, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: pd, APIURL: up.URL, FrontendURL: "https://connect.example", User: sessions.User, Start: sessions.Start})
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
		{"/favicon.ico", http.StatusOK, "\x89PNG"}, // the icon /example and other pages get by themselves
		{"/", http.StatusOK, "<html"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, c.path, nil))
		body, _ := io.ReadAll(w.Body)
		if w.Code != c.status || !strings.Contains(string(body), c.body) {
			t.Errorf("GET %s: %d %.200s", c.path, w.Code, body)
		}
		// Pages get their policy, data (the API, /healthz) the strictest.
		csp, want := w.Header().Get("Content-Security-Policy"), "frame-src https://connect.example;"
		if c.path == "/healthz" || strings.HasPrefix(c.path, "/api/") {
			want = headers.DataCSP
		}
		if !strings.Contains(csp, want) || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v, want a CSP with %q", c.path, w.Header(), want)
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
		if got := strings.Contains(w.Header().Get("Set-Cookie"), connectsession.CookieName+"=user-"); got != c.cookie {
			t.Errorf("GET %s (%s): session cookie set %v, want %v", c.path, c.dest, got, c.cookie)
		}
	}
	if _, err := site.New(site.Options{Connect: pd, FrontendURL: "not a url", User: sessions.User}); err == nil {
		t.Error("accepted a frontend URL that is not one")
	}
}

// TestOnlyPagesAndSessionStartSessions: a request without a session is
// refused everywhere but a page load and GET /api/session, and one address
// may start only so many sessions.
func TestOnlyPagesAndSessionStartSessions(t *testing.T) {
	pd := testsupport.Client(t, testsupport.StartSandbox(t, testsupport.SandboxOptions{}).URL, nil)
	sessions, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: pd, FrontendURL: "https://connect.example", User: sessions.User, Start: sessions.Start, SessionRate: 3})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(method, path, from string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "http://app.test"+path, nil)
		r.RemoteAddr = from + ":1234"
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, c := range []struct{ method, path string }{
		{"POST", "/api/connect/token"}, {"GET", "/api/connect/accounts"}, {"GET", "/api/connect/events"}, {"DELETE", "/api/connect/accounts/apn_1"},
	} {
		for range 5 { // never a new user each time
			w := serve(c.method, c.path, "203.0.113.1")
			if w.Code != http.StatusUnauthorized || w.Header().Get("Set-Cookie") != "" || !strings.Contains(w.Body.String(), `"unauthenticated"`) {
				t.Fatalf("%s %s without a session: %d %s %v", c.method, c.path, w.Code, w.Body, w.Header())
			}
		}
	}
	for i := range 4 {
		w := serve("GET", "/api/session", "203.0.113.2")
		if i < 3 && (w.Code != http.StatusOK || w.Header().Get("Set-Cookie") == "") {
			t.Fatalf("session %d: %d %s", i, w.Code, w.Body)
		}
		if i == 3 && (w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || w.Header().Get("Set-Cookie") != "") {
			t.Fatalf("session past the limit: %d %s %v", w.Code, w.Body, w.Header())
		}
	}
	if w := serve("GET", "/", "203.0.113.2", "Sec-Fetch-Dest", "document"); w.Code != http.StatusOK || w.Header().Get("Set-Cookie") != "" {
		t.Errorf("page past the limit: %d, cookie %q: the page loads, without a session", w.Code, w.Header().Get("Set-Cookie"))
	}
	if w := serve("GET", "/api/session", "203.0.113.3"); w.Code != http.StatusOK {
		t.Errorf("another address: %d", w.Code)
	}
	// A session that exists is no new start: it counts against nothing.
	w := serve("GET", "/api/session", "203.0.113.4")
	cookie := w.Header().Get("Set-Cookie")
	for range 5 {
		if w := serve("GET", "/api/session", "203.0.113.4", "Cookie", cookie); w.Code != http.StatusOK {
			t.Fatalf("known session: %d", w.Code)
		}
	}
	if w := serve("POST", "/api/connect/token", "203.0.113.4", "Cookie", cookie); w.Code != http.StatusOK {
		t.Errorf("mint with a session: %d %s", w.Code, w.Body)
	}
}

// TestForwardedForIsBelievedOnlyFromTrustedProxies: a loopback peer that
// names a new X-Forwarded-For address each time is still one client, so
// its sessions are limited; the same requests from a proxy named in
// TrustedProxies are as many clients as the addresses it forwards.
func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	pd := testsupport.Client(t, testsupport.StartSandbox(t, testsupport.SandboxOptions{}).URL, nil)
	sessions, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	proxies, err := clientaddr.Parse("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		trusted clientaddr.Proxies
		peer    string
		started int
	}{
		{"no proxy trusted (the default), a loopback peer", nil, "127.0.0.1", 3},
		{"no proxy trusted, a private-network peer", nil, "10.1.2.3", 3},
		{"a trusted proxy", proxies, "127.0.0.1", 20},
		{"a peer that is not the trusted proxy", proxies, "10.1.2.3", 3},
	} {
		h, err := site.New(site.Options{Connect: pd, FrontendURL: "https://connect.example", User: sessions.User, Start: sessions.Start,
			SessionRate: 3, TrustedProxies: c.trusted})
		if err != nil {
			t.Fatal(err)
		}
		started := 0
		for i := range 20 {
			r := httptest.NewRequest("GET", "http://app.test/api/session", nil)
			r.RemoteAddr = c.peer + ":1234"
			r.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code == http.StatusOK {
				started++
			}
		}
		if started != c.started {
			t.Errorf("%s: %d of 20 sessions started with spoofed X-Forwarded-For, want %d", c.name, started, c.started)
		}
	}
}

// TestOpenGraphTags: the PWA's page names its public URL and image where a
// shared link shows them, when PUBLIC_URL is an https origin, and leaves
// the tags out otherwise rather than say "https://".
func TestOpenGraphTags(t *testing.T) {
	up := testsupport.StartSandbox(t, testsupport.SandboxOptions{})
	pd := testsupport.Client(t, up.URL, nil)
	sessions, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	page := func(publicURL string) string {
		t.Helper()
		h, err := site.New(site.Options{Connect: pd, APIURL: up.URL, FrontendURL: up.URL, PublicURL: publicURL, User: sessions.User, Start: sessions.Start})
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		body := w.Body.String()
		if n, err := strconv.Atoi(w.Header().Get("Content-Length")); err != nil || n != len(body) {
			t.Errorf("PUBLIC_URL %q: Content-Length %q for %d bytes", publicURL, w.Header().Get("Content-Length"), len(body))
		}
		if !strings.Contains(body, `property="og:title"`) {
			t.Errorf("PUBLIC_URL %q: no Open Graph title: %d %.300s", publicURL, w.Code, body)
		}
		return body
	}
	og := regexp.MustCompile(`<meta [^>]*property="og:(?:url|image)"[^>]*>`)
	for _, public := range []string{"", "http://127.0.0.1:3000"} {
		if tags := og.FindAllString(page(public), -1); len(tags) != 0 {
			t.Errorf("PUBLIC_URL %q: og:url or og:image without a domain: %s", public, tags)
		}
	}
	tags := strings.Join(og.FindAllString(page("https://app.example.com"), -1), "\n")
	for _, want := range []string{`content="https://app.example.com"`, `content="https://app.example.com/web/pwa/icon-512.`} {
		if !strings.Contains(tags, want) {
			t.Errorf("an https PUBLIC_URL: the page's tags %s lack %s", tags, want)
		}
	}
}
