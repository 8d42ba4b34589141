package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// swCachedJS is true once the service worker controls the page and has the
// wasm in its cache.
const swCachedJS = `(async () => {
  if (!navigator.serviceWorker.controller) return false;
  for (const k of await caches.keys()) {
    const c = await caches.open(k);
    if ((await c.keys()).some(r => r.url.endsWith(".wasm"))) return true;
  }
  return false;
})()`

// waitCached waits until the service worker has cached the app.
func waitCached(t *testing.T, ctx context.Context) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		run(t, ctx, chromedp.Evaluate(swCachedJS, &ok, awaitPromise))
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the service worker did not cache the app within 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestPWALoadsOfflineAndSaysSo loads the installed app without a network:
// the shell comes from the service worker, the page says it is offline and
// what failed, and recovers once the network is back.
func TestPWALoadsOfflineAndSaysSo(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	waitCached(t, ctx)
	user := text(t, ctx, "code.user-id")

	// Emulation takes the page offline (navigator.onLine) but not its
	// service worker, so the server goes unreachable too.
	online := s.front.get()
	s.front.set(http.HandlerFunc(hangUp))
	run(t, ctx, network.Enable(), network.EmulateNetworkConditions(true, 0, -1, -1))
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, `!document.getElementById("app-wasm-loader") && !!document.querySelector("#offline-banner .banner")`, "the offline banner")
	contains(t, text(t, ctx, "#offline-banner"), "You're offline.")
	waitText(t, ctx, "#identity", "Couldn't load your session")
	if h := text(t, ctx, "h1"); h != "Pipedream Connect" {
		t.Errorf("offline page heading = %q", h)
	}

	s.front.set(online)
	run(t, ctx, network.EmulateNetworkConditions(false, 0, -1, -1))
	waitText(t, ctx, "code.user-id", user)
	waitJS(t, ctx, `!document.querySelector("#offline-banner .banner")`, "the offline banner to go")
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
}

// TestPWARegistersTheWorkerOnceStarted: on a first visit the service
// worker is not registered while the page starts, which would cost the
// start its install's work, but as soon as the session's answer is in; it
// then caches the app.
func TestPWARegistersTheWorkerOnceStarted(t *testing.T) {
	s := startPWAStack(t)
	site := s.front.get()
	release := make(chan struct{})
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/session" {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		site.ServeHTTP(w, r)
	}))
	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, `!document.getElementById("app-wasm-loader")`, "the wasm to run")
	time.Sleep(500 * time.Millisecond)
	var registered bool
	run(t, ctx, chromedp.Evaluate(`navigator.serviceWorker.getRegistration().then(r => !!r)`, &registered, awaitPromise))
	if registered {
		t.Error("the service worker was registered before the session's answer")
	}
	close(release)
	waitText(t, ctx, "#identity", "user-")
	waitCached(t, ctx)
}

// TestPWACachesItselfWhenTheAPIFails: on a first visit whose API calls
// fail, the page still registers the service worker once its start is
// over, and it caches the app, so the next visit opens offline.
func TestPWACachesItselfWhenTheAPIFails(t *testing.T) {
	s := startPWAStack(t)
	site := s.front.get()
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			http.Error(w, `{"error":{"code":"unavailable","message":"down for a test"}}`, http.StatusServiceUnavailable)
			return
		}
		site.ServeHTTP(w, r)
	}))
	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, chromedp.Navigate(s.URL+"/"))
	waitText(t, ctx, "#identity", "Couldn't load your session")
	waitCached(t, ctx)
}

// TestPWANoticesTheServerGoAndComeBack: the server stops while the page is
// idle, and the page says so by itself (its event stream broke) and offers
// no Connect, whose preloaded page could not go on. What a person then
// tries fails and says why; once the server is back, the page picks up by
// itself and every message about the outage goes.
func TestPWANoticesTheServerGoAndComeBack(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "server-gone", phone)
	waitText(t, ctx, ".accounts", "No accounts yet.")
	waitJS(t, ctx, `!!document.querySelector("`+preloadedIframeSel+`")`, "the preloaded Connect page")

	up := s.down()
	waitText(t, ctx, "#offline-banner", "The server can't be reached right now.")
	waitJS(t, ctx, `document.getElementById("connect-button").disabled`, "Connect to be off")
	contains(t, text(t, ctx, "#connect-down"), "can't be reached")
	l.look("idle")

	clickButton(t, ctx, "Refresh")
	waitText(t, ctx, ".accounts", "the server can't be reached")
	typeText(t, ctx, "app-search", "git")
	waitText(t, ctx, "#app-search-status", "Couldn't search the apps")
	l.look("used")

	up()
	waitJS(t, ctx, `!document.querySelector("#offline-banner .banner") && !document.getElementById("connect-button").disabled`,
		"the page to pick up by itself")
	waitText(t, ctx, ".accounts", "No accounts yet.")
	waitText(t, ctx, "#app-search-status", "6 apps.")
	for _, sel := range []string{"#offline-banner", "#identity", ".accounts", "#app-search-status", "#connect-down"} {
		if got := text(t, ctx, sel); strings.Contains(got, "can't be reached") {
			t.Errorf("%s still reads %q", sel, got)
		}
	}
	l.look("back")
	clickButton(t, ctx, "Connect Slack")
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.waitText("Continue")
}

// hangUp closes the connection without answering, as a server that is down.
func hangUp(w http.ResponseWriter, r *http.Request) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// TestPWAUpdateNotice: on a first visit the app's first service worker
// takes the page over, which is no update; neither is a second visit, nor
// a restart of the server with the same build. A new build while the page
// is open is: the page offers to reload, and reloading runs the new
// build.
func TestPWAUpdateNotice(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	waitCached(t, ctx)
	var before string
	run(t, ctx, chromedp.Evaluate(`goappEnv.GOAPP_VERSION`, &before))
	// Using the page for a moment after the worker took it over gives a
	// notice time to show: a search waits for the typing to pause, then
	// for the server.
	useAWhile := func(q, slug string) {
		t.Helper()
		searchApps(t, ctx, q, slug)
		if got := text(t, ctx, "#update-notice"); got != "" {
			t.Fatalf("a page of the served build shows an update notice: %q", got)
		}
	}
	useAWhile("github", "github")

	// A second visit, from the worker's cache.
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready on a second visit")
	useAWhile("notion", "notion")

	// A restart with the same build and configuration is the same version:
	// the browser's update check finds the same worker.
	s.front.set(s.newSite(t, s.SandboxURL))
	var found bool
	run(t, ctx, chromedp.Evaluate(`goappServiceWorkerRegistration.update().then((r) => !!(r.installing || r.waiting))`, &found, awaitPromise))
	if found {
		t.Error("a restart with the same build installs a new service worker")
	}
	useAWhile("stri", "stripe")

	// A restart with a new build.
	s.front.set(s.newBuild(t))
	run(t, ctx, chromedp.Evaluate(`goappServiceWorkerRegistration.update()`, nil, awaitPromise))
	waitText(t, ctx, "#update-notice", "A new version of this app is ready.")
	clickButton(t, ctx, "Reload to update")
	waitJS(t, ctx, readyJS+` && goappEnv.GOAPP_VERSION !== `+jsString(before), "the new build to run")
	if got := text(t, ctx, "#update-notice"); got != "" {
		t.Errorf("the notice stays after the update: %q", got)
	}
}
