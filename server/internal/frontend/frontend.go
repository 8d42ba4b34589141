// Package frontend serves everything of the app that is not /api: the PWA's
// pages (go-app), its generated scripts, the embedded assets under /web/
// (wasm bundles, static files) with precompressed copies chosen by content
// negotiation, the embeddable /widget.js and the /example page.
//
// Asset URLs the PWA refers to carry a content hash (/web/app.<hash>.wasm)
// and are cached for a year as immutable; the plain names stay reachable and
// are revalidated, and so are pages. The PWA's version is the hash of what is
// embedded, so a restarted but unchanged server triggers no update.
package frontend

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/pwa"
	"github.com/pdconnect/pdconnect/wasm/connectui"
	"github.com/pdconnect/pdconnect/web"
)

// Cache-Control values.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	// cacheWidget keeps /widget.js, whose URL third-party pages hard-code,
	// fresh within a minute of a deployment.
	cacheWidget = "public, max-age=60"
)

// Options configure the frontend.
type Options struct {
	// FrontendURL is the origin of the hosted Connect UI (the sandbox or
	// Pipedream's), handed to the PWA as go-app env.
	FrontendURL string
	// APIURL is the Connect API's origin, which the PWA's component forms
	// call with the user's Connect token; handed to the PWA as go-app env.
	APIURL string
	// PWA holds the PWA's content (name, icons, styles, ...). New completes
	// it with the version, resource URLs, wasm size and env. Nil means
	// pwa.Handler(), with pwa.Routes() registered for prerendering.
	PWA *app.Handler
	// PublicURL is the app's public origin (PUBLIC_URL): an https one
	// completes the page's Open Graph tags, which are left out otherwise.
	PublicURL string
	// Assets is the tree holding dist/ and static/. Defaults to web.FS.
	Assets fs.FS
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// routesOnce registers the PWA's routes (go-app keeps them globally).
var routesOnce sync.Once

// Handler is the frontend http.Handler.
type Handler struct {
	assets  *assetSet
	hashed  map[string]*asset // by hashed name: app.<hash>.wasm
	pwa     *app.Handler
	og      bool // the PWA's Open Graph tags name the public origin
	version string
}

// New loads the embedded assets and prepares the PWA handler.
func New(opts Options) (*Handler, error) {
	if opts.PWA == nil {
		routesOnce.Do(pwa.Routes)
		opts.PWA = pwa.Handler()
	}
	if opts.Assets == nil {
		opts.Assets = web.FS
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	set, err := loadAssets(opts.Assets)
	if err == nil {
		err = rewriteWidget(set)
	}
	if err == nil {
		// connectui's stylesheet, for the PWA's component forms: a file,
		// since the page's CSP allows no inline styles.
		set.byName[connectuiCSS] = newAsset(connectuiCSS, []byte(connectui.Stylesheet))
	}
	if err != nil {
		return nil, fmt.Errorf("frontend: %w", err)
	}
	h := &Handler{assets: set, hashed: map[string]*asset{}, pwa: opts.PWA}
	for name, a := range set.byName {
		h.hashed[a.hashedName(name)] = a
	}
	if _, ok := set.byName["app.wasm"]; !ok {
		opts.Logger.Warn("frontend: web/dist/app.wasm is missing: run ./build.sh")
	}
	h.og = configureOG(opts.PWA, opts.PublicURL)
	h.version = configurePWA(opts.PWA, set, opts.FrontendURL, opts.APIURL)
	return h, nil
}

// Version is the PWA version: a hash of the embedded assets and the env.
func (h *Handler) Version() string { return h.version }

// InlineScripts are the scripts the pages carry inline, for the CSP to
// allow.
func (h *Handler) InlineScripts() []string { return []string{startJS, earlyClickJS} }

// inlineStyle finds the contents of a page's <style> elements.
var inlineStyle = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// InlineStyles are the style sheets the static pages (/example) carry
// inline, for the CSP to allow; the PWA has none.
func (h *Handler) InlineStyles() []string {
	var out []string
	if a, ok := h.assets.byName["example.html"]; ok {
		for _, m := range inlineStyle.FindAllSubmatch(a.body[""], -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// ServeHTTP serves assets and pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/widget.js":
		h.serveAsset(w, r, "widget.js", cacheWidget, true)
	case p == "/wasm_exec.js":
		h.serveAsset(w, r, "wasm_exec.js", cacheRevalidate, true)
	case p == "/example":
		h.serveAsset(w, r, "example.html", cacheRevalidate, false)
	case p == "/favicon.ico":
		// Where a browser looks for an icon by itself (the PWA's page
		// names its own; /example does not).
		h.serveAsset(w, r, "pwa/icon-192.png", cacheRevalidate, false)
	case p == "/robots.txt", p == "/sitemap.xml", p == "/ads.txt":
		// go-app would fetch these over HTTP from itself: serve them directly.
		h.serveAsset(w, r, strings.TrimPrefix(p, "/"), cacheRevalidate, false)
	case strings.HasPrefix(p, "/web/"):
		name := strings.TrimPrefix(p, "/web/")
		if a, ok := h.hashed[name]; ok {
			if allowRead(w, r) {
				crossOrigin(w)
				a.serve(w, r, cacheImmutable)
			}
			return
		}
		h.serveAsset(w, r, name, cacheRevalidate, true)
	case h.og:
		h.pwa.ServeHTTP(w, r)
	default:
		withoutEmptyOG(h.pwa, w, r)
	}
}

// serveAsset serves the named asset, or 404 when it is not embedded.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request, name, cacheControl string, shared bool) {
	if shared {
		// A 404 too: the widget on another site reads it to fall back.
		crossOrigin(w)
	}
	a, ok := h.assets.byName[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if !allowRead(w, r) {
		return
	}
	a.serve(w, r, cacheControl)
}

// allowRead answers 405 to anything but GET and HEAD.
func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

// crossOrigin lets pages on other origins load the asset (the widget's
// script, wasm and loader are embedded by third-party pages).
func crossOrigin(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
}

// connectuiCSS is the name connectui's stylesheet is served under, in /web/.
var connectuiCSS = strings.TrimPrefix(pwa.ConnectUIStyles, "/web/")
