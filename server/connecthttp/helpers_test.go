package connecthttp_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectsession"
	"github.com/pdconnect/pdconnect/server/internal/fault"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// stack is the handler, mounted at /api/ as the app does, in front of a real sandbox, through a fault proxy, with
// its log captured.
type stack struct {
	t          *testing.T
	URL        string // the API's origin
	SandboxURL string
	Faults     *fault.Proxy
	PD         *pipedream.Client // straight to the sandbox, for checks
	Log        *testsupport.LogBuffer
	Hooks      *webhookuri.Signer   // the API's webhook URIs, at URL/api/connect/webhook
	Events     *webhookuri.Standing // the API's trigger event URIs, at URL/api/connect/trigger-events
	API        *connecthttp.Handler

	mu          sync.Mutex
	tokenBodies []pipedream.TokenRequest // what the API asked the sandbox for
}

// newStack starts the sandbox, the proxy and the API; mod may adjust the
// API's options.
func newStack(t *testing.T, mod func(*connecthttp.Config)) *stack {
	t.Helper()
	s := &stack{t: t, Log: &testsupport.LogBuffer{}}
	s.SandboxURL = testsupport.StartSandbox(t, testsupport.SandboxOptions{Wrap: s.recordTokens}).URL

	var err error
	if s.Faults, err = fault.New(s.SandboxURL); err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(s.Faults)
	t.Cleanup(proxy.Close)

	logger := s.Log.Logger()
	s.PD = newClient(t, s.SandboxURL, nil)
	keys, err := connectsession.New(bytes.Repeat([]byte("k"), connectsession.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	apiSrv := httptest.NewUnstartedServer(nil)
	s.URL = "http://" + apiSrv.Listener.Addr().String()
	if s.Hooks, err = webhookuri.New(s.URL+"/api/connect/webhook", bytes.Repeat([]byte("w"), webhookuri.KeySize)); err != nil {
		t.Fatal(err)
	}
	if s.Events, err = s.Hooks.Standing(s.URL + "/api/connect/trigger-events"); err != nil {
		t.Fatal(err)
	}
	opts := connecthttp.Config{
		Connect:  newClient(t, proxy.URL, logger.With("component", "pipedream")),
		User:     keys.Start, // every request may start a session: package site limits that
		Webhooks: s.Hooks,
		Logger:   logger,

		TriggerWebhooks: s.Events,
	}
	if mod != nil {
		mod(&opts)
	}
	a, err := connecthttp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	s.API = a
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", a))
	apiSrv.Config.Handler = mux
	apiSrv.Start()
	t.Cleanup(apiSrv.Close)
	return s
}

// newClient is a Connect API client with the sandbox's credentials at base,
// quick to give up so fault tests stay short.
func newClient(t testing.TB, base string, log *slog.Logger) *pipedream.Client {
	t.Helper()
	return testsupport.Client(t, base, func(c *pipedream.Config) {
		c.Timeout, c.MaxRetries, c.MinRetryDelay, c.MaxRetryDelay = 2*time.Second, 2, 10*time.Millisecond, 100*time.Millisecond
		c.Logger = log
	})
}

// recordTokens keeps the body of every token request the sandbox gets.
func (s *stack) recordTokens(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/tokens") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var req pipedream.TokenRequest
			if json.Unmarshal(body, &req) == nil {
				s.mu.Lock()
				s.tokenBodies = append(s.tokenBodies, req)
				s.mu.Unlock()
			}
		}
		h.ServeHTTP(w, r)
	})
}

// lastTokenRequest is the last token request the sandbox got.
func (s *stack) lastTokenRequest() pipedream.TokenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tokenBodies) == 0 {
		s.t.Fatal("the sandbox got no token request")
	}
	return s.tokenBodies[len(s.tokenBodies)-1]
}

// browser is one visitor: a cookie jar on the API's origin.
type browser struct {
	s      *stack
	client *http.Client
}

func (s *stack) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// reply is an answer of the API.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// errorCode is the code of a JSON error answer, "" when it is not one.
func (r reply) errorCode() string {
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(r.Body, &e) != nil || e.Error.Message == "" {
		return ""
	}
	return e.Error.Code
}

// do sends a request as a same-origin fetch from the app's page would.
func (b *browser) do(method, path, body string, header ...string) reply {
	b.s.t.Helper()
	req, err := http.NewRequest(method, b.s.URL+path, strings.NewReader(body))
	if err != nil {
		b.s.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Origin", b.s.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if res.StatusCode >= 400 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		b.s.t.Errorf("%s %s: %d answered as %q, not JSON", method, path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return reply{Status: res.StatusCode, Header: res.Header, Body: data}
}

// decode decodes the reply's JSON body into v.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// user is the browser's external user id.
func (b *browser) user() string {
	b.s.t.Helper()
	var s struct {
		ExternalUserID string `json:"external_user_id"`
	}
	b.do("GET", "/api/session", "").decode(b.s.t, &s)
	return s.ExternalUserID
}

// connectKeys connects an openai account for user straight through the
// sandbox, as its hosted page does.
func (s *stack) connectKeys(user string) pipedream.Account {
	s.t.Helper()
	return testsupport.Connect(s.t, s.PD, s.SandboxURL, user, "openai", user+"@example.com", map[string]string{"api_key": "sk-abcdefgh12345"})
}

// post sends body to uri (a webhook URI) as the service would: no browser
// headers.
func (b *browser) post(uri, body string) reply {
	b.s.t.Helper()
	res, err := b.client.Post(uri, "application/json", strings.NewReader(body))
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return reply{Status: res.StatusCode, Header: res.Header, Body: data}
}

// stream opens the user's event stream, resuming after lastID if not "".
func (b *browser) stream(lastID string) *testsupport.EventStream {
	b.s.t.Helper()
	return testsupport.OpenEvents(b.s.t, b.client, b.s.URL+"/api/connect/events", lastID)
}
