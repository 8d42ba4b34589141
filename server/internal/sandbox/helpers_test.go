package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// clock is a settable time source for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a sandbox behind a test server, with a clock and an access token.
type env struct {
	t     *testing.T
	sb    *Sandbox
	srv   *httptest.Server
	clock *clock
	token string
	// lastToken is the Connect token spent by the last connect.
	lastToken string
}

// newEnv starts a sandbox; mod may adjust the options first.
func newEnv(t *testing.T, mod func(*Options)) *env {
	t.Helper()
	c := newClock()
	e := &env{t: t, clock: c}
	e.srv = httptest.NewUnstartedServer(nil)
	opts := Options{BaseURL: "http://" + e.srv.Listener.Addr().String(), Now: c.Now}
	if mod != nil {
		mod(&opts)
	}
	sb, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.sb = sb
	e.srv.Config.Handler = sb.Handler()
	e.srv.Start()
	t.Cleanup(func() {
		e.srv.Close()
		if err := sb.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	e.token = e.accessToken()
	return e
}

// accessToken gets a fresh access token with the default credentials.
func (e *env) accessToken() string {
	e.t.Helper()
	var tok tokenResponse
	e.doJSON(http.MethodPost, "/v1/oauth/token", map[string]string{
		"grant_type": "client_credentials", "client_id": e.sb.opts.ClientID, "client_secret": e.sb.opts.ClientSecret,
	}, nil, http.StatusOK, &tok)
	return tok.AccessToken
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request with the access token and development environment;
// headers overrides or (with "") removes headers.
func (e *env) do(method, path string, body any, headers map[string]string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	req.Header.Set("x-pd-environment", "development")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// doJSON sends a request, checks the status and decodes the body into out.
func (e *env) doJSON(method, path string, body any, headers map[string]string, want int, out any) response {
	e.t.Helper()
	res := e.do(method, path, body, headers)
	if res.status != want {
		e.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, res.status, want, res.body)
	}
	if out != nil {
		if err := json.Unmarshal(res.body, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, res.body, err)
		}
	}
	return res
}

// wantError checks an error answer: status and a JSON {"error": msg}
// containing substr.
func (e *env) wantError(res response, status int, substr string) {
	e.t.Helper()
	if res.status != status {
		e.t.Fatalf("status %d, want %d; body %s", res.status, status, res.body)
	}
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(res.body, &body); err != nil || body.Error == "" {
		e.t.Fatalf("error body %s is not {\"error\":...}: %v", res.body, err)
	}
	if !strings.Contains(body.Error, substr) {
		e.t.Fatalf("error %q does not contain %q", body.Error, substr)
	}
}

// newToken mints a Connect token through the API for user.
func (e *env) newToken(body map[string]any) pipedream.Token {
	e.t.Helper()
	var tok pipedream.Token
	e.doJSON(http.MethodPost, "/v1/connect/proj_sandbox/tokens", body, nil, http.StatusOK, &tok)
	return tok
}

// connect runs what the hosted page does at the end of a flow: mint a
// token for user, build the account for app and spend the token on it.
func (e *env) connect(user, slug string, values map[string]string) store.Account {
	e.t.Helper()
	tok := e.newToken(map[string]any{"external_user_id": user})
	return e.connectWith(tok.Token, slug, values)
}

// connectWith spends the Connect token on a new account of app slug.
func (e *env) connectWith(token, slug string, values map[string]string) store.Account {
	e.t.Helper()
	tok := pipedream.Token{Token: token}
	st, err := e.sb.store.Token(e.t.Context(), tok.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	app, ok := e.sb.catalog.Lookup(slug)
	if !ok {
		e.t.Fatalf("no app %s", slug)
	}
	a, err := account.Build(account.Request{App: app, Token: st, Values: values}, e.sb.now())
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.sb.store.Connect(e.t.Context(), tok.Token, a, e.sb.now()); err != nil {
		e.t.Fatal(err)
	}
	e.lastToken = tok.Token
	return a
}
