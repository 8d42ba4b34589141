package bench

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBinaryServesEmbeddedAssets runs the built bin/server (make test builds
// it first) from an empty directory, so nothing but what it embeds can be
// served, and checks the PWA page, its compressed wasm and the widget.
// Restarted, the unchanged binary must announce the same PWA version, or
// every restart would push an update to installed apps.
func TestBinaryServesEmbeddedAssets(t *testing.T) {
	bin, err := filepath.Abs("../../../bin/server")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var workers []string
	appPort, sbxPort := "", ""
	for range 2 {
		var srv *Server
		var err error
		if appPort == "" {
			srv, err = StartServer(ctx, bin, t.TempDir())
		} else {
			// The same ports: a restart, not a move to another address.
			srv, err = StartServerOn(ctx, bin, t.TempDir(), appPort, sbxPort)
		}
		if err != nil {
			t.Fatalf("start bin/server (make build writes it): %v", err)
		}
		appPort, sbxPort = port(srv.URL), port(srv.SandboxURL)
		workers = append(workers, checkServer(t, srv.URL))
		if err := srv.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	}
	if workers[0] != workers[1] {
		t.Errorf("the service worker changed across a restart of the same binary")
	}
}

// checkServer fetches what a first visit fetches and returns the service
// worker script.
func checkServer(t *testing.T, base string) string {
	t.Helper()
	fetch := func(path, accept string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		res, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", path, res.Status)
		}
		return res, b
	}
	_, page := fetch("/", "")
	if !regexp.MustCompile(`src="/app.js"`).Match(page) {
		t.Errorf("/ is not the PWA page:\n%.300s", page)
	}
	_, appJS := fetch("/app.js", "")
	wasm := regexp.MustCompile(`/web/app\.[0-9a-f]{16}\.wasm`).Find(appJS)
	if wasm == nil {
		t.Fatalf("app.js loads no content-hashed app.wasm")
	}
	res, body := fetch(string(wasm), "gzip, deflate, br")
	for k, want := range map[string]string{
		"Content-Type":     "application/wasm",
		"Content-Encoding": "br",
		"Cache-Control":    "public, max-age=31536000, immutable",
		"Vary":             "Accept-Encoding",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s: %s = %q, want %q", wasm, k, got, want)
		}
	}
	if res.Header.Get("ETag") == "" || res.ContentLength != int64(len(body)) {
		t.Errorf("%s: ETag %q, Content-Length %d for %d bytes", wasm, res.Header.Get("ETag"), res.ContentLength, len(body))
	}
	res, _ = fetch("/widget.js", "gzip")
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("/widget.js cannot be loaded by other origins: %v", res.Header)
	}
	res, _ = fetch("/web/widget.wasm", "br")
	if res.Header.Get("Content-Type") != "application/wasm" || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("/web/widget.wasm: %v", res.Header)
	}
	_, worker := fetch("/app-worker.js", "")
	if !regexp.MustCompile(regexp.QuoteMeta(`"` + string(wasm) + `"`)).Match(worker) {
		t.Errorf("the service worker does not precache %s", wasm)
	}
	return string(worker)
}

// port is the port of an http://host:port URL.
func port(u string) string { return u[strings.LastIndex(u, ":")+1:] }
