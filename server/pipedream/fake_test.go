package pipedream_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

const (
	testClientID = "client_abc"
	testSecret   = "sekret_XYZ_do_not_log"
	testProject  = "proj_abc123"
)

// fakeAPI is an httptest server answering like the Connect API. Tests
// register handlers for API routes; the token endpoint is built in.
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server
	mux *http.ServeMux

	tokenHits   atomic.Int32
	tokenDelay  time.Duration
	tokenStatus func(hit int32) int // status for the nth token request; nil: 200
	expiresIn   int

	mu       sync.Mutex
	requests []recorded
}

// recorded is one API request as the server saw it.
type recorded struct {
	Method, Path string // Path is escaped
	Query        map[string][]string
	Header       http.Header
	Body         map[string]any
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, mux: http.NewServeMux(), expiresIn: 3600}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) accessToken(n int32) string { return "at_SECRET_" + strconv.Itoa(int(n)) }

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/v1/oauth/token") {
		f.serveToken(w, r)
		return
	}
	// Only the latest issued access token is accepted.
	if got, want := r.Header.Get("Authorization"), "Bearer "+f.accessToken(f.tokenHits.Load()); got != want {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid access token"})
		return
	}
	rec := recorded{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone()}
	if b, _ := io.ReadAll(r.Body); len(b) > 0 {
		if err := json.Unmarshal(b, &rec.Body); err != nil {
			f.t.Errorf("request body is not a JSON object: %q", b)
		}
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()
	f.mux.ServeHTTP(w, r)
}

func (f *fakeAPI) serveToken(w http.ResponseWriter, r *http.Request) {
	n := f.tokenHits.Add(1)
	if f.tokenDelay > 0 {
		time.Sleep(f.tokenDelay)
	}
	if r.Method != http.MethodPost {
		f.t.Errorf("token endpoint: method %s", r.Method)
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("token endpoint: %v", err)
	}
	if s := f.tokenStatus; s != nil && s(n) != http.StatusOK {
		writeJSON(w, s(n), map[string]any{"error": "server_error", "error_description": "try later"})
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client", "error_description": "Invalid client credentials"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": f.accessToken(n), "token_type": "Bearer", "expires_in": f.expiresIn,
	})
}

// handle registers an API route ("GET /v1/connect/apps").
func (f *fakeAPI) handle(pattern string, h http.HandlerFunc) { f.mux.HandleFunc(pattern, h) }

// reply registers a route that always answers status with body.
func (f *fakeAPI) reply(pattern string, status int, body any) {
	f.handle(pattern, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, body) })
}

func (f *fakeAPI) recorded() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

// only returns the single recorded API request, failing otherwise.
func (f *fakeAPI) only() recorded {
	f.t.Helper()
	reqs := f.recorded()
	if len(reqs) != 1 {
		f.t.Fatalf("got %d API requests, want 1: %+v", len(reqs), reqs)
	}
	return reqs[0]
}

// client returns a Client for f with tiny retry delays; edit adjusts the
// config.
func (f *fakeAPI) client(edit ...func(*pipedream.Config)) *pipedream.Client {
	f.t.Helper()
	cfg := pipedream.Config{
		ClientID:      testClientID,
		ClientSecret:  testSecret,
		ProjectID:     testProject,
		Environment:   pipedream.Development,
		BaseURL:       f.srv.URL,
		Timeout:       5 * time.Second,
		MinRetryDelay: time.Millisecond,
		MaxRetryDelay: 3 * time.Second,
		Logger:        slog.New(slog.DiscardHandler),
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := pipedream.New(cfg)
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Sample resources in the service's shapes.
var (
	slackApp = map[string]any{
		"id": "app_OkrhR1", "name_slug": "slack", "name": "Slack", "auth_type": "oauth",
		"description": "Messaging", "img_src": "https://assets.pipedream.net/s.v0/app_OkrhR1/logo/orig",
		"custom_fields_json": "[]", "categories": []string{"Communication"}, "featured_weight": 5000,
		"scope_profiles": []map[string]any{{"name": "read_only", "scopes": []string{"channels:read"}}},
	}
)

func account(id string) map[string]any {
	return map[string]any{
		"id": id, "name": "me@example.com", "external_id": "user-1", "healthy": true, "dead": false,
		"app": slackApp, "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:06Z",
	}
}
