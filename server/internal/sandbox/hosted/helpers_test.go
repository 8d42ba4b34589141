package hosted

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// t0 is the tests' clock.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// hooks records the webhooks a flow queues.
type hooks struct {
	mu     sync.Mutex
	events []pipedream.WebhookEvent
}

func (h *hooks) Send(_ string, ev pipedream.WebhookEvent, _ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events = append(h.events, ev)
}

func (h *hooks) list() []pipedream.WebhookEvent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]pipedream.WebhookEvent(nil), h.events...)
}

// env is the hosted page behind a test server, with its store.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	store *store.Memory
	hooks *hooks
	now   time.Time
}

// newEnv serves the hosted page (and the app logos' path, as a 404).
func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, store: store.NewMemory(), hooks: &hooks{}, now: t0}
	e.srv = httptest.NewUnstartedServer(nil)
	mux := http.NewServeMux()
	cat := catalog.New("http://" + e.srv.Listener.Addr().String())
	mux.HandleFunc("GET /img/{file}", func(w http.ResponseWriter, r *http.Request) {
		if a, ok := cat.Lookup(strings.TrimSuffix(r.PathValue("file"), ".svg")); ok {
			w.Header().Set("Content-Type", "image/svg+xml")
			_, _ = w.Write(a.Logo())
		}
	})
	New(Options{
		Store:   e.store,
		Catalog: cat,
		Hooks:   e.hooks,
		Project: validate.Project{ID: "proj_test", Name: "Acme Test App", SupportEmail: "help@acme.test"},
		Now:     func() time.Time { return e.now },
	}).Register(mux)
	e.srv.Config.Handler = mux
	e.srv.Start()
	t.Cleanup(e.srv.Close)
	return e
}

// token stores a live token for user-1 allowing origins; mod may change it.
func (e *env) token(mod func(*store.Token), origins ...string) string {
	e.t.Helper()
	tok := store.Token{
		TokenRequest: pipedream.TokenRequest{ExternalUserID: "user-1", AllowedOrigins: origins, WebhookURI: "http://hooks.test/pd"},
		Token:        "ctok_" + strings.ReplaceAll(e.t.Name(), "/", "_") + time.Now().Format("150405.000000000"),
		ProjectID:    "proj_test",
		Environment:  "development",
		CreatedAt:    e.now,
		ExpiresAt:    e.now.Add(4 * time.Hour),
	}
	if mod != nil {
		mod(&tok)
	}
	if err := e.store.PutToken(context.Background(), tok); err != nil {
		e.t.Fatal(err)
	}
	return tok.Token
}

// page is a finished request.
type page struct {
	status int
	header http.Header
	body   string
}

// client follows no redirects.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches the hosted page with query q.
func (e *env) get(q url.Values) page {
	e.t.Helper()
	return e.do(http.MethodGet, PagePath+"?"+q.Encode(), nil, nil)
}

// post submits form to path with extra headers.
func (e *env) post(path string, form url.Values, headers map[string]string) page {
	e.t.Helper()
	return e.do(http.MethodPost, path, strings.NewReader(form.Encode()), headers)
}

func (e *env) do(method, path string, body io.Reader, headers map[string]string) page {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return page{res.StatusCode, res.Header, string(b)}
}

// want fails unless the page has status and holds every text.
func (p page) want(t *testing.T, status int, texts ...string) {
	t.Helper()
	if p.status != status {
		t.Errorf("status %d, want %d; body:\n%s", p.status, status, p.body)
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Errorf("page lacks %q; body:\n%s", s, p.body)
		}
	}
}

// accounts lists every stored account.
func (e *env) accounts() []store.Account {
	e.t.Helper()
	as, err := e.store.Accounts(context.Background(), store.AccountFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return as
}

// q builds a query from name/value pairs.
func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}
