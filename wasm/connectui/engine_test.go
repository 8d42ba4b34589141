//go:build !(js && wasm)

// State tests on the host, in go-app's test engine: the components' state
// as requests answer and events arrive, without a browser.

package connectui

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uitest"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// accountsServer answers GET /accounts with body and status.
func accountsServer(t *testing.T, status int, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/accounts" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// host holds a component in go-app's test engine and lends a context of
// the engine's: on the host the engine prerenders, and calls no OnMount.
type host struct {
	app.Compo
	child  app.UI
	ctx    app.Context
	lent   bool
	engine app.TestEngine
}

func (h *host) OnPreRender(ctx app.Context) { h.ctx, h.lent = ctx, true }
func (h *host) Render() app.UI              { return h.child }

// load loads c in go-app's test engine, in a host that lends a context.
func load(t *testing.T, c app.UI) *host {
	t.Helper()
	h := &host{child: c, engine: app.NewTestEngine()}
	if err := h.engine.Load(h); err != nil {
		t.Fatal(err)
	}
	h.engine.ConsumeAll() // OnPreRender is dispatched
	if !h.lent {
		t.Fatal("the test engine lent no context")
	}
	return h
}

// mount loads l in go-app's test engine, mounts it as the browser would,
// and runs the engine until it is idle: l's request, and the state it
// dispatched.
func mount(t *testing.T, l *AccountsList) *host {
	t.Helper()
	h := load(t, l)
	l.OnMount(h.ctx)
	h.engine.ConsumeAll()
	return h
}

// TestAccountsListLoadsOnMount: a mounted list asks its URL and shows what
// it got; OnRequest hears that the load went well.
func TestAccountsListLoadsOnMount(t *testing.T) {
	srv := accountsServer(t, http.StatusOK, `{"data":[{"id":"apn_1","name":"ann@example.com","healthy":true,"app":{"name_slug":"slack","name":"Slack"},"created_at":"2026-11-22T10:30:00Z"}]}`)
	var reports []error
	l := &AccountsList{URL: srv.URL + "/accounts", OnRequest: func(_ app.Context, err error) { reports = append(reports, err) }}
	mount(t, l)
	if len(reports) != 1 || reports[0] != nil {
		t.Fatalf("OnRequest got %v, want one nil", reports)
	}
	if len(l.accounts) != 1 || l.accounts[0].ID != "apn_1" || l.loading || l.err != "" {
		t.Fatalf("state after the load: accounts %+v, loading %v, err %q; want apn_1, done, no error", l.accounts, l.loading, l.err)
	}
	d := uitest.Render(t, l)
	d.Contains("1 account.")
	d.Contains("ann@example.com")
}

// TestAccountsListReportsAnErrorAnswer: the server's error answer shows in
// words and reaches OnRequest as a *connect.HTTPError, with its status,
// code and Retry-After.
func TestAccountsListReportsAnErrorAnswer(t *testing.T) {
	srv := accountsServer(t, http.StatusTooManyRequests, `{"error":{"code":"rate_limited","message":"too many listings"}}`)
	var reports []error
	l := &AccountsList{URL: srv.URL + "/accounts", OnRequest: func(_ app.Context, err error) { reports = append(reports, err) }}
	mount(t, l)
	var he *connect.HTTPError
	if len(reports) != 1 || !errors.As(reports[0], &he) {
		t.Fatalf("OnRequest got %v, want one *connect.HTTPError", reports)
	}
	if he.StatusCode != 429 || he.Code != "rate_limited" || he.Message != "too many listings" || he.RetryAfter.Seconds() != 30 {
		t.Errorf("got %+v, want 429 rate_limited, its message, retry after 30s", he)
	}
	if want := "Couldn't load your accounts: too many requests. Try again in 30 seconds."; l.err != want || l.loading {
		t.Errorf("state: err %q, loading %v; want %q, done", l.err, l.loading, want)
	}
	uitest.Render(t, l).Contains("Try again in 30 seconds.")
}

// TestActionRefreshReloadsTheList: a posted ActionRefresh makes a mounted
// list ask again.
func TestActionRefreshReloadsTheList(t *testing.T) {
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	t.Cleanup(srv.Close)
	l := &AccountsList{URL: srv.URL}
	h := mount(t, l)
	h.ctx.NewAction(ActionRefresh)
	h.engine.ConsumeAll()
	if n := gets.Load(); n != 2 {
		t.Errorf("the server got %d listings, want 2: one on mount, one on ActionRefresh", n)
	}
}

// TestConnectButtonEvents: OnStart fires at the click; a flow that cannot
// start (here: no browser) reports OnError, and no OnClose follows; the
// button is usable again.
func TestConnectButtonEvents(t *testing.T) {
	var got []string
	b := &ConnectButton{App: "slack", AppName: "Slack", Events: Events{
		OnStart: func(_ app.Context, f Flow) { got = append(got, "start "+f.App) },
		OnError: func(_ app.Context, f Flow, err error) {
			var ce *connect.Error
			if errors.As(err, &ce) {
				got = append(got, "error "+string(ce.Code))
			}
		},
		OnClose: func(app.Context, Flow, connect.CloseStatus) { got = append(got, "close") },
	}}
	h := load(t, b)
	b.onClick(h.ctx, app.Event{})
	if !b.busy {
		t.Error("the button is not busy while its flow starts")
	}
	h.engine.ConsumeAll()
	if want := []string{"start slack", "error " + string(connect.CodeUnsupported)}; !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	if b.busy {
		t.Error("the button stays busy after its flow failed to start")
	}
}

// TestAccountsListReportsNoAnswer: a server that does not answer is said in
// words, and OnRequest gets an error matching connect.ErrUnreachable.
func TestAccountsListReportsNoAnswer(t *testing.T) {
	srv := accountsServer(t, http.StatusOK, `{"data":[]}`)
	srv.Close()
	var reports []error
	l := &AccountsList{URL: srv.URL + "/accounts", OnRequest: func(_ app.Context, err error) { reports = append(reports, err) }}
	mount(t, l)
	if len(reports) != 1 || !errors.Is(reports[0], connect.ErrUnreachable) {
		t.Fatalf("OnRequest got %v, want one error matching connect.ErrUnreachable", reports)
	}
	if want := "Couldn't load your accounts: the server can't be reached. Check your connection, then try again."; l.err != want {
		t.Errorf("state: err %q, want %q", l.err, want)
	}
}
