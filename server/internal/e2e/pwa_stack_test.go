package e2e

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/internal/site"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
	"github.com/pdconnect/pdconnect/server/pipedream"
	"github.com/pdconnect/pdconnect/web"
)

// pwaStack is the app as a browser sees it: the site of server/site (the
// PWA, the API with anonymous sessions, the security headers) and the
// sandbox behind it.
type pwaStack struct {
	URL        string // the app's origin
	SandboxURL string
	PD         *pipedream.Client
	front      *swapHandler
	srv        *httptest.Server // the app's server
	sessions   *connectsession.Anonymous
	hooks      connecthttp.Webhooks // nil: no webhooks, as against Pipedream without PUBLIC_URL
	events     connecthttp.Webhooks // the triggers' event URIs; nil with no webhooks
	agentKeys  agentkeys.Store      // the keys of /api/mcp
}

// startPWAStack starts the sandbox and the app on loopback ports; tokens
// name the app's signed webhook URIs, so the sandbox's webhooks reach it.
func startPWAStack(t *testing.T) *pwaStack {
	t.Helper()
	return startPWAStackWebhooks(t, true)
}

// startPWAStackWebhooks is startPWAStack, with or without webhooks.
func startPWAStackWebhooks(t *testing.T, webhooks bool) *pwaStack {
	t.Helper()
	sbxURL := testsupport.StartSandbox(t, testsupport.SandboxOptions{}).URL

	pd := testsupport.Client(t, sbxURL, nil)
	key := make([]byte, connectsession.KeySize)
	rand.Read(key)
	sessions, err := connectsession.New(key)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := agentkeys.OpenFile(filepath.Join(t.TempDir(), "agent-keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := &pwaStack{SandboxURL: sbxURL, PD: pd, front: &swapHandler{}, sessions: sessions, agentKeys: keys}
	s.srv = httptest.NewServer(s.front)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	if webhooks {
		signer, err := webhookuri.New(s.URL+"/api/connect/webhook", webhookuri.DeriveKey(key))
		if err != nil {
			t.Fatal(err)
		}
		standing, err := signer.Standing(s.URL + "/api/connect/trigger-events")
		if err != nil {
			t.Fatal(err)
		}
		s.hooks, s.events = signer, standing
	}
	s.front.set(s.newSite(t, sbxURL))
	return s
}

// newSite is the app's site with the hosted UI at frontendURL; a new one
// with the same sessions is a restart, or a deployment when its content
// differs.
func (s *pwaStack) newSite(t *testing.T, frontendURL string) http.Handler {
	t.Helper()
	h, err := site.New(site.Options{Connect: s.PD, APIURL: s.SandboxURL, FrontendURL: frontendURL, User: s.sessions.User, Start: s.sessions.Start, SessionRate: 1000, Webhooks: s.hooks, TriggerWebhooks: s.events, AgentKeys: s.agentKeys})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// newBuild is newSite serving another build of the app: the embedded web
// assets with the PWA's stylesheet changed, as a deployment of a new
// version would have it.
func (s *pwaStack) newBuild(t *testing.T) http.Handler {
	t.Helper()
	assets := fstest.MapFS{}
	err := fs.WalkDir(web.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.FS, p)
		if p == "static/pwa/app.css" {
			b = append(b, "\n/* the next build */\n"...)
		}
		assets[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Options{Connect: s.PD, APIURL: s.SandboxURL, FrontendURL: s.SandboxURL, User: s.sessions.User, Assets: assets, AgentKeys: s.agentKeys})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// swapHandler serves the current site; tests swap it to deploy a new
// version or restart an unchanged one.
type swapHandler struct {
	mu sync.Mutex
	h  http.Handler
}

func (s *swapHandler) set(h http.Handler) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *swapHandler) get() http.Handler { s.mu.Lock(); defer s.mu.Unlock(); return s.h }

func (s *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

// down takes the app's server down, as a stopped process: every open
// connection breaks, the event streams' too, and new ones get no answer.
// up, which it returns, brings the same site back, as a restart.
func (s *pwaStack) down() (up func()) {
	site := s.front.get()
	s.front.set(http.HandlerFunc(hangUp))
	s.srv.CloseClientConnections()
	return func() { s.front.set(site) }
}

// connectKeys connects an account of a keys app for user straight through
// the sandbox, as the hosted page does.
func (s *pwaStack) connectKeys(t *testing.T, user, app, name string, fields map[string]string) pipedream.Account {
	t.Helper()
	return testsupport.Connect(t, s.PD, s.SandboxURL, user, app, name, fields)
}

// writeJSON answers v as JSON (for test servers standing in for a
// customer's backend).
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// upstream answers a Connect API failure with its status and message.
func upstream(w http.ResponseWriter, err error) {
	status, msg := http.StatusBadGateway, err.Error()
	var ae *pipedream.APIError
	if errors.As(err, &ae) {
		status, msg = ae.StatusCode, ae.Message
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": http.StatusText(status), "message": msg}})
}

// recordPaths puts a recorder in front of the stack's app: it notes the
// path of every request, then lets rewrite (when not nil) change the
// request before the app serves it. The function it returns gives the paths
// asked for since its last call.
func recordPaths(s *pwaStack, rewrite func(*http.Request)) func() []string {
	app := s.front.get()
	var (
		mu    sync.Mutex
		paths []string
	)
	s.front.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if rewrite != nil {
			rewrite(r)
		}
		app.ServeHTTP(w, r)
	}))
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		got := paths
		paths = nil
		return got
	}
}
