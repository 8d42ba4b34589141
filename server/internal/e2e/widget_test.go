package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/hosted"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestWidgetLoadsOnAnotherSite loads /widget.js on the customer's site,
// another site under a strict CSP: the script, the Go loader and the wasm
// come from the app with CORS headers and the types the browser needs to
// compile the wasm as it streams.
func TestWidgetLoadsOnAnotherSite(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")

	var got map[string]string
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const out = {};
		for (const p of ["/widget.js", "/wasm_exec.js", "/web/widget.wasm"]) {
			const r = await fetch(`+jsString(s.URL)+` + p, {mode: "cors"});
			out[p] = r.type + " " + r.status + " " + r.headers.get("content-type");
		}
		const m = await WebAssembly.compileStreaming(fetch(`+jsString(s.URL)+` + "/web/widget.wasm"));
		out.compiled = String(m instanceof WebAssembly.Module);
		out.api = typeof PipedreamConnect.createFrontendClient + " " + (PipedreamConnect.ready instanceof Promise);
		return out;
	})()`, &got, awaitPromise))
	for k, want := range map[string]string{
		"/widget.js":       "cors 200 text/javascript",
		"/wasm_exec.js":    "cors 200 text/javascript",
		"/web/widget.wasm": "cors 200 application/wasm",
		"compiled":         "true",
		"api":              "function true",
	} {
		if !strings.HasPrefix(got[k], want) {
			t.Errorf("%s: %q, want %q…", k, got[k], want)
		}
	}
}

// watchGlobalsJS runs before the customer site's scripts. The page owns a
// Go and a path global and has no fs or process; a task that runs between
// every other task records any moment another script could see otherwise.
const watchGlobalsJS = `(() => {
  const own = {Go: "the page's Go", path: {page: true}};
  Object.assign(globalThis, own);
  const seen = window.__globalsSeen = new Set();
  const check = () => {
    for (const k of ["fs", "process"]) if (k in globalThis) seen.add(k + " appeared");
    for (const k in own) if (globalThis[k] !== own[k]) seen.add(k + " changed");
  };
  const ch = new MessageChannel();
  ch.port1.onmessage = () => { check(); if (!window.__globalsDone) ch.port2.postMessage(0); };
  ch.port2.postMessage(0);
  window.__globalsCheck = check;
})()`

// TestWidgetLeavesThePageGlobalsAlone: Go's loader stubs Node's fs,
// process and path as globals and defines Go, but no other script on the
// page ever meets them (libraries such as the official SDK read a global
// process's env), and the page's own globals of those names stay its own.
func TestWidgetLeavesThePageGlobalsAlone(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/", chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(watchGlobalsJS).Do(ctx)
		return err
	}))
	var got struct {
		Seen   []string
		Opened string
	}
	run(t, ctx, chromedp.Evaluate(`(async () => {
		// The client still runs with the globals gone: a flow opens its iframe.
		const client = PipedreamConnect.createFrontendClient({frontendURL: `+jsString(s.SandboxURL)+`, tokenCallback: () => fetch("/token", {method: "POST"}).then(r => r.json())});
		let failed = "";
		await client.connectAccount({app: "slack", onError: e => { failed = e.message; }});
		const opened = failed || (`+widgetIframeJS+` ? "iframe" : "no iframe");
		client.close();
		await new Promise(r => setTimeout(r, 50));
		window.__globalsDone = true;
		window.__globalsCheck();
		return {seen: [...window.__globalsSeen], opened};
	})()`, &got, awaitPromise))
	if got.Opened != "iframe" {
		t.Errorf("connectAccount after ready: %s; want an iframe", got.Opened)
	}
	if len(got.Seen) > 0 {
		t.Errorf("the page's scripts met Go's loader globals: %v", got.Seen)
	}
}

// TestWidgetLeavesGlobalsSetWhileItLoads: a bundle that brings its own
// process shim (as pages using the official SDK do) runs after widget.js
// while the Go loader's script is still on its way (the app holds it until
// then). The shim stays the page's, and the Go client runs on its own.
func TestWidgetLeavesGlobalsSetWhileItLoads(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	app := s.front.get()
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := hashedWidgetFile.FindStringSubmatch(r.URL.Path); (m != nil && m[1] == "wasm_exec") || r.URL.Path == "/wasm_exec.js" {
			select {
			case <-site.VendorRan:
			case <-r.Context().Done():
				return
			}
		}
		app.ServeHTTP(w, r)
	}))
	ctx := widgetOpen(t, site, "/vendor")
	var got struct {
		Process string
		Others  []string
		Opened  string
	}
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const process = typeof globalThis.process === "object" && globalThis.process.vendor && globalThis.process.env.NODE_ENV;
		const others = ["fs", "path", "Go"].filter((k) => k in globalThis);
		const client = PipedreamConnect.createFrontendClient({frontendURL: `+jsString(s.SandboxURL)+`, tokenCallback: () => fetch("/token", {method: "POST"}).then(r => r.json())});
		let failed = "";
		await client.connectAccount({app: "slack", onError: e => { failed = e.message; }});
		const opened = failed || (`+widgetIframeJS+` ? "iframe" : "no iframe");
		client.close();
		return {process: String(process), others, opened};
	})()`, &got, awaitPromise))
	if got.Process != "production" {
		t.Errorf("the vendor bundle's process global after the widget loaded: %s; want its own, with env.NODE_ENV production", got.Process)
	}
	if len(got.Others) > 0 {
		t.Errorf("the Go loader's globals %v are on the page", got.Others)
	}
	if got.Opened != "iframe" {
		t.Errorf("connectAccount: %s; want an iframe", got.Opened)
	}
}

// TestWidgetReportsACrash: with the loader's globals hidden from the page,
// the Go runtime still prints a crash to the console (through the fs stub,
// which it looks up as it writes). The bundle is testdata/crash, which
// panics when asked for a client.
func TestWidgetReportsACrash(t *testing.T) {
	s := startPWAStack(t)
	wasm := filepath.Join(t.TempDir(), "crash.wasm")
	build := exec.Command("go", "build", "-o", wasm, "./testdata/crash")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build testdata/crash: %v\n%s", err, out)
	}
	app, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(app)
	crashing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := hashedWidgetFile.FindStringSubmatch(r.URL.Path); r.URL.Path != "/web/widget.wasm" && (m == nil || m[1] != "widget") {
			proxy.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, wasm)
	}))
	t.Cleanup(crashing.Close)
	withCrash := *s
	withCrash.URL = crashing.URL
	site := widgetStartSite(t, &withCrash)

	var (
		mu      sync.Mutex
		console strings.Builder
	)
	ctx := widgetOpen(t, site, "/", runtime.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
		chromedp.ListenTarget(ctx, func(ev any) {
			if e, ok := ev.(*runtime.EventConsoleAPICalled); ok {
				mu.Lock()
				defer mu.Unlock()
				for _, a := range e.Args {
					console.Write(a.Value)
					console.WriteString("\n")
				}
			}
		})
		return nil
	}))
	var fs string
	run(t, ctx, chromedp.Evaluate(`(async () => {
		PipedreamConnect.createFrontendClient({}).prefetch();
		await new Promise(r => setTimeout(r, 200));
		return typeof fs;
	})()`, &fs, awaitPromise))
	if fs != "undefined" {
		t.Errorf("typeof fs on the page after the crash: %s", fs)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(console.String(), "panic: the crash test's panic") {
		t.Errorf("the console has no crash report; it has:\n%s", console.String())
	}
}

// hashedWidgetFile matches the content-hashed names /widget.js gives the Go
// loader and the bundle.
var hashedWidgetFile = regexp.MustCompile(`^/web/(wasm_exec|widget)\.[0-9a-f]{16}\.(js|wasm)$`)

// TestWidgetComesBackFromTheCache: a page that has had the widget before
// asks the app for none of the Go loader or the bundle again (they come by
// content-hashed URLs, cached for good), not even to revalidate them.
func TestWidgetComesBackFromTheCache(t *testing.T) {
	s := startPWAStack(t)
	asked := recordPaths(s, nil)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")
	first := asked()
	hashed := map[string]bool{}
	for _, p := range first {
		if hashedWidgetFile.MatchString(p) {
			hashed[p] = true
		}
	}
	if len(hashed) != 2 {
		t.Errorf("the first visit fetched %v; want the hashed loader and bundle", first)
	}

	run(t, ctx, chromedp.Navigate(site.URL+"/?again"))
	var ready string
	run(t, ctx, chromedp.Evaluate(`PipedreamConnect.ready.then(() => "ready", String)`, &ready, awaitPromise))
	if ready != "ready" {
		t.Fatalf("PipedreamConnect.ready on the second visit: %s", ready)
	}
	second := asked()
	for _, p := range second {
		if p != "/widget.js" {
			t.Errorf("the second visit asked the app for %s (all: %v); want nothing but /widget.js", p, second)
		}
	}
}

// TestWidgetFallsBackToThePlainPaths: a widget.js cached from before a
// deploy names hashes the app no longer has; the widget then loads the Go
// loader and the bundle by their plain paths.
func TestWidgetFallsBackToThePlainPaths(t *testing.T) {
	s := startPWAStack(t)
	asked := recordPaths(s, func(r *http.Request) {
		if m := hashedWidgetFile.FindStringSubmatch(r.URL.Path); m != nil {
			r.URL.Path = "/web/" + m[1] + ".0000000000000000." + m[2] // a hash from another build
		}
	})
	widgetOpen(t, widgetStartSite(t, s), "/")
	got := asked()
	for _, p := range []string{"/wasm_exec.js", "/web/widget.wasm"} {
		if !slices.Contains(got, p) {
			t.Errorf("the widget did not fall back to %s; it asked for %v", p, got)
		}
	}
}

// TestWidgetFetchesTheBundleAlongsideTheLoader: on a slow network (300 ms
// per request) the widget asks for its wasm before the Go loader's script
// has arrived, so a page waits one round trip to the app, not two in a row.
func TestWidgetFetchesTheBundleAlongsideTheLoader(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := browsertest.New(t, 3*time.Minute)
	var (
		mu       sync.Mutex
		ids      = map[network.RequestID]string{}
		sent     = map[string]time.Time{} // by file (wasm_exec, widget): when the request left
		finished = map[string]time.Time{} // by file: when its response was in
	)
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if m := hashedWidgetFile.FindStringSubmatch(strings.TrimPrefix(ev.Request.URL, s.URL)); m != nil {
				p := m[1]
				ids[ev.RequestID] = p
				if _, ok := sent[p]; !ok {
					sent[p] = ev.Timestamp.Time()
				}
			}
		case *network.EventLoadingFinished:
			if p, ok := ids[ev.RequestID]; ok {
				finished[p] = ev.Timestamp.Time()
			}
		}
	})
	run(t, ctx, network.Enable(), network.EmulateNetworkConditions(false, 300, -1, -1), chromedp.Navigate(site.URL+"/"))
	var ready string
	run(t, ctx, chromedp.Evaluate(`PipedreamConnect.ready.then(() => "ready", String)`, &ready, awaitPromise))
	if ready != "ready" {
		t.Fatalf("PipedreamConnect.ready: %s", ready)
	}
	mu.Lock()
	defer mu.Unlock()
	loader, bundle, loaderIn := sent["wasm_exec"], sent["widget"], finished["wasm_exec"]
	if loader.IsZero() || bundle.IsZero() || loaderIn.IsZero() {
		t.Fatalf("requests seen: sent %v, finished %v", sent, finished)
	}
	if !bundle.Before(loaderIn) {
		t.Errorf("the wasm was asked for %v after the loader's script had arrived; want before it", bundle.Sub(loaderIn))
	}
}

// TestWidgetConnectsAccounts connects an OAuth app from the customer's
// site: Continue and Allow in the sandbox's hosted page inside the iframe
// give onSuccess({id}) then onClose({successful, completed}), and the
// account is the site user's in the sandbox. The same client then connects
// a keys app, with a new token, through its labelled field.
func TestWidgetConnectsAccounts(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")

	run(t, ctx, chromedp.Evaluate(`widgetConnect("github")`, nil, awaitPromise))
	var iframe struct {
		Src, Position, ZIndex string
		Rect                  [4]int // left, top, width, height
		Viewport              [2]int
	}
	run(t, ctx, chromedp.Evaluate(`(() => { const f = `+widgetIframeJS+`, cs = getComputedStyle(f), r = f.getBoundingClientRect();
		return {Src: f.src, Position: cs.position, ZIndex: cs.zIndex, Rect: [r.left, r.top, r.width, r.height],
			Viewport: [innerWidth, innerHeight]} })()`, &iframe))
	if !strings.HasPrefix(iframe.Src, s.SandboxURL+"/_static/connect.html?") || !strings.Contains(iframe.Src, "token=ctok_") ||
		!strings.Contains(iframe.Src, "app=github") {
		t.Errorf("iframe src = %q", iframe.Src)
	}
	// The site's CSP allows no inline styles: the iframe must still cover the page.
	if iframe.Position != "fixed" || iframe.ZIndex != "2147483647" ||
		iframe.Rect != [4]int{0, 0, iframe.Viewport[0], iframe.Viewport[1]} {
		t.Errorf("iframe is not the full-page overlay: %+v", iframe)
	}

	h := newHostedPage(t, ctx, s.SandboxURL)
	h.press("Continue")
	h.press("Allow")
	evs := widgetWaitEvents(t, ctx, 1)
	if evs[0].Type != "success" || !strings.HasPrefix(evs[0].Payload.ID, "apn_") {
		t.Fatalf("first event %+v, want success with an account id", evs[0])
	}
	if a := sandboxAccounts(t, s, site.User); len(a) != 1 || a[0].ID != evs[0].Payload.ID {
		t.Errorf("the sandbox has accounts %+v for %s, want %s only", a, site.User, evs[0].Payload.ID)
	}
	evs = widgetFinish(t, ctx, h, 2)
	widgetCheckClose(t, evs[1], "close", true, true)
	widgetWaitIframeGone(t, ctx)

	run(t, ctx, chromedp.Evaluate(`widgetConnect("openai")`, nil, awaitPromise))
	h.press("Continue")
	h.fill("API Key", "sk-widget12345")
	h.press("Continue")
	evs = widgetWaitEvents(t, ctx, 3)
	if evs[2].Type != "success" || !strings.HasPrefix(evs[2].Payload.ID, "apn_") {
		t.Fatalf("event %+v, want success with an account id", evs[2])
	}
	widgetCheckClose(t, widgetFinish(t, ctx, h, 4)[3], "close", true, true)
	a, err := s.PD.GetAccount(context.Background(), evs[2].Payload.ID, pipedream.AccountOptions{})
	if err != nil || a.ExternalID != site.User || a.App.NameSlug != "openai" {
		t.Errorf("account %s: %+v, %v; want the site user's openai account", evs[2].Payload.ID, a, err)
	}
}

// TestWidgetClosesDeniesAndIgnoresSpoofs closes one flow with the hosted
// Close button and denies another, during which the customer's page posts
// itself a fake success, error and close: only the hosted page's own
// messages count.
func TestWidgetClosesDeniesAndIgnoresSpoofs(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")
	h := newHostedPage(t, ctx, s.SandboxURL)

	run(t, ctx, chromedp.Evaluate(`widgetConnect("slack")`, nil, awaitPromise))
	h.press("Close")
	widgetCheckClose(t, widgetWaitEvents(t, ctx, 1)[0], "close", false, false)
	widgetWaitIframeGone(t, ctx)

	run(t, ctx, chromedp.Evaluate(`widgetConnect("github")`, nil, awaitPromise))
	h.press("Continue")
	run(t, ctx, chromedp.Evaluate(`for (const m of [{type: "success", authProvisionId: "apn_fake"}, {type: "error", error: "fake"}, {type: "close"}]) {
		window.postMessage(m, "*");
	}`, nil))
	// Had a spoof counted, its callback would come before those of Deny.
	h.press("Deny")
	evs := widgetWaitEvents(t, ctx, 2)
	if e := evs[1]; e.Type != "error" || e.Payload.Name != "ConnectError" || e.Payload.Code != "connect_error" || e.Payload.Message != hosted.MsgAccessDenied {
		t.Errorf("after Deny: %+v, want onError(ConnectError connect_error %q)", e, hosted.MsgAccessDenied)
	}
	evs = widgetFinish(t, ctx, h, 3)
	widgetCheckClose(t, evs[2], "close", false, true)
	widgetWaitIframeGone(t, ctx)
	if len(evs) != 3 {
		t.Errorf("events %+v, want close, error, close", evs)
	}
	if a := sandboxAccounts(t, s, site.User); len(a) != 0 {
		t.Errorf("the sandbox has accounts %+v for %s", a, site.User)
	}
}

// widgetSpareJS is true when the page's one iframe is a client's spare:
// in the body, blank (no src, id or title), not displayed, inert,
// aria-hidden and out of the focus order.
const widgetSpareJS = `(() => { const all = document.querySelectorAll("iframe"), f = all[0];
	return all.length === 1 && f.parentElement === document.body && !f.hasAttribute("src") && !f.id && !f.title &&
		getComputedStyle(f).display === "none" && f.inert && f.getAttribute("aria-hidden") === "true" && f.tabIndex === -1 })()`

// TestWidgetSpareIframe: a client made on the customer's site puts one
// hidden, blank iframe in the page ahead of the click: no Connect page
// loaded and no token spent for it, no Tab stop, nothing in the
// accessibility tree, no layout or axe finding (the /example page's looks
// check the spares there in every mode). The click (with the mouse,
// on the site's own button) shows that very iframe on the hosted page,
// without a history entry; the flow's end leaves a new spare, and close()
// takes it away.
func TestWidgetSpareIframe(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")
	run(t, ctx, chromedp.Evaluate(`(() => {
		window.spareClient = PipedreamConnect.createFrontendClient({frontendURL: `+jsString(s.SandboxURL)+`,
			externalUserId: `+jsString(site.User)+`, tokenCallback: async () => (await fetch("/token", {method: "POST"})).json()});
		const b = document.createElement("button");
		b.id = "connect";
		b.textContent = "Connect Slack";
		b.addEventListener("click", () => spareClient.connectAccount({app: "slack", onClose: widgetRecord("close")}));
		document.querySelector("main").append(b);
	})()`, nil))
	waitJS(t, ctx, widgetSpareJS, "the client's spare iframe")
	var fetched []string
	run(t, ctx, chromedp.Evaluate(`performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("/token") || n.includes("/_static/connect.html"))`, &fetched))
	if len(fetched) > 0 {
		t.Errorf("before the click the page fetched %v", fetched)
	}
	// Tab goes from the button out of the page and back, never into the iframe.
	run(t, ctx, chromedp.Focus("#connect", chromedp.ByQuery))
	for i := range 3 {
		var tag string
		run(t, ctx, chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(`document.activeElement.tagName`, &tag))
		if tag == "IFRAME" {
			t.Errorf("Tab %d put the focus on the spare iframe", i+1)
		}
	}
	var tree axTree
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		return cdp.Execute(ctx, accessibility.CommandGetFullAXTree, accessibility.GetFullAXTree(), &tree)
	}))
	for _, nd := range tree.Nodes {
		if r, _ := nd.Role.Value.(string); !nd.Ignored && strings.EqualFold(r, "iframe") {
			t.Errorf("the accessibility tree has an iframe before the click: %+v", nd)
		}
	}
	// The site has no dark styles of its own: its layout and axe, in light.
	for _, v := range []viewport{phone, desktop} {
		run(t, ctx, chromedp.EmulateViewport(v.w, v.h))
		what := "the spare iframe in the site at " + v.name + " width"
		layoutCheck(t, pageEval(ctx), what, v == phone)
		axeCheck(t, pageEval(ctx), what)
	}

	run(t, ctx, chromedp.Evaluate(`window.spare = document.querySelector("iframe"); window.historyLength = history.length; true`, nil))
	click(t, ctx, "#connect")
	waitJS(t, ctx, `!!`+widgetIframeJS, "the Connect iframe")
	var shown struct {
		Same bool
		Src  string
	}
	run(t, ctx, chromedp.Evaluate(`({same: `+widgetIframeJS+` === spare, src: spare.src})`, &shown))
	if !shown.Same || !strings.HasPrefix(shown.Src, s.SandboxURL+"/_static/connect.html?token=ctok_") || !strings.Contains(shown.Src, "app=slack") {
		t.Errorf("the click showed %+v, want the spare itself on the hosted page", shown)
	}
	h := newHostedPage(t, ctx, s.SandboxURL)
	h.press("Close")
	widgetCheckClose(t, widgetWaitEvents(t, ctx, 1)[0], "close", false, false)
	waitJS(t, ctx, widgetSpareJS+` && document.querySelector("iframe") !== spare`, "a new spare once the flow ended")
	var added int
	run(t, ctx, chromedp.Evaluate(`history.length - historyLength`, &added))
	if added != 0 {
		t.Errorf("the flow added %d history entries", added)
	}
	run(t, ctx, chromedp.Evaluate(`spareClient.close(); true`, nil))
	waitJS(t, ctx, `!document.querySelector("iframe")`, "no iframe once the client is closed")
}

// TestWidgetElementTakesItsSpareAlong: the element's client keeps its spare
// iframe in the page while the element is there; removing the element
// takes the spare away, putting it back brings it back, and an attribute
// that names another client takes the old client's away (the new client is
// made when the element is next used).
func TestWidgetElementTakesItsSpareAlong(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/element")
	waitJS(t, ctx, widgetSpareJS, "the element's spare iframe")
	run(t, ctx, chromedp.Evaluate(`window.el = document.querySelector("pipedream-connect"); el.remove(); true`, nil))
	waitJS(t, ctx, `!document.querySelector("iframe")`, "no iframe once the element left the page")
	run(t, ctx, chromedp.Evaluate(`document.querySelector("main").append(el); true`, nil))
	waitJS(t, ctx, widgetSpareJS, "the spare back with the element")
	run(t, ctx, chromedp.Evaluate(`el.setAttribute("external-user-id", "someone-else"); true`, nil))
	waitJS(t, ctx, `!document.querySelector("iframe")`, "no iframe once the attributes name another client")
}

// TestWidgetElement uses <pipedream-connect app="slack" token-url="/token">
// on the customer's site: a button named "Connect Slack" that connects an
// account and then reports a denial, as DOM events.
func TestWidgetElement(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/element")
	h := newHostedPage(t, ctx, s.SandboxURL)

	var button axControl
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		button, err = findControl(ctx, "", "button", "Connect")
		return err
	}))
	if button.Name != "Connect Slack" {
		t.Errorf("the element's button is named %q, want %q", button.Name, "Connect Slack")
	}

	click(t, ctx, "pipedream-connect button")
	h.press("Continue")
	h.press("Allow")
	evs := widgetWaitEvents(t, ctx, 1)
	if evs[0].Type != "element-success" || !strings.HasPrefix(evs[0].Payload.ID, "apn_") {
		t.Fatalf("first event %+v, want pipedream-connect:success with an account id", evs[0])
	}
	evs = widgetFinish(t, ctx, h, 2)
	widgetCheckClose(t, evs[1], "element-close", true, true)
	if a := sandboxAccounts(t, s, site.User); len(a) != 1 || a[0].ID != evs[0].Payload.ID {
		t.Errorf("the sandbox has accounts %+v for %s, want %s only", a, site.User, evs[0].Payload.ID)
	}

	waitJS(t, ctx, `!document.querySelector("pipedream-connect button").disabled`, "the button to be enabled again")
	click(t, ctx, "pipedream-connect button")
	h.press("Continue")
	h.press("Deny")
	evs = widgetWaitEvents(t, ctx, 3)
	if e := evs[2]; e.Type != "element-error" || e.Payload.Code != "connect_error" || e.Payload.Message != hosted.MsgAccessDenied {
		t.Errorf("after Deny: %+v, want pipedream-connect:error connect_error %q", e, hosted.MsgAccessDenied)
	}
	evs = widgetFinish(t, ctx, h, 4)
	widgetCheckClose(t, evs[3], "element-close", false, true)
}

// TestWidgetExamplePage goes through the app's /example page against the
// sandbox: its JavaScript API button (on a preloaded page) and its element
// each connect an account for the session's user and log the callbacks and
// events.
func TestWidgetExamplePage(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, chromedp.Navigate(s.URL+"/example"))
	h := newHostedPage(t, ctx, s.SandboxURL)

	waitJS(t, ctx, `!document.getElementById("connect-github").disabled`, "the Connect GitHub button")
	// The page preloads GitHub's hosted page; the click shows that iframe.
	waitText(t, ctx, "#log", `preload {"app":"github","loaded":true}`)
	run(t, ctx, chromedp.Evaluate(`window.preloaded = document.querySelector('iframe[title="Pipedream Connect"][aria-hidden="true"]'); true`, nil))
	click(t, ctx, "#connect-github")
	waitJS(t, ctx, `!!window.preloaded && `+widgetIframeJS+` === window.preloaded`, "the preloaded iframe shown")
	h.press("Continue")
	h.press("Allow")
	waitText(t, ctx, "#log", `onSuccess {"id":"apn_`)
	h.press("Close")
	waitText(t, ctx, "#log", `onClose {"successful":true,"completed":true`)
	widgetWaitIframeGone(t, ctx)

	click(t, ctx, "#connect-slack button")
	h.press("Continue")
	h.press("Allow")
	waitText(t, ctx, "#log", `pipedream-connect:success {"id":"apn_`)
	h.press("Close")
	waitText(t, ctx, "#log", `pipedream-connect:close {"successful":true,"completed":true`)

	var user string
	run(t, ctx, chromedp.Evaluate(`fetch("/api/session").then((r) => r.json()).then((s) => s.external_user_id)`, &user, awaitPromise))
	var apps []string
	for _, a := range sandboxAccounts(t, s, user) {
		apps = append(apps, a.App.NameSlug)
	}
	slices.Sort(apps)
	if !slices.Equal(apps, []string{"github", "slack"}) {
		t.Errorf("the sandbox has accounts of %v for %q, want github and slack", apps, user)
	}
}

// TestWidgetHostedPageRefusesOtherSites opens a flow with a token (the
// token option) whose allowed_origins leave the customer's site out: the
// browser refuses to frame the hosted page, by its frame-ancestors, so its
// Close never shows; the person gets out with the client's own Close
// button over the overlay.
func TestWidgetHostedPageRefusesOtherSites(t *testing.T) {
	s := startPWAStack(t)
	site := widgetStartSite(t, s)
	ctx := widgetOpen(t, site, "/")
	refused := make(chan string, 1)
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "frame-ancestors") {
			select {
			case refused <- e.Entry.Text:
			default:
			}
		}
	})
	run(t, ctx, cdplog.Enable())
	const elsewhere = "https://elsewhere.example"
	tok, err := s.PD.CreateToken(context.Background(), pipedream.TokenRequest{ExternalUserID: site.User, AllowedOrigins: []string{elsewhere}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Evaluate(`widgetConnect("github", `+jsString(tok.Token)+`)`, nil, awaitPromise))
	select {
	case msg := <-refused:
		contains(t, msg, elsewhere)
	case <-time.After(30 * time.Second):
		t.Fatal("the browser did not refuse to frame the hosted page within 30 s")
	}
	run(t, ctx, chromedp.Click(`body > button[aria-label="Close"]`, chromedp.ByQuery))
	widgetCheckClose(t, widgetWaitEvents(t, ctx, 1)[0], "close", false, false)
	widgetWaitIframeGone(t, ctx)
}
