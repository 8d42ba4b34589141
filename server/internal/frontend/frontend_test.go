package frontend

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/pwa"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// page is the PWA route the tests register.
type page struct{ app.Compo }

func (*page) Render() app.UI { return app.Button().Text("Connect") }

func init() { app.Route("/", func() app.Composer { return &page{} }) }

// buildFS makes a web tree the way build.sh does: dist/ with copies and the
// sum file, static/ whose copies live in dist/static/.
func buildFS(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var sums strings.Builder
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		copies, key := name, strings.TrimPrefix(name, "dist/")
		if rel, ok := strings.CutPrefix(name, "static/"); ok {
			copies, key = "dist/static/"+rel, "static/"+rel
		}
		var br, gz bytes.Buffer
		bw := brotli.NewWriterLevel(&br, 11)
		bw.Write([]byte(body))
		bw.Close()
		gw, _ := gzip.NewWriterLevel(&gz, 9)
		gw.Write([]byte(body))
		gw.Close()
		fsys[copies+".br"] = &fstest.MapFile{Data: br.Bytes()}
		fsys[copies+".gz"] = &fstest.MapFile{Data: gz.Bytes()}
		sum := sha256.Sum256([]byte(body))
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), key)
	}
	fsys["dist/precompress.sum"] = &fstest.MapFile{Data: []byte(sums.String())}
	return fsys
}

var wasmBody = strings.Repeat("\x00asm wasm bytes that compress well ", 400)

func testFiles() map[string]string {
	return map[string]string{
		"dist/app.wasm":       wasmBody,
		"dist/widget.wasm":    strings.Repeat("widget ", 300),
		"dist/wasm_exec.js":   strings.Repeat("// go wasm loader\n", 50),
		"static/widget.js":    widgetSource,
		"static/example.html": "<!doctype html><title>example</title>" + strings.Repeat("<p>hi</p>", 40),
		"static/app.css":      strings.Repeat("body { margin: 0 }\n", 30),
	}
}

// widgetSource is a widget.js with the lists of paths the server rewrites.
var widgetSource = `const WASM_EXEC_PATHS = ["/wasm_exec.js"];
const WASM_PATHS = ["/web/widget.wasm"];
` + strings.Repeat("globalThis.PipedreamConnect = {};\n", 20)

func newTestHandler(t *testing.T, fsys fstest.MapFS, frontendURL string) *Handler {
	t.Helper()
	h, err := New(Options{FrontendURL: frontendURL, PWA: &app.Handler{Name: "Test"}, Assets: fsys})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return h
}

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func decode(t *testing.T, res *http.Response) string {
	t.Helper()
	var rd io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "br":
		rd = brotli.NewReader(res.Body)
	case "gzip":
		gz, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		rd = gz
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func TestServeWasmNegotiated(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "http://localhost:3001")
	for _, tc := range []struct{ accept, coding string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"", ""},
		{"br;q=0, gzip;q=0", ""},
	} {
		res := get(t, h, "/web/app.wasm", "Accept-Encoding", tc.accept)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d", tc.accept, res.StatusCode)
		}
		if got := res.Header.Get("Content-Encoding"); got != tc.coding {
			t.Errorf("%q: Content-Encoding %q, want %q", tc.accept, got, tc.coding)
		}
		if got := res.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("%q: Content-Type %q", tc.accept, got)
		}
		if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%q: Vary %q", tc.accept, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%q: plain URL Cache-Control %q, want no-cache", tc.accept, got)
		}
		if res.Header.Get("ETag") == "" {
			t.Errorf("%q: no ETag", tc.accept)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%q: /web assets must be loadable cross-origin: %v", tc.accept, res.Header)
		}
		cl := res.Header.Get("Content-Length")
		body := decode(t, res)
		if body != wasmBody {
			t.Errorf("%q: decoded body differs from app.wasm (%d bytes)", tc.accept, len(body))
		}
		if tc.coding != "" && (cl == "" || cl == fmt.Sprint(len(wasmBody))) {
			t.Errorf("%q: Content-Length %q, want the compressed size", tc.accept, cl)
		}
	}
}

func TestHashedURLImmutableAndConditional(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "")
	js := decode(t, get(t, h, "/app.js"))
	m := regexp.MustCompile(`/web/app\.[0-9a-f]{16}\.wasm`).FindString(js)
	if m == "" {
		t.Fatalf("app.js does not load a content-hashed app.wasm:\n%s", js)
	}
	res := get(t, h, m, "Accept-Encoding", "br")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != cacheImmutable {
		t.Fatalf("%s: status %d Cache-Control %q", m, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if decode(t, res) != wasmBody {
		t.Fatalf("%s: wrong body", m)
	}
	etag := res.Header.Get("ETag")
	res = get(t, h, m, "Accept-Encoding", "br", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match %s: status %d, want 304", etag, res.StatusCode)
	}
	if res = get(t, h, "/web/app.0000000000000000.wasm"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown hash: status %d, want 404", res.StatusCode)
	}
	worker := decode(t, get(t, h, "/app-worker.js"))
	if !strings.Contains(worker, `"`+m+`"`) {
		t.Errorf("the service worker does not precache %s:\n%s", m, worker)
	}
}

func TestWasmContentLengthIsUncompressed(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "")
	js := decode(t, get(t, h, "/app.js"))
	want := fmt.Sprintf(`const goappWasmContentLength = "%d";`, len(wasmBody))
	if !strings.Contains(js, want) {
		t.Errorf("app.js lacks %s", want)
	}
}

func TestVersionFromContent(t *testing.T) {
	files := testFiles()
	a := newTestHandler(t, buildFS(t, files), "http://x")
	b := newTestHandler(t, buildFS(t, files), "http://x")
	if a.Version() != b.Version() {
		t.Fatalf("same assets, different versions: %s, %s", a.Version(), b.Version())
	}
	if !strings.Contains(decode(t, get(t, a, "/app-worker.js")), a.Version()) {
		t.Errorf("app-worker.js does not carry version %s", a.Version())
	}
	if c := newTestHandler(t, buildFS(t, files), "http://y"); c.Version() == a.Version() {
		t.Errorf("another FrontendURL kept version %s", a.Version())
	}
	// The service worker and the page's inline script are cached too.
	for name, js := range map[string]*string{"worker": &workerJS, "start.js": &startJS, "earlyclick.js": &earlyClickJS} {
		orig := *js
		*js += "\n// changed\n"
		if d := newTestHandler(t, buildFS(t, files), "http://x"); d.Version() == a.Version() {
			t.Errorf("another %s kept version %s", name, a.Version())
		}
		*js = orig
	}
	files["dist/app.wasm"] += "changed"
	if d := newTestHandler(t, buildFS(t, files), "http://x"); d.Version() == a.Version() {
		t.Errorf("another app.wasm kept version %s", a.Version())
	}
}

// TestWorkerCachesTheApp checks that app-worker.js is the product's
// worker, which caches every resource at install, the hashed wasm included.
func TestWorkerCachesTheApp(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "http://x")
	js := decode(t, get(t, h, "/app-worker.js"))
	wasmURL := h.pwa.Resources.Resolve("/web/app.wasm")
	for _, want := range []string{`"` + wasmURL + `"`, `const cacheName = "app-` + h.Version() + `"`, "cache.addAll(resourcesToCache)"} {
		if !strings.Contains(js, want) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}

// TestPageHoldsTheWorkerUntilStarted checks that the page carries start.js
// inline, byte for byte (the CSP allows it by hash), waiting for
// pwa.StartedEvent, and earlyclick.js (e2e's TestPWAKeepsAnEarlyClick
// clicks).
func TestPageHoldsTheWorkerUntilStarted(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "http://x")
	page := decode(t, get(t, h, "/"))
	if !strings.Contains(page, "<script>"+startJS+"</script>") {
		t.Errorf("the page does not carry start.js inline:\n%s", page)
	}
	if !strings.Contains(startJS, `"`+pwa.StartedEvent+`"`) {
		t.Errorf("start.js does not wait for %q:\n%s", pwa.StartedEvent, startJS)
	}
	if !strings.Contains(earlyClickJS, `const id = "connect-button"`) || !strings.Contains(app.HTMLString(&pwa.ConnectPanel{}), `id="connect-button"`) {
		t.Errorf("earlyclick.js and the PWA's Connect button do not agree on its id")
	}
	if !strings.Contains(page, "<script>"+earlyClickJS+"</script>") {
		t.Errorf("the page does not carry earlyclick.js inline:\n%s", page)
	}
	for _, u := range pwa.FirstRequests {
		if !strings.Contains(page, `<link rel="preload" href="`+html.EscapeString(u)+`" as="fetch" crossorigin>`) {
			t.Errorf("the page does not preload %s", u)
		}
	}
	if got := h.InlineScripts(); len(got) != 2 || got[0] != startJS || got[1] != earlyClickJS {
		t.Errorf("InlineScripts() = %q, want start.js and earlyclick.js", got)
	}
}

func TestFrontendURLInEnv(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "https://sandbox.example:3001")
	js := decode(t, get(t, h, "/app.js"))
	if !strings.Contains(js, `"`+pwa.EnvFrontendURL+`":"https://sandbox.example:3001"`) {
		t.Errorf("app.js env lacks the frontend URL:\n%.400s", js)
	}
	page := decode(t, get(t, h, "/"))
	// go-app writes attributes in map order.
	if !strings.Contains(page, `<link href="https://sandbox.example:3001" rel="preconnect">`) &&
		!strings.Contains(page, `<link rel="preconnect" href="https://sandbox.example:3001">`) {
		t.Errorf("the page does not preconnect to the hosted UI:\n%s", page)
	}
}

func TestStaleCopiesIgnored(t *testing.T) {
	fsys := buildFS(t, testFiles())
	fsys["dist/app.wasm"] = &fstest.MapFile{Data: []byte("rebuilt without recompressing")}
	h := newTestHandler(t, fsys, "")
	res := get(t, h, "/web/app.wasm", "Accept-Encoding", "br, gzip")
	if res.Header.Get("Content-Encoding") != "" || decode(t, res) != "rebuilt without recompressing" {
		t.Errorf("served a copy of other bytes (Content-Encoding %q)", res.Header.Get("Content-Encoding"))
	}
}

// TestWidgetWithoutItsListsStopsStartup: a widget.js the server cannot
// point at the hashed bundle is a build error, said at start-up.
func TestWidgetWithoutItsListsStopsStartup(t *testing.T) {
	for name, edit := range map[string]func(map[string]string){
		"no list":      func(f map[string]string) { f["static/widget.js"] = "globalThis.PipedreamConnect = {};" },
		"no bundle":    func(f map[string]string) { delete(f, "dist/widget.wasm") },
		"listed twice": func(f map[string]string) { f["static/widget.js"] += widgetSource },
	} {
		files := testFiles()
		edit(files)
		_, err := New(Options{PWA: &app.Handler{Name: "Test"}, Assets: buildFS(t, files)})
		if err == nil || !strings.Contains(err.Error(), "widget.js") {
			t.Errorf("%s: New gave %v, want an error about widget.js", name, err)
		}
	}
}

func TestWidgetAndExample(t *testing.T) {
	files := testFiles()
	h := newTestHandler(t, buildFS(t, files), "")
	res := get(t, h, "/widget.js", "Accept-Encoding", "br")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/widget.js: status %d", res.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Type":                 "text/javascript; charset=utf-8",
		"Cache-Control":                cacheWidget,
		"Access-Control-Allow-Origin":  "*",
		"Cross-Origin-Resource-Policy": "cross-origin",
		"Content-Encoding":             "br",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("/widget.js %s = %q, want %q", k, got, want)
		}
	}
	loader := "/web/" + h.assets.byName["wasm_exec.js"].hashedName("wasm_exec.js")
	bundle := "/web/" + h.assets.byName["widget.wasm"].hashedName("widget.wasm")
	want := strings.NewReplacer(
		`["/wasm_exec.js"]`, `["`+loader+`", "/wasm_exec.js"]`,
		`["/web/widget.wasm"]`, `["`+bundle+`", "/web/widget.wasm"]`,
	).Replace(widgetSource)
	if got := decode(t, res); got != want {
		t.Errorf("/widget.js: body\n%s\nwant\n%s", got, want)
	}
	if got := decode(t, get(t, h, "/widget.js", "Accept-Encoding", "gzip")); got != want {
		t.Errorf("/widget.js in gzip: body\n%s\nwant\n%s", got, want)
	}
	// A name from another build is a 404 the widget can read, to fall back.
	res = get(t, h, "/web/widget.0000000000000000.wasm")
	if res.StatusCode != http.StatusNotFound || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("/web/widget.0000000000000000.wasm: status %d, headers %v; want a 404 readable anywhere", res.StatusCode, res.Header)
	}
	// The hashed names it gives are kept for good, and readable anywhere.
	for path, file := range map[string]string{loader: "dist/wasm_exec.js", bundle: "dist/widget.wasm"} {
		res := get(t, h, path, "Accept-Encoding", "br")
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != cacheImmutable ||
			res.Header.Get("Access-Control-Allow-Origin") != "*" || decode(t, res) != files[file] {
			t.Errorf("%s: status %d, headers %v", path, res.StatusCode, res.Header)
		}
	}
	for path, file := range map[string]string{
		"/example":          "static/example.html",
		"/wasm_exec.js":     "dist/wasm_exec.js",
		"/web/widget.wasm":  "dist/widget.wasm",
		"/web/app.css":      "static/app.css",
		"/web/wasm_exec.js": "dist/wasm_exec.js",
	} {
		res := get(t, h, path, "Accept-Encoding", "gzip")
		if res.StatusCode != http.StatusOK || decode(t, res) != files[file] {
			t.Errorf("%s: status %d or body is not %s", path, res.StatusCode, file)
		}
	}
	for _, path := range []string{"/web/nope.js", "/web/", "/robots.txt", "/web/../web.go"} {
		if res := get(t, h, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/widget.js", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /widget.js: status %d, want 405", w.Code)
	}
}

func TestPageServed(t *testing.T) {
	h := newTestHandler(t, buildFS(t, testFiles()), "")
	res := get(t, h, "/")
	body := decode(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Connect") {
		t.Fatalf("/: status %d body:\n%.500s", res.StatusCode, body)
	}
	if res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("/: Cache-Control %q, want no-cache", res.Header.Get("Cache-Control"))
	}
	if !strings.Contains(body, `src="/wasm_exec.js"`) {
		t.Errorf("/ does not load /wasm_exec.js")
	}
	if !regexp.MustCompile(`<link rel="preload" href="/web/app\.[0-9a-f]{16}\.wasm" as="fetch" type="application/wasm" crossorigin>`).MatchString(body) {
		t.Errorf("/ does not preload the hashed wasm:\n%s", body)
	}
}

func TestDefaultPWAIsTheUI(t *testing.T) {
	h, err := New(Options{Assets: buildFS(t, testFiles())})
	if err != nil {
		t.Fatal(err)
	}
	manifest := decode(t, get(t, h, "/manifest.webmanifest"))
	if !strings.Contains(manifest, `"name":"`+pwa.Handler().Name+`"`) {
		t.Errorf("the default PWA is not pwa.Handler():\n%s", manifest)
	}
}

func TestComponentFormAssets(t *testing.T) {
	h, err := New(Options{FrontendURL: "https://connect.example", APIURL: "https://api.example", PWA: &app.Handler{Name: "Test", Styles: []string{"/web/connectui.css"}}, Assets: buildFS(t, testFiles())})
	if err != nil {
		t.Fatal(err)
	}
	js := decode(t, get(t, h, "/app.js"))
	if !strings.Contains(js, `"`+pwa.EnvAPIURL+`":"https://api.example"`) {
		t.Errorf("app.js env lacks the API URL:\n%.400s", js)
	}
	res := get(t, h, "/web/connectui.css")
	if body := decode(t, res); res.StatusCode != 200 || body != connectui.Stylesheet || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("connectui.css: %d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	page := decode(t, get(t, h, "/"))
	if a := h.assets.byName[connectuiCSS]; !strings.Contains(page, "/web/"+a.hashedName(connectuiCSS)) {
		t.Errorf("the page does not link the stylesheet by its hashed name:\n%.2000s", page)
	}
}

func TestInlineStylesAreThoseOfTheExamplePage(t *testing.T) {
	files := testFiles()
	files["static/example.html"] = "<!doctype html><style>body { margin: 0 }\n</style><p>hi</p><style>p{}</style>"
	h := newTestHandler(t, buildFS(t, files), "https://sandbox.example:3001")
	if got := h.InlineStyles(); len(got) != 2 || got[0] != "body { margin: 0 }\n" || got[1] != "p{}" {
		t.Errorf("InlineStyles() = %q", got)
	}
}
