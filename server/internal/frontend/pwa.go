package frontend

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/pwa"
)

// workerJS is the PWA's service worker template: see its header.
//
//go:embed worker.js
var workerJS string

// startJS, inline in the page's head, holds go-app's service worker
// registration on a first visit until the page has started: until
// github.com/pdconnect/pdconnect/internal/pwa dispatches pwa.StartedEvent on window (the wasm runs and
// its first session answer, or failure, is in) and the main thread is next
// idle. Registering at once, as go-app's app.js does, runs the worker's
// start and install on the same two cores as the page's start: holding it
// took 20-57 ms off the median cold load in A/B runs of 20-25 loads each.
// A page the worker already serves registers at once, so that go-app sees
// the update checks it starts.
//
//go:embed start.js
var startJS string

// earlyClickJS, inline in the page's head, keeps a click on the Connect
// button made before the app can take it: on the prerendered page (the
// wasm still on its way or starting) or while the app loads the session
// and the catalog, the button is disabled, and a disabled button gets no
// click, but it does get the pointer's events. A pointer's press and
// release on it are remembered (the page marks <html data-early-click>
// meanwhile), and once the app first enables the button, the click is made
// again, which opens the flow, unless it is more than 15 s old. It watches
// nothing after that. (A keyboard cannot reach a disabled button.)
//
//go:embed earlyclick.js
var earlyClickJS string

// configurePWA completes the PWA handler: hashed resource URLs, a version
// derived from the embedded assets and env, the uncompressed wasm size for
// the loader's progress, the env, a preconnect to the hosted UI, preloads of
// the wasm and of the page's first API calls, and the service worker. It
// returns the version.
func configurePWA(h *app.Handler, set *assetSet, frontendURL, apiURL string) string {
	env := maps.Clone(h.Env)
	if env == nil {
		env = map[string]string{}
	}
	env[pwa.EnvFrontendURL] = frontendURL
	if apiURL != "" {
		env[pwa.EnvAPIURL] = apiURL
	}
	h.Env = env
	if frontendURL != "" && !slices.Contains(h.Preconnect, frontendURL) {
		// The hosted UI's iframe opens on the user's click: have its
		// connection ready by then.
		h.Preconnect = append(h.Preconnect, frontendURL)
	}
	h.Resources = resolver{set}
	h.ServiceWorkerTemplate = workerJS
	h.RawHeaders = append(h.RawHeaders, "<script>"+startJS+"</script>", "<script>"+earlyClickJS+"</script>")
	// go-app's loader counts decoded bytes against this total, so it must be
	// the uncompressed size even though the wasm travels compressed (the
	// Content-Length it would fall back to is the compressed size).
	if wasm, ok := set.byName["app.wasm"]; ok {
		h.WasmContentLength = strconv.Itoa(len(wasm.body[""]))
		// Start the wasm download with the page instead of after app.js
		// runs; app.js's fetch then takes the preloaded response.
		h.RawHeaders = append(h.RawHeaders, fmt.Sprintf(
			`<link rel="preload" href="/web/%s" as="fetch" type="application/wasm" crossorigin>`,
			wasm.hashedName("app.wasm")))
	}
	// The API calls the Connect button waits for start with the page too
	// (the page load has set the session cookie they need).
	for _, u := range pwa.FirstRequests {
		h.RawHeaders = append(h.RawHeaders, fmt.Sprintf(`<link rel="preload" href="%s" as="fetch" crossorigin>`, html.EscapeString(u)))
	}
	h.Version = version(set, env)
	return h.Version
}

// version hashes every embedded asset's content hash, the env, the
// service worker and the page's inline script, so it changes exactly when
// something the browser caches changes.
func version(set *assetSet, env map[string]string) string {
	d := sha256.New()
	fmt.Fprintf(d, "worker %x\n", sha256.Sum256([]byte(workerJS)))
	fmt.Fprintf(d, "start %x\n", sha256.Sum256([]byte(startJS)))
	fmt.Fprintf(d, "early click %x\n", sha256.Sum256([]byte(earlyClickJS)))
	for _, name := range slices.Sorted(maps.Keys(set.byName)) {
		fmt.Fprintf(d, "asset %s %s\n", name, set.byName[name].hash)
	}
	for _, k := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(d, "env %q %q\n", k, env[k])
	}
	return hex.EncodeToString(d.Sum(nil)[:8])
}

// resolver maps /web/NAME to its content-hashed URL for the assets the
// frontend embeds, and leaves every other location alone.
type resolver struct{ set *assetSet }

// Resolve implements app.ResourceResolver.
func (r resolver) Resolve(location string) string {
	if location == "" || location == "/" {
		return "/"
	}
	if strings.HasPrefix(location, "web/") {
		location = "/" + location
	}
	name, ok := strings.CutPrefix(location, "/web/")
	if !ok {
		return location
	}
	if a, ok := r.set.byName[name]; ok {
		return "/web/" + a.hashedName(name)
	}
	return location
}
