package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// interactiveJS records, from the document's start, when the PWA's wasm has
// taken over (go-app removes its loader) and a "Connect" button is usable,
// the end of the frame that shows it (__painted), and the moments in
// between that phasesJS reads: the wasm instantiated
// (WebAssembly.instantiateStreaming resolved), Go's run called and returned
// (its synchronous part: the runtime's and packages' start, main, and the
// first render, until main waits).
const interactiveJS = `window.__interactive = new Promise(resolve => {
  const ok = () => !document.getElementById("app-wasm-loader") &&
    [...document.querySelectorAll("button")].some(b => /Connect/.test(b.textContent) && !b.disabled);
  const check = () => { if (document.body && ok()) { obs.disconnect(); resolve(performance.now()); } };
  const obs = new MutationObserver(check);
  obs.observe(document, {childList: true, subtree: true, attributes: true});
});
window.__painted = __interactive.then(() => new Promise((resolve) => requestAnimationFrame(() => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve(performance.now());
  ch.port2.postMessage(0);
})));
window.__marks = {};
(() => {
  const mark = (k) => { if (!(k in __marks)) __marks[k] = performance.now(); };
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (...args) {
    mark("instantiate");
    return instantiate.apply(this, args).then((r) => { mark("instantiated"); return r; });
  };
  let Go;
  Object.defineProperty(globalThis, "Go", {configurable: true, enumerable: true, get: () => Go, set(v) {
    Go = v;
    const run = v.prototype.run;
    v.prototype.run = function (...args) { mark("run"); const p = run.apply(this, args); mark("returned"); return p; };
  }});
})();`

// phasesJS reads where a load's time went, in ms from the navigation's
// start: the wasm's last byte (resource timing), the marks interactiveJS
// set, and Go's main starting (the PWA's main marks "pdconnect:main").
const phasesJS = `(() => {
  const wasm = performance.getEntriesByType("resource").find((e) => /\.wasm$/.test(e.name));
  const main = performance.getEntriesByName("pdconnect:main")[0];
  return {Wasm: wasm ? wasm.name : "", Requested: wasm ? wasm.requestStart : -1, Fetched: wasm ? wasm.responseEnd : -1, Instantiated: __marks.instantiated ?? -1, Run: __marks.run ?? -1,
    Main: main ? main.startTime : -1, Returned: __marks.returned ?? -1};
})()`

// phases is when a load reached each point, in ms from navigation start.
type phases struct {
	Wasm         string  // the wasm's URL
	Requested    float64 // the wasm's request left
	Fetched      float64 // the wasm's last byte arrived
	Instantiated float64 // compiled and instantiated
	Run          float64 // Go's run called
	Main         float64 // main started: the runtime and every package's init are done
	Returned     float64 // main waits: the first render is done
}

// downloadJS times a plain fetch of the wasm at %[1]q, to its last byte: what
// the download costs in this browser with nothing else going on.
const downloadJS = `(async () => {
  const t = performance.now();
  await (await fetch(%[1]q)).arrayBuffer();
  return performance.now() - t;
})()`

// downloadAlone times n plain fetches of the wasm at wasmURL, each in a new
// browser context on the server's /robots.txt (a page's policy: /healthz's,
// for data, allows no fetch).
func downloadAlone(browser context.Context, origin, wasmURL string, n int) (Sample, error) {
	var s Sample
	for range n {
		tab, cancel, err := freshTab(browser)
		if err != nil {
			return s, err
		}
		var ms float64
		err = chromedp.Run(tab, chromedp.Navigate(origin+"/robots.txt"), chromedp.Evaluate(fmt.Sprintf(downloadJS, wasmURL), &ms, awaitPromise))
		cancel()
		if err != nil {
			return s, fmt.Errorf("download the wasm alone: %w", err)
		}
		s = append(s, ms)
	}
	return s, nil
}

// wasmCachedJS reports whether the service worker is active and has the
// wasm in its cache.
const wasmCachedJS = `(async () => {
  if (!navigator.serviceWorker.controller) { await navigator.serviceWorker.ready; }
  for (const k of await caches.keys()) {
    const c = await caches.open(k);
    if ((await c.keys()).some(r => r.url.endsWith(".wasm"))) return true;
  }
  return false;
})()`

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// freshTab opens a tab in a new browser context: its own cache, storage and
// service workers, as a first-time visitor has.
func freshTab(browser context.Context) (context.Context, context.CancelFunc, error) {
	c := chromedp.FromContext(browser)
	exec := cdp.WithExecutor(browser, c.Browser)
	id, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		return nil, nil, fmt.Errorf("new browser context: %w", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(exec)
	if err != nil {
		return nil, nil, fmt.Errorf("new tab: %w", err)
	}
	tab, cancel := chromedp.NewContext(browser, chromedp.WithTargetID(tid))
	return tab, func() {
		cancel()
		target.DisposeBrowserContext(id).Do(exec)
	}, nil
}

// visit is what one page load of the PWA took.
type visit struct {
	interactiveMS float64 // navigation start to an interactive Connect button
	paintedMS     float64 // navigation start to the end of the frame that shows it
	phases        phases  // where that time went
	wasmNetBytes  int64   // wasm bytes that came over the network
	wasmFromSW    int64   // wasm responses the service worker answered
}

// twoVisits loads the PWA at url in a fresh browser context (empty cache, no
// service worker), waits until the service worker has cached the wasm, and
// loads it again.
func twoVisits(browser context.Context, url string) (first, second visit, err error) {
	tab, cancel, err := freshTab(browser)
	if err != nil {
		return first, second, err
	}
	defer cancel()
	var (
		mu      sync.Mutex
		cur     visit
		wasmReq = map[network.RequestID]bool{}
	)
	chromedp.ListenTarget(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventResponseReceived:
			if strings.HasSuffix(ev.Response.URL, ".wasm") {
				if ev.Response.FromServiceWorker {
					cur.wasmFromSW++
				} else {
					wasmReq[ev.RequestID] = true
				}
			}
		case *network.EventLoadingFinished:
			if wasmReq[ev.RequestID] {
				cur.wasmNetBytes += int64(ev.EncodedDataLength)
			}
		}
	})
	load := func() (visit, error) {
		var t, painted float64
		var ph phases
		err := chromedp.Run(tab,
			chromedp.Navigate(url),
			chromedp.Evaluate(`window.__interactive`, &t, awaitPromise),
			chromedp.Evaluate(`window.__painted`, &painted, awaitPromise),
			chromedp.Evaluate(phasesJS, &ph),
		)
		mu.Lock()
		defer mu.Unlock()
		v := cur
		v.interactiveMS, v.paintedMS, v.phases = t, painted, ph
		cur = visit{}
		clear(wasmReq)
		return v, err
	}
	err = chromedp.Run(tab, network.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(interactiveJS).Do(ctx)
		return err
	}))
	if err != nil {
		return first, second, fmt.Errorf("prepare tab: %w", err)
	}
	if first, err = load(); err != nil {
		return first, second, fmt.Errorf("first visit: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for cached := false; !cached; {
		if err := chromedp.Run(tab, chromedp.Evaluate(wasmCachedJS, &cached, awaitPromise)); err != nil {
			return first, second, fmt.Errorf("service worker cache: %w", err)
		}
		if !cached && time.Now().After(deadline) {
			return first, second, fmt.Errorf("the service worker did not cache the wasm within 30 s")
		}
		if !cached {
			time.Sleep(100 * time.Millisecond)
		}
	}
	mu.Lock()
	cur = visit{}
	clear(wasmReq)
	mu.Unlock()
	if second, err = load(); err != nil {
		return first, second, fmt.Errorf("second visit: %w", err)
	}
	return first, second, nil
}

// TestSecondVisitDownloadsNoWasm checks, in Chromium against bin/server,
// that the first visit gets the wasm over the network and the second gets
// it from the service worker's cache, not one byte of it from the network,
// and that the server is asked for the wasm once in all: the worker's
// install takes the page's download from the HTTP cache.
func TestSecondVisitDownloadsNoWasm(t *testing.T) {
	bin, err := filepath.Abs("../../../bin/server")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := StartServer(ctx, bin, t.TempDir())
	if err != nil {
		t.Fatalf("start bin/server (make build writes it): %v", err)
	}
	defer srv.Stop()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var wasmRequests atomic.Int64
	upstream := httputil.NewSingleHostReverseProxy(target)
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			wasmRequests.Add(1)
		}
		upstream.ServeHTTP(w, r)
	}))
	defer counting.Close()
	browser := browsertest.New(t, 2*time.Minute)
	first, second, err := twoVisits(browser, counting.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first visit %+v, second %+v", first, second)
	if n := wasmRequests.Load(); n != 1 {
		t.Errorf("the server was asked for the wasm %d times over both visits; want 1", n)
	}
	if first.wasmNetBytes == 0 {
		t.Errorf("the first visit fetched no wasm from the network: %+v", first)
	}
	if second.wasmNetBytes != 0 || second.wasmFromSW == 0 {
		t.Errorf("the second visit fetched %d wasm bytes from the network and %d wasm responses from the service worker; want 0 and at least 1",
			second.wasmNetBytes, second.wasmFromSW)
	}
}

// addColdPhases adds the cold load's breakdown: each phase's share of each
// run, which add up to the run's whole (the download is a part of the
// fetch).
func addColdPhases(tbl *Table, runs []phases, interactive Sample) {
	steps := []struct {
		name string
		dur  func(p phases, interactive float64) float64
	}{
		{"fetch (navigation to the wasm's last byte)", func(p phases, _ float64) float64 { return p.Fetched }},
		{"  of which the download (request to last byte)", func(p phases, _ float64) float64 { return p.Fetched - p.Requested }},
		{"compile (last byte to instantiated)", func(p phases, _ float64) float64 { return p.Instantiated - p.Fetched }},
		{"Go start (instantiated to main: runtime, inits)", func(p phases, _ float64) float64 { return p.Main - p.Instantiated }},
		{"first render (main to waiting)", func(p phases, _ float64) float64 { return p.Returned - p.Main }},
		{"Connect ready (first render to usable Connect)", func(p phases, i float64) float64 { return i - p.Returned }},
	}
	for _, st := range steps {
		var v Sample
		for i, p := range runs {
			v = append(v, st.dur(p, interactive[i]))
		}
		tbl.Add(Row{Metric: "  cold load: " + st.name, Unit: "ms", Values: v})
	}
}
