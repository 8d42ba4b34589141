package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
)

// runs is how many times each timed figure is measured.
const runs = 5

// Each server run alternates its two sides (via the app, straight to the
// sandbox) for turns slices of sliceTime each.
const (
	turns     = 5
	sliceTime = 300 * time.Millisecond
)

// clickRuns is how many clicks each client's click-to-iframe figure takes.
const clickRuns = 21

// BenchmarkTable measures the product end to end and prints one table. Run
// it once: go test -run '^$' -bench Table -benchtime 1x ./server/internal/bench
// (make bench does, after building bin/server and web/dist).
func BenchmarkTable(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	tbl := &Table{Title: "make bench (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback, median of runs)"}
	// The rows measured so far print even when a later part stops the run.
	defer tbl.Print(os.Stdout)

	benchSizes(b, ctx, tbl, root)

	// The server rows open thousands of sessions from one address.
	// The streams row stands for many clients behind a trusted proxy.
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir(), "SESSION_RATE_PER_MINUTE=1000000", "TRUSTED_PROXIES=127.0.0.1")
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()

	benchBrowser(b, tbl, root, srv)
	benchServer(b, ctx, tbl, srv)
	benchLoad(b, ctx, tbl, srv)
	benchStreams(b, ctx, tbl, srv)
	benchHeavyLister(b, ctx, tbl, srv)
	benchAbuse(b, ctx, tbl, root)
	benchProxy(b, ctx, tbl)
	benchActions(b, ctx, tbl)
	benchEvents(b, ctx, tbl)
	benchTriggers(b, ctx, tbl)
	benchMCP(b, ctx, tbl, root)

	if peak, err := srv.PeakRSS(); err != nil {
		b.Error(err)
	} else {
		tbl.Add(Row{Metric: "server peak memory (VmHWM, whole run)", Unit: "MiB", Values: Sample{float64(peak) / (1 << 20)}})
	}
}

// BenchmarkServerOverhead prints the table's server rows alone (minting
// via the app, straight, through a bare proxy): go test -run '^$' -bench
// ServerOverhead -benchtime 1x ./server/internal/bench, after make build.
func BenchmarkServerOverhead(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tbl := &Table{Title: "server overhead (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback, median of runs)"}
	defer tbl.Print(os.Stdout)
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir(), "SESSION_RATE_PER_MINUTE=1000000")
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()
	benchServer(b, ctx, tbl, srv)
}

func benchSizes(b *testing.B, ctx context.Context, tbl *Table, root string) {
	add := func(name string, s Sizes) {
		for _, v := range []struct {
			kind string
			n    int
		}{{"raw", s.Raw}, {"gzip -9", s.Gzip}, {"brotli 11", s.Brotli}} {
			tbl.Add(Row{Metric: name + " " + v.kind, Unit: "KiB", Values: Sample{float64(v.n) / 1024}})
		}
	}
	for _, bundle := range []string{"app.wasm", "widget.wasm"} {
		s, err := BuiltSizes(filepath.Join(root, "web", "dist", bundle))
		if err != nil {
			b.Error(err)
			continue
		}
		add(bundle, s)
	}
	if raw, br, err := FormCost(ctx, root); err != nil {
		b.Error(err)
	} else {
		const metric = "connectui's component form added to a go-app wasm, "
		tbl.Add(Row{Metric: metric + "raw", Unit: "KiB", Values: Sample{float64(raw) / 1024}})
		for i := range br {
			br[i] /= 1024
		}
		tbl.Add(Row{Metric: metric + "brotli 11", Unit: "KiB", Values: br, Target: "<= 64",
			Note: "one per build ID and layout: brotli 11 moves by a few KiB with either alone"})
	}
	official, err := BuildOfficial(ctx, filepath.Join(root, "server", "internal", "bench", "testdata", "official"))
	if err != nil {
		b.Error(err)
		return
	}
	raw, err := os.ReadFile(official)
	if err != nil {
		b.Error(err)
		return
	}
	s, err := Measure(raw)
	if err != nil {
		b.Error(err)
		return
	}
	add("official @pipedream/sdk 3.1.6 browser bundle (esbuild, minified)", s)
}

func benchBrowser(b *testing.B, tbl *Table, root string, srv *Server) {
	browser := browsertest.NewWith(b, 8*time.Minute, chromedp.Flag("ignore-certificate-errors", true))
	benchPWA(b, tbl, srv, browser, runs)
	benchWidget(b, tbl, root, srv, browser)
	benchUsable(b, tbl, root, srv, browser)
	benchForm(b, context.Background(), tbl, root, browser)
}

// BenchmarkPWA prints the PWA's rows alone (cold and warm load, the cold
// load's breakdown, the early click), over pwaRuns visits each:
// go test -run '^$' -bench PWA -benchtime 1x ./server/internal/bench (after
// make build).
func BenchmarkPWA(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Every visit is a new session from one address.
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir(), "SESSION_RATE_PER_MINUTE=1000000")
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()
	tbl := &Table{Title: "PWA load (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback, median of runs)"}
	defer tbl.Print(os.Stdout)
	browser := browsertest.NewWith(b, 9*time.Minute)
	benchPWA(b, tbl, srv, browser, pwaRuns)
}

// pwaRuns is how many visits each of BenchmarkPWA's rows takes: more than
// the table's, as the PWA's rows are the noisiest.
const pwaRuns = 11

// benchPWA measures n cold and warm loads of the PWA and n early clicks.
func benchPWA(b *testing.B, tbl *Table, srv *Server, browser context.Context, n int) {
	var cold, coldPainted, warm, warmBytes, warmFromSW Sample
	var coldPhases []phases
	for i := range n {
		first, second, err := twoVisits(browser, srv.URL+"/")
		if err != nil {
			b.Errorf("PWA visits, run %d: %v", i, err)
			return
		}
		cold = append(cold, first.interactiveMS)
		coldPainted = append(coldPainted, first.paintedMS)
		coldPhases = append(coldPhases, first.phases)
		warm = append(warm, second.interactiveMS)
		warmBytes = append(warmBytes, float64(second.wasmNetBytes))
		warmFromSW = append(warmFromSW, float64(second.wasmFromSW))
		if second.wasmNetBytes > 0 {
			b.Errorf("PWA warm load %d fetched %d wasm bytes from the network", i, second.wasmNetBytes)
		}
	}
	tbl.Add(Row{Metric: "PWA cold load to interactive Connect", Unit: "ms", Values: cold, Target: "<= 500"})
	addColdPhases(tbl, coldPhases, cold)
	if dl, err := downloadAlone(browser, srv.URL, coldPhases[0].Wasm, n); err != nil {
		b.Error(err)
	} else {
		tbl.Add(Row{Metric: "  app.wasm downloaded alone (a plain fetch, new context)", Unit: "ms", Values: dl, Note: "the download's floor in this browser"})
	}
	tbl.Add(Row{Metric: "PWA cold load to interactive Connect, painted", Unit: "ms", Values: coldPainted, Note: "to the end of the frame that shows it"})
	tbl.Add(Row{Metric: "PWA warm load to interactive Connect", Unit: "ms", Values: warm})
	tbl.Add(Row{Metric: "PWA warm load: wasm bytes from network", Unit: "B", Values: warmBytes, Target: "0"})
	tbl.Add(Row{Metric: "PWA warm load: wasm answered by service worker", Unit: "resp", Values: warmFromSW})

	var clickToFlow, navToFlow Sample
	early := 0
	for i := range n {
		c, err := clickEarly(browser, srv.URL+"/")
		if err != nil {
			b.Errorf("PWA early click, run %d: %v", i, err)
			return
		}
		clickToFlow, navToFlow = append(clickToFlow, c.ShownAt-c.ClickAt), append(navToFlow, c.ShownAt)
		if !c.Running {
			early++
		}
	}
	note := fmt.Sprintf("clicked on the prerendered page before the wasm ran in %d of %d runs", early, n)
	tbl.Add(Row{Metric: "PWA early click: click to the flow shown", Unit: "ms", Values: clickToFlow, Note: note})
	tbl.Add(Row{Metric: "PWA early click: navigation to the flow shown", Unit: "ms", Values: navToFlow})
}

// benchPage is the third-party page the widget and the official client are
// measured on; it is served from its own origin.
const benchPage = `<!doctype html><meta charset="utf-8"><title>bench</title>
<button id="go">Connect (Go)</button> <button id="official">Connect (official)</button>
<script>
window.widgetReady = new Promise((resolve, reject) => {
  const s = document.createElement("script");
  s.src = %[1]q + "/widget.js";
  s.onload = () => PipedreamConnect.ready.then(() => resolve(performance.now()), reject);
  s.onerror = () => reject(new Error("widget.js failed to load"));
  document.head.appendChild(s);
});
// armClick ends the last flows as a person does (the Go client runs one
// flow at a time): the Go client's by its Close button, which puts the
// client's next spare iframe in the page, blank and hidden, in a task after;
// the official client's, which has no Close outside the hosted page, by
// removing its iframe. It lets those tasks run, then times the next click
// on button which: from the click to the hosted page's iframe in the
// document and shown (its src on the hosted UI, not aria-hidden, not
// display:none), whether the client added that iframe or showed one it had.
window.armClick = async (which, client, token) => {
  client = await client;
  const close = document.querySelector("button[aria-label=Close]");
  if (close) close.click();
  document.querySelectorAll("iframe[src]").forEach(f => f.remove());
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));
  const hosted = "https://" + %[2]q + "/";
  const shown = () => [...document.querySelectorAll("iframe[src]")].some(f =>
    f.src.startsWith(hosted) && !f.hasAttribute("aria-hidden") && f.style.display !== "none");
  window.clickResult = new Promise(resolve => {
    document.getElementById(which).onclick = () => {
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (shown()) { obs.disconnect(); resolve(performance.now() - t0); }
      });
      obs.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["src", "style", "aria-hidden"]});
      client.connectAccount({app: "slack", token: token, onError: e => console.error(e)});
    };
  });
};
</script>
<script type="module">
window.officialClient = import("/official.js").then(
  m => m.createFrontendClient({frontendHost: %[2]q, externalUserId: "bench-user"}));
</script>`

// benchPageServer serves a bench page: html at /, the official client's
// bundle at /official.js, and the other paths from more (404 when nil).
func benchPageServer(root, html string, more http.HandlerFunc) *httptest.Server {
	official := filepath.Join(root, "server", "internal", "bench", "testdata", "official", "dist", "official.js")
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, html)
		case r.URL.Path == "/official.js":
			w.Header().Set("Content-Type", "text/javascript")
			http.ServeFile(w, r, official)
		case more != nil:
			more(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
}

func benchWidget(b *testing.B, tbl *Table, root string, srv *Server, browser context.Context) {
	target, _ := url.Parse(srv.SandboxURL)
	tlsSandbox := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer tlsSandbox.Close()
	frontendHost := strings.TrimPrefix(tlsSandbox.URL, "https://")
	pageSrv := benchPageServer(root, fmt.Sprintf(benchPage, srv.URL, frontendHost), nil)
	defer pageSrv.Close()

	c := Client()
	ctx := context.Background()
	access, err := testsupport.AccessToken(ctx, c, srv.SandboxURL)
	if err != nil {
		b.Error(err)
		return
	}
	var ready Sample
	var tab context.Context
	for i := range runs {
		t, cancel, err := freshTab(browser)
		if err != nil {
			b.Error(err)
			return
		}
		defer cancel()
		var v float64
		if err := chromedp.Run(t, chromedp.Navigate(pageSrv.URL+"/"),
			chromedp.Evaluate(`window.widgetReady`, &v, awaitPromise)); err != nil {
			b.Errorf("widget ready %d: %v", i, err)
			return
		}
		ready = append(ready, v)
		tab = t
	}
	tbl.Add(Row{Metric: "widget ready (cold, from navigation)", Unit: "ms", Values: ready})

	if err := chromedp.Run(tab, chromedp.Evaluate(fmt.Sprintf(
		`window.goClient = PipedreamConnect.createFrontendClient({frontendURL: %q, externalUserId: "bench-user"}); true`,
		tlsSandbox.URL), nil)); err != nil {
		b.Errorf("create the Go client: %v", err)
		return
	}
	clients := []struct{ button, client, label, target string }{
		{"go", "goClient", "click to iframe, Go widget (prefetched token)", "<= 16, < official"},
		{"official", "officialClient", "click to iframe, official SDK (prefetched token)", ""},
	}
	samples := make([]Sample, len(clients))
	// A click's cost is mostly the browser making the iframe, which varies a
	// lot from one click to the next: take many, and let the clients take
	// turns so that both meet the same browser (background compiles, spare
	// renderers, garbage collections). The first round warms up.
	for i := range clickRuns + 1 {
		for k, cl := range clients {
			_, token, err := MintDirect(ctx, c, srv.SandboxURL, access, "bench-user", pageSrv.URL)
			if err != nil || token == "" {
				b.Errorf("mint a token: %v", err)
				return
			}
			var ms float64
			err = chromedp.Run(tab,
				chromedp.Evaluate(fmt.Sprintf(`armClick(%q, window.%s, %q).then(() => true)`, cl.button, cl.client, token), nil, awaitPromise),
				chromedp.Click("#"+cl.button, chromedp.ByQuery),
				chromedp.Evaluate(`window.clickResult`, &ms, awaitPromise),
			)
			if err != nil {
				b.Errorf("%s: %v", cl.label, err)
				return
			}
			if i > 0 {
				samples[k] = append(samples[k], ms)
			}
		}
	}
	for k, cl := range clients {
		tbl.Add(Row{Metric: cl.label, Unit: "ms", Values: samples[k], Target: cl.target})
	}
}

// A side of the server rows: one way to mint a token, and the CPU time of
// the processes that serve it.
type mintSide struct {
	do  Do
	cpu func() (time.Duration, error)
}

// sideResult is what a side measured over one run's turns.
type sideResult struct {
	LoadResult
	cpu  time.Duration // the serving processes'
	load time.Duration // the load generator's (this process)
}

// measure runs the side for d at concurrency conc and adds the answers and
// the CPU time its processes and the load generator used to r.
func (s mintSide) measure(ctx context.Context, conc int, d time.Duration, r *sideResult) error {
	c0, err := s.cpu()
	if err != nil {
		return err
	}
	l0, err := processCPU(os.Getpid())
	if err != nil {
		return err
	}
	r.Add(Load(ctx, conc, 0, d, s.do))
	c1, err := s.cpu()
	r.cpu += c1 - c0
	if err != nil {
		return err
	}
	l1, err := processCPU(os.Getpid())
	r.load += l1 - l0
	return err
}

// perMint is a CPU time per token minted, in microseconds.
func (r sideResult) perMint(cpu time.Duration) float64 {
	return float64(cpu.Microseconds()) / float64(max(len(r.Latencies), 1))
}

// benchServer mints tokens in turns through the app (session cookie, the
// app's checks, its Connect client's hop to the sandbox) and straight to
// the sandbox, sending the token request the app sends (with a
// webhook_uri), so that the sandbox's work is the same; app - straight is
// the server's overhead. Its floor is measured alike on a sandbox of its
// own, minting through a bare reverse proxy sharing the sandbox's process
// (as the app shares bin/server's) and straight: proxy - straight is what
// one more HTTP hop costs on this machine, and the overhead beyond it is
// the app's own. It also reports the CPU time per token of the process
// serving each way, steadier than latency on a busy machine, and the load
// generator's: on two cores shared by all, a closed loop's latency at c=64
// is about 32 times the CPU time per token of everything on the machine,
// so app - straight is about 32 times what the app's process spends more
// per token, plus whatever the load generator spends more.
// directUsers is how many users the straight sides mint for, in turns: at
// ~11,000 tokens a second (c=64 on an idle machine) each gets ~40 a minute,
// within its limit of 100, and the sandbox's limiter remembers them all
// (ratelimit.DefaultMaxKeys is 100,000: a new user per token filled it on an
// idle machine, and the sandbox then refused every new user with a 429;
// now it would forget one user per token, which the straight side should
// not measure either).
const directUsers = 16384

func benchServer(b *testing.B, ctx context.Context, tbl *Table, srv *Server) {
	c := Client()
	access, err := testsupport.AccessToken(ctx, c, srv.SandboxURL)
	if err != nil {
		b.Error(err)
		return
	}
	// Enough users that their limit (TOKEN_RATE_PER_MINUTE, 100 each, in the
	// app and in the sandbox) does not answer: these rows measure minting.
	// The straight sides take turns through directUsers users of their own.
	// benchLoad shows the limiter at work.
	sessions, err := openSessions(ctx, c.Transport, srv.URL, 4096)
	if err != nil {
		b.Error(err)
		return
	}
	floor, err := StartFloor(b.TempDir())
	if err != nil {
		b.Error(err)
		return
	}
	defer floor.Stop()
	floorAccess, err := testsupport.AccessToken(ctx, c, floor.SandboxURL)
	if err != nil {
		b.Error(err)
		return
	}
	// The webhook_uri is signed as the app signs it, under a key of the
	// bench's own.
	hooks, err := webhookuri.New(srv.URL+"/api/connect/webhook", make([]byte, webhookuri.KeySize))
	if err != nil {
		b.Error(err)
		return
	}
	// The load generator shares the machine's two cores, so its own work
	// per token must be the same both ways, or app - straight would count
	// it: the straight requests' bodies are made beforehand (the webhook
	// URI's MAC is the app's work), and the sessions' Cookie headers are
	// sent as they are, without a cookie jar's work for each request.
	bodies := make([][]byte, directUsers)
	for i := range bodies {
		user := fmt.Sprintf("bench-direct-%d", i)
		bodies[i] = AppTokenBody(user, srv.URL, hooks.URI(user, time.Now()))
	}
	cookies := make([]string, len(sessions))
	for i, s := range sessions {
		cookies[i] = s.Cookie()
	}
	var users, next atomic.Int64
	asApp := func(base, access string) Do {
		return func(ctx context.Context, w int) (int, error) {
			st, _, err := MintDirectBody(ctx, c, base, access, bodies[users.Add(1)%directUsers])
			return st, err
		}
	}
	sides := []mintSide{
		{do: func(ctx context.Context, w int) (int, error) {
			st, _, err := MintWithCookie(ctx, c, srv.URL, cookies[next.Add(1)%int64(len(cookies))])
			return st, err
		}, cpu: srv.CPU},
		{do: asApp(srv.SandboxURL, access), cpu: srv.CPU},
		{do: asApp(floor.ProxyURL, floorAccess), cpu: floor.CPU},
		{do: asApp(floor.SandboxURL, floorAccess), cpu: floor.CPU},
	}
	for _, conc := range []int{1, 16, 64} {
		var appRPS, appP50, appP99, dirRPS, dirP50, dirP99, proxyP50, floorDirP50, overhead, floorOver, beyond Sample
		cpu, load := make([]Sample, len(sides)), make([]Sample, len(sides))
		var hopCPU, ownCPU Sample
		limited := 0
		for range runs {
			// The sides take turns in short slices, so that drift (the
			// sandbox's database grows, the machine's load moves) weighs on
			// all alike and their difference is the app's own.
			res := make([]sideResult, len(sides))
			for range turns {
				for i, s := range sides {
					if err := s.measure(ctx, conc, sliceTime, &res[i]); err != nil {
						b.Error(err)
						return
					}
				}
			}
			for i, r := range res {
				if r.ErrCount > 0 || len(r.Latencies) == 0 {
					b.Errorf("c=%d: %d transport errors %v, statuses %v", conc, r.ErrCount, r.Errors, r.Status)
				}
				cpu[i] = append(cpu[i], r.perMint(r.cpu))
				load[i] = append(load[i], r.perMint(r.load))
			}
			n := len(cpu[0]) - 1
			hopCPU = append(hopCPU, cpu[0][n]-cpu[1][n])
			ownCPU = append(ownCPU, (cpu[0][n]-cpu[1][n])-(cpu[2][n]-cpu[3][n]))
			a, d := res[0], res[1]
			limited += a.Status[http.StatusTooManyRequests]
			p50 := func(r sideResult) float64 { return Millis(Percentile(r.Latencies, 50)) }
			a50, d50, fp50, fd50 := p50(a), p50(d), p50(res[2]), p50(res[3])
			appRPS, appP50, appP99 = append(appRPS, a.OKPerSecond()), append(appP50, a50), append(appP99, Millis(Percentile(a.Latencies, 99)))
			dirRPS, dirP50, dirP99 = append(dirRPS, d.OKPerSecond()), append(dirP50, d50), append(dirP99, Millis(Percentile(d.Latencies, 99)))
			proxyP50, floorDirP50 = append(proxyP50, fp50), append(floorDirP50, fd50)
			overhead, floorOver, beyond = append(overhead, a50-d50), append(floorOver, fp50-fd50), append(beyond, (a50-d50)-(fp50-fd50))
		}
		note := ""
		if limited > 0 {
			note = fmt.Sprintf("%d answers were 429 (rate limiter)", limited)
		}
		tbl.Add(Row{Metric: fmt.Sprintf("mint via app server, c=%d", conc), Unit: "req/s", Values: appRPS, Note: note})
		tbl.Add(Row{Metric: fmt.Sprintf("mint straight to sandbox, c=%d", conc), Unit: "req/s", Values: dirRPS})
		tbl.Add(Row{Metric: fmt.Sprintf("mint via app p50, c=%d", conc), Unit: "ms", Values: appP50})
		tbl.Add(Row{Metric: fmt.Sprintf("mint straight p50, c=%d", conc), Unit: "ms", Values: dirP50})
		tbl.Add(Row{Metric: fmt.Sprintf("mint via app p99, c=%d", conc), Unit: "ms", Values: appP99})
		tbl.Add(Row{Metric: fmt.Sprintf("mint straight p99, c=%d", conc), Unit: "ms", Values: dirP99})
		target := ""
		switch conc {
		case 1:
			target = "<= 0.3"
		case 64:
			target = "<= 1"
		}
		tbl.Add(Row{Metric: fmt.Sprintf("server overhead p50 (app - straight), c=%d", conc), Unit: "ms", Values: overhead, Target: target})
		tbl.Add(Row{Metric: fmt.Sprintf("  floor: mint via bare proxy / straight p50, c=%d", conc), Unit: "ms",
			Values: proxyP50, Note: fmt.Sprintf("straight %s ms (floor's own sandbox)", format(floorDirP50.Median()))})
		tbl.Add(Row{Metric: fmt.Sprintf("  floor: a bare proxy's overhead p50 (proxy - straight), c=%d", conc), Unit: "ms", Values: floorOver})
		own := Row{Metric: fmt.Sprintf("  the app's own: overhead - floor, c=%d", conc), Unit: "ms", Values: beyond}
		if conc == 64 {
			// Any server between the browser and Pipedream pays the floor's
			// HTTP hop; what the app adds beyond it is what it can cut.
			own.Target, own.Note = "<= 0.5", "what is ours: the overhead beyond one HTTP hop"
		}
		tbl.Add(own)
		tbl.Add(Row{Metric: fmt.Sprintf("CPU per token: app + sandbox / straight, c=%d", conc), Unit: "µs", Values: cpu[0],
			Note: fmt.Sprintf("straight %s µs", format(cpu[1].Median()))})
		tbl.Add(Row{Metric: fmt.Sprintf("CPU per token: bare proxy + sandbox / straight, c=%d", conc), Unit: "µs", Values: cpu[2],
			Note: fmt.Sprintf("straight %s µs", format(cpu[3].Median()))})
		hopNote := ""
		if conc > runtime.NumCPU() {
			// A closed loop past the cores: every token waits for the others'.
			hopNote = fmt.Sprintf("on an idle machine, x %d / %d cores ~ the overhead p50: the CPU is the queue", conc, runtime.NumCPU())
		}
		tbl.Add(Row{Metric: fmt.Sprintf("  the app's CPU per token (app + sandbox - straight), c=%d", conc), Unit: "µs", Values: hopCPU, Note: hopNote})
		tbl.Add(Row{Metric: fmt.Sprintf("  the app's own CPU per token, beyond a bare proxy's, c=%d", conc), Unit: "µs", Values: ownCPU})
		// On two cores shared with the load generator, latency follows every
		// process's CPU: what it spends more per token via the app than
		// straight is in app - straight too, but is not the server's.
		tbl.Add(Row{Metric: fmt.Sprintf("  load generator's CPU per token: via app / straight, c=%d", conc), Unit: "µs", Values: load[0],
			Note: fmt.Sprintf("straight %s µs", format(load[1].Median()))})
	}
}

// benchLoad holds concurrency 64 of token minting for 30 s through the app
// and fails on anything but 200s and the rate limiter's 429s.
func benchLoad(b *testing.B, ctx context.Context, tbl *Table, srv *Server) {
	c := Client()
	sessions, err := openSessions(ctx, c.Transport, srv.URL, 1024)
	if err != nil {
		b.Error(err)
		return
	}
	var next atomic.Int64
	res := Load(ctx, 64, 0, 30*time.Second, func(ctx context.Context, w int) (int, error) {
		st, _, err := sessions[next.Add(1)%int64(len(sessions))].Mint(ctx)
		return st, err
	})
	other := 0
	for st, n := range res.Status {
		if st != http.StatusOK && st != http.StatusTooManyRequests {
			other += n
		}
	}
	if res.ErrCount > 0 || other > 0 {
		b.Errorf("load test: %d transport errors (%v), statuses %v", res.ErrCount, res.Errors, res.Status)
	}
	tbl.Add(Row{
		Metric: "load: c=64 for 30 s via app, 1024 sessions",
		Unit:   "req/s",
		Values: Sample{res.OKPerSecond()},
		Note: fmt.Sprintf("%d requests: %d ok, %d 429, %d other, %d transport errors",
			res.Requests, res.Status[http.StatusOK], res.Status[http.StatusTooManyRequests], other, res.ErrCount),
	})
}

func openSessions(ctx context.Context, rt http.RoundTripper, appURL string, n int) ([]*Session, error) {
	sessions := make([]*Session, n)
	for i := range sessions {
		s, err := NewSession(ctx, rt, appURL)
		if err != nil {
			return nil, err
		}
		sessions[i] = s
	}
	return sessions, nil
}
