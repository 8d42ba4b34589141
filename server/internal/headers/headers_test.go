package headers

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWrapSetsTheHeadersOnEveryResponse(t *testing.T) {
	h, err := Wrap(http.NotFoundHandler(), Policy{
		FrontendURL: "http://localhost:3001/", ImageOrigins: []string{"http://localhost:3001", "https://api.pipedream.com/v1"},
		InlineScripts: []string{"alert(1)"}, InlineStyles: []string{"body{color:red}"},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/anything", nil))
	if w.Code != http.StatusNotFound {
		t.Fatalf("status %d: the wrapped handler did not answer", w.Code)
	}
	csp := w.Header().Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, "; ") {
		name, value, _ := strings.Cut(d, " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"frame-src":       "http://localhost:3001",
		"script-src":      "'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
		"img-src":         "'self' data: http://localhost:3001 https://api.pipedream.com",
		"connect-src":     "'self' http://localhost:3001 https://api.pipedream.com",
		"style-src":       "'self' 'sha256-" + sha("body{color:red}") + "'",
		"object-src":      "'none'",
		"frame-ancestors": "'self'",
	} {
		if got := directives[name]; got != want {
			t.Errorf("%s = %q, want %q (CSP %q)", name, got, want, csp)
		}
	}
	if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	if got := w.Header().Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" {
		t.Errorf("Referrer-Policy = %q", got)
	}
}

func TestPolicyRefusesBadOrigins(t *testing.T) {
	for _, p := range []Policy{{FrontendURL: ""}, {FrontendURL: "pipedream.com"}, {FrontendURL: "https://pipedream.com", ImageOrigins: []string{"javascript:alert(1)"}}} {
		if _, err := Wrap(http.NotFoundHandler(), p); err == nil {
			t.Errorf("accepted %+v", p)
		}
	}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Data responses get the strictest policy, pages theirs: the prefix is a
// path's start, not any part of it.
func TestDataPathsGetTheDataPolicy(t *testing.T) {
	h, err := Wrap(http.NotFoundHandler(), Policy{FrontendURL: "http://localhost:3001", DataPaths: []string{"/api/", "/healthz"}})
	if err != nil {
		t.Fatal(err)
	}
	for path, data := range map[string]bool{"/api/connect/token": true, "/healthz": true, "/": false, "/app/api/x": false, "/apix": false} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		csp := w.Header().Get("Content-Security-Policy")
		if got := csp == DataCSP; got != data || csp == "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: CSP %q, headers %v; want the data policy: %v", path, csp, w.Header(), data)
		}
	}
}
