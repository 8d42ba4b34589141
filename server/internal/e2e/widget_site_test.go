package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// widgetSite is "the customer's site": a page on an origin of its own
// (localhost, while the app and the sandbox are on 127.0.0.1, so another
// site too) that embeds the app's /widget.js under a strict
// Content-Security-Policy and mints Connect tokens for its one user.
type widgetSite struct {
	URL       string        // the site's origin, http://localhost:port
	User      string        // the external_user_id its tokens are for
	VendorRan chan struct{} // closed once /vendor.js has run
}

// widgetStartSite serves the customer's site for stack s. Its pages:
// / (the JavaScript API only), /element (with a <pipedream-connect
// app="slack"> element) and /vendor (/vendor.js, a bundle with its own
// process shim, runs after widget.js; it then fetches /vendor-ran, which
// closes site.VendorRan); /site.js records the widget's callbacks and
// events in window.widgetEvents; POST /token mints a token for User with
// allowed_origins = the site's origin.
func widgetStartSite(t *testing.T, s *pwaStack) *widgetSite {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	b := make([]byte, 6)
	rand.Read(b)
	site := &widgetSite{
		URL:       fmt.Sprintf("http://localhost:%d", srv.Listener.Addr().(*net.TCPAddr).Port),
		User:      "customer-" + hex.EncodeToString(b),
		VendorRan: make(chan struct{}),
	}
	csp := strings.Join([]string{
		"default-src 'none'",
		"script-src 'self' " + s.URL + " 'wasm-unsafe-eval'",
		"connect-src 'self' " + s.URL,
		"frame-src " + s.SandboxURL,
		"style-src 'self'",
	}, "; ")
	page := func(head, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", csp)
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer site</title>
<script src="%s/widget.js"></script><script src="/site.js"></script>%s</head>
<body><main><h1>Customer site</h1>%s</main></body></html>`, s.URL, head, body)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", page("", ""))
	mux.HandleFunc("GET /element", page("", fmt.Sprintf(
		`<pipedream-connect app="slack" token-url="/token" frontend-url="%s"></pipedream-connect>`, s.SandboxURL)))
	mux.HandleFunc("GET /vendor", page(`<script src="/vendor.js"></script>`, ""))
	mux.HandleFunc("GET /vendor.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `globalThis.process = globalThis.process || {env: {NODE_ENV: "production"}, vendor: true};
fetch("/vendor-ran");`)
	})
	var ranOnce sync.Once
	mux.HandleFunc("GET /vendor-ran", func(w http.ResponseWriter, r *http.Request) {
		ranOnce.Do(func() { close(site.VendorRan) })
	})
	mux.HandleFunc("GET /site.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprintf(w, widgetSiteJS, jsString(s.SandboxURL), jsString(site.User))
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		tok, err := s.PD.CreateToken(r.Context(), pipedream.TokenRequest{ExternalUserID: site.User, AllowedOrigins: []string{site.URL}})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(tok)
	})
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	return site
}

// widgetSiteJS is the site's script; %s are the hosted UI's URL and the
// user. widgetConnect(app, token) starts a flow with the JavaScript API,
// with the token option when given, and resolves once the iframe is on the
// page.
const widgetSiteJS = `"use strict";
window.widgetEvents = [];
const widgetRecord = (type) => (v) => widgetEvents.push({type, payload: v instanceof Error ? {name: v.name, code: v.code, message: v.message} : v});
let widgetClient;
window.widgetConnect = async (app, token) => {
  await PipedreamConnect.ready;
  widgetClient = widgetClient || PipedreamConnect.createFrontendClient({
    frontendURL: %s,
    externalUserId: %s,
    tokenCallback: async () => (await fetch("/token", {method: "POST"})).json(),
  });
  return widgetClient.connectAccount({app, token, onSuccess: widgetRecord("success"), onError: widgetRecord("error"), onClose: widgetRecord("close")});
};
for (const type of ["success", "error", "close"]) {
  document.addEventListener("pipedream-connect:" + type, (e) => widgetRecord("element-" + type)(e.detail));
}
`

// widgetEvent is one recorded callback or element event.
type widgetEvent struct {
	Type    string
	Payload struct {
		ID         string
		Name       string
		Code       string
		Message    string
		Successful *bool
		Completed  *bool
	}
}

// widgetOpen opens path of the site in a fresh browser and waits for
// PipedreamConnect.ready.
func widgetOpen(t *testing.T, site *widgetSite, path string, setup ...chromedp.Action) context.Context {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, append(setup, chromedp.Navigate(site.URL+path))...)
	var ready string
	run(t, ctx, chromedp.Evaluate(`Promise.race([
		PipedreamConnect.ready.then(() => "ready", String),
		new Promise((resolve) => setTimeout(resolve, 30000, "not ready within 30 s")),
	])`, &ready, awaitPromise))
	if ready != "ready" {
		t.Fatalf("PipedreamConnect.ready on %s%s: %s", site.URL, path, ready)
	}
	return ctx
}

// widgetWaitEvents waits until n events are recorded and returns them.
func widgetWaitEvents(t *testing.T, ctx context.Context, n int) []widgetEvent {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf("widgetEvents.length >= %d", n), fmt.Sprintf("%d widget events", n))
	var raw string
	run(t, ctx, chromedp.Evaluate(`JSON.stringify(widgetEvents)`, &raw))
	var evs []widgetEvent
	if err := json.Unmarshal([]byte(raw), &evs); err != nil {
		t.Fatal(err)
	}
	return evs
}

// widgetCheckClose fails unless ev is a close event (typ) with the status.
func widgetCheckClose(t *testing.T, ev widgetEvent, typ string, successful, completed bool) {
	t.Helper()
	p := ev.Payload
	if ev.Type != typ || p.Successful == nil || p.Completed == nil || *p.Successful != successful || *p.Completed != completed {
		got, _ := json.Marshal(ev)
		t.Errorf("event %s, want %s {successful: %v, completed: %v}", got, typ, successful, completed)
	}
}

// widgetIframeJS finds the open Connect iframe (not a preloaded one, out
// of sight).
const widgetIframeJS = `document.querySelector('iframe[title="Pipedream Connect"]:not([aria-hidden])')`

// widgetWaitIframeGone waits until no Connect iframe is on the page.
func widgetWaitIframeGone(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "!"+widgetIframeJS, "the Connect iframe to go")
}

// widgetFinish ends a flow whose outcome the hosted page shows: the user
// presses its Close button. It returns the n events recorded by then.
func widgetFinish(t *testing.T, ctx context.Context, h *hostedPage, n int) []widgetEvent {
	t.Helper()
	h.press("Close")
	return widgetWaitEvents(t, ctx, n)
}
