// Package connecthttp serves the app side of Pipedream Connect over HTTP,
// the only server a browser talks to: it tells the page who its user is,
// mints Connect tokens for that user, lists and disconnects that user's
// accounts (never their credentials), sends test requests through the
// Connect proxy, searches the app catalog, deploys and manages the user's
// triggers, receives Pipedream's webhooks, and streams the user's live
// events to their pages.
//
// New builds a Handler whose routes are relative to where it is mounted;
// mount it under any prefix of any mux with [http.StripPrefix]:
//
//	h, err := connecthttp.New(connecthttp.Config{Connect: pd, User: currentUser})
//	mux.Handle("/api/", http.StripPrefix("/api", h))
//
// The routes (each in [connectapi]'s JSON; ARCHITECTURE.md maps them to the
// code):
//
//	GET    /session                who the user is
//	POST   /connect/token          a Connect token for the user
//	GET    /connect/accounts       the user's accounts, never with credentials
//	DELETE /connect/accounts/{id}  disconnect one
//	POST   /connect/accounts/{id}/test-request
//	                               a request to its app through the Connect proxy (with Config.Proxy)
//	GET    /connect/apps?q=        one page of the catalog (has_actions=true: the
//	                               apps with actions; has_triggers, has_components)
//	POST   /connect/webhook        Pipedream's connection webhooks, at a URI Config.Webhooks signed
//	GET    /connect/events         the user's live events (Server-Sent Events)
//
// With [Config].Triggers and [Config].TriggerWebhooks:
//
//	GET    /connect/triggers       the user's deployed triggers
//	POST   /connect/triggers       deploy one for the user
//	PATCH  /connect/triggers/{id}  pause, resume or rename one
//	DELETE /connect/triggers/{id}  delete one
//	GET    /connect/triggers/{id}/events
//	                               its newest events
//	POST   /connect/trigger-events the triggers' events, from Pipedream at a URI
//	                               Config.TriggerWebhooks signed; pushed to the user's stream
//
// and, with [Config].Components as well:
//
//	GET    /connect/trigger-catalog?app=
//	                               the app's triggers
//	POST   /connect/trigger-options
//	                               a trigger prop's options
//
// [Config].User resolves each request's user (package connectsession for
// anonymous visitors); [Config].Connect is the Connect API, as the small
// interface [Connect] that *pipedream.Client implements and a test can
// fake. Replicas share events and limits through [Config].Events and
// [Config].Limits (package connectredis). Its limits are
// [Config].TokenRate, [Config].TestRequestRate, [Config].TriggerDeployRate,
// [ListingsPerMinute] and [StreamLimits]; past one a request is answered 429.
//
// Every answer is JSON; an error is {"error":{"code","message"}} with an
// [ErrorCode]: a 4xx for bad input, checked before Pipedream is asked, or
// refused by Pipedream (its 4xx other than 401 and 403 become 400, 404 or
// 429, in this package's words, never Pipedream's), 502 or 504 when
// Pipedream fails. Client mistakes are logged at warn at most. A
// state-changing request from another origin is refused with 403.
package connecthttp

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Connect is the part of the Connect API the handlers call.
// *pipedream.Client implements it.
type Connect interface {
	CreateToken(ctx context.Context, req pipedream.TokenRequest) (pipedream.Token, error)
	Accounts(ctx context.Context, q pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error]
	GetAccount(ctx context.Context, id string, opts pipedream.AccountOptions) (pipedream.Account, error)
	DeleteAccount(ctx context.Context, id string) error
	ListApps(ctx context.Context, q pipedream.AppsQuery) (pipedream.AppList, error)
}

var _ Connect = (*pipedream.Client)(nil)

// UserFunc resolves the end user a request acts for: the external_user_id
// Connect tokens are minted for and accounts are listed for. It may set
// cookies on w. Return ErrUnauthenticated (or "") when there is no user and
// the handler answers 401; any other error is a 500 whose cause is logged,
// not sent.
type UserFunc func(w http.ResponseWriter, r *http.Request) (externalUserID string, err error)

// ErrUnauthenticated is what a UserFunc returns for a request with no user.
var ErrUnauthenticated = errors.New("connecthttp: no signed-in user")

// maxBody bounds every request body the handlers read.
const maxBody = 64 << 10

// Config configures the handlers.
type Config struct {
	// Connect calls the Connect API for the project. Required.
	Connect Connect
	// User resolves each request's end user. Required.
	User UserFunc
	// PublicURL is the app's public origin. When set, Connect tokens allow
	// only it and cross-origin requests from it are accepted; when empty,
	// tokens allow the origin of the same-origin request that minted them.
	PublicURL string
	// Webhooks, when set, names every token's webhook_uri and
	// authenticates the webhooks that arrive there ([SignedWebhooks] makes
	// it); nil means no webhooks (the event stream then says live updates
	// are off).
	Webhooks Webhooks
	// Events carries each user's events to their event streams; nil means
	// a [MemoryHub]. Replicas share one (package connectredis).
	Events Hub
	// Streams bounds the open event streams; zero fields take the
	// defaults.
	Streams StreamLimits
	// Limits makes the rate limiters; nil means [InProcessLimits].
	// Replicas share them through one (package connectredis).
	Limits LimiterFactory
	// TokenRate is how many tokens a user may mint per minute; zero means
	// the service's own limit, pipedream.TokensPerMinute.
	TokenRate int
	// Proxy sends the test requests; nil means Connect when it implements
	// Proxy (as *pipedream.Client does), else there is no test-request
	// route.
	Proxy Proxy
	// TestRequestMethods are the methods a test request may use; empty
	// means GET only.
	TestRequestMethods []string
	// TestRequestRate is how many test requests a user may send per
	// minute; zero means DefaultTestRequestRate.
	TestRequestRate int
	// Triggers deploys and manages the users' triggers; nil means Connect
	// when it implements Triggers (as *pipedream.Client does).
	Triggers Triggers
	// Components lists the triggers a user may deploy and their props'
	// options; nil means Connect when it implements Components (as
	// *pipedream.Client does).
	Components Components
	// TriggerWebhooks, when set, makes the webhook_url of every trigger
	// deployed through the handler (one standing URI per user, which never
	// expires) and authenticates the events that arrive there
	// ([SignedWebhooks] makes it). Without it
	// (or without Triggers) there are no trigger routes.
	TriggerWebhooks Webhooks
	// TriggerDeployRate is how many triggers a user may deploy per minute;
	// zero means DefaultTriggerDeployRate.
	TriggerDeployRate int
	// OnWebhook, when set, receives every authenticated webhook, after it
	// is answered, on its own goroutine.
	OnWebhook func(context.Context, pipedream.WebhookEvent)
	// ClientAddress names the client a request comes from, to limit per
	// client (event streams, test requests) and to log refusals; nil means
	// the connection's peer address. Behind a reverse proxy, return the
	// address it forwards, and only when the request comes from it.
	ClientAddress func(*http.Request) string
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Handler serves the routes listed in the package doc.
type Handler struct {
	opts     Config
	limiter  Limiter // tokens per user
	webhooks Limiter // genuine webhooks per user
	tests    Limiter // test requests per user
	// test requests per client address, and all of them (key "")
	testsFrom, testsAll Limiter
	lists               *listings
	triggerLists        *listings // trigger listings, with the same bounds
	deploys             Limiter   // trigger deploys per user
	eventsIn            Limiter   // trigger events per user
	keys                keyCache  // trigger signing keys
	refusals            *refusals
	streams             *streams
	handler             http.Handler
}

// New checks the config and builds the handler.
func New(opts Config) (*Handler, error) {
	if opts.Connect == nil || opts.User == nil {
		return nil, errors.New("connecthttp: Config.Connect and Config.User are required")
	}
	if opts.TokenRate == 0 {
		opts.TokenRate = pipedream.TokensPerMinute
	}
	if opts.Proxy == nil {
		opts.Proxy, _ = opts.Connect.(Proxy)
	}
	if len(opts.TestRequestMethods) == 0 {
		opts.TestRequestMethods = []string{http.MethodGet}
	}
	if opts.TestRequestRate == 0 {
		opts.TestRequestRate = DefaultTestRequestRate
	}
	if opts.Triggers == nil {
		opts.Triggers, _ = opts.Connect.(Triggers)
	}
	if opts.Components == nil {
		opts.Components, _ = opts.Connect.(Components)
	}
	if opts.TriggerDeployRate == 0 {
		opts.TriggerDeployRate = DefaultTriggerDeployRate
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Events == nil {
		opts.Events = NewMemoryHub(opts.Now)
	}
	if opts.Limits == nil {
		opts.Limits = InProcessLimits
	}
	if opts.ClientAddress == nil {
		opts.ClientAddress = clientaddr.Peer
	}
	a := &Handler{
		opts:         opts,
		refusals:     newRefusals(opts.Logger),
		streams:      newStreams(opts.Streams),
		limiter:      opts.Limits("token", opts.TokenRate, time.Minute),
		webhooks:     opts.Limits("webhook", webhookRate, time.Minute),
		tests:        opts.Limits("test-request", opts.TestRequestRate, time.Minute),
		testsFrom:    opts.Limits("test-request-address", TestRequestsPerAddress, time.Minute),
		testsAll:     opts.Limits("test-request-all", TestRequestBudget, TestRequestBudgetPeriod),
		lists:        newListings(opts.Limits("list-accounts", listingBurst, time.Minute*listingBurst/ListingsPerMinute)),
		triggerLists: newListings(opts.Limits("list-triggers", listingBurst, time.Minute*listingBurst/ListingsPerMinute)),
		deploys:      opts.Limits("trigger-deploy", opts.TriggerDeployRate, time.Minute),
		eventsIn:     opts.Limits("trigger-event", triggerEventRate, time.Minute),
	}
	h, err := a.routes()
	if err != nil {
		return nil, err
	}
	a.handler = h
	return a, nil
}

// ServeHTTP serves the handler's routes.
func (a *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// routes builds the router behind the cross-origin check.
func (a *Handler) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	handle := func(method, path string, h http.HandlerFunc) {
		mux.HandleFunc(method+" "+path, h)
		// The same path with another method: 405, in JSON.
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, r.Method+" is not allowed here; use "+method)
		})
	}
	// handleMethods routes several methods of one path, the others 405.
	handleMethods := func(path string, hs map[string]http.HandlerFunc) {
		var allow []string
		for m, h := range hs {
			mux.HandleFunc(m+" "+path, h)
			allow = append(allow, m)
		}
		slices.Sort(allow)
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
		})
	}
	handle("GET", "/session", a.session)
	handle("POST", "/connect/token", a.createToken)
	handle("GET", "/connect/accounts", a.listAccounts)
	handle("DELETE", "/connect/accounts/{id}", a.deleteAccount)
	if a.opts.Proxy != nil {
		handle("POST", "/connect/accounts/{id}/test-request", a.testRequest)
	}
	handle("GET", "/connect/apps", a.listApps)
	handle("POST", "/connect/webhook", a.webhook)
	handle("GET", "/connect/events", a.events)
	if a.opts.Triggers != nil && a.opts.TriggerWebhooks != nil {
		handle("POST", "/connect/trigger-events", a.triggerEvent)
		handleMethods("/connect/triggers", map[string]http.HandlerFunc{"GET": a.listTriggers, "POST": a.deployTrigger})
		handleMethods("/connect/triggers/{id}", map[string]http.HandlerFunc{"PATCH": a.updateTrigger, "DELETE": a.deleteTrigger})
		handle("GET", "/connect/triggers/{id}/events", a.triggerEvents)
		if a.opts.Components != nil {
			handle("GET", "/connect/trigger-catalog", a.triggerCatalog)
			handle("POST", "/connect/trigger-options", a.triggerOptions)
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, CodeNotFound, "no API route "+requestPath(r))
	})

	cop := http.NewCrossOriginProtection()
	if a.opts.PublicURL != "" {
		if err := cop.AddTrustedOrigin(a.opts.PublicURL); err != nil {
			return nil, fmt.Errorf("connecthttp: public URL: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, CodeCrossOrigin, "cross-origin "+r.Method+" requests are refused")
	}))
	return cop.Handler(mux), nil
}

// requestPath is the path the client asked for, before any StripPrefix.
func requestPath(r *http.Request) string {
	if r.RequestURI == "" {
		return r.URL.Path
	}
	p, _, _ := strings.Cut(r.RequestURI, "?")
	return p
}

// user resolves the request's user, answering 401 or 500 itself when it
// cannot.
func (a *Handler) user(w http.ResponseWriter, r *http.Request) (string, bool) {
	id, err := a.opts.User(w, r)
	switch {
	case errors.Is(err, ErrUnauthenticated):
		writeError(w, http.StatusUnauthorized, CodeUnauthenticated, "sign in first")
		return "", false
	case err != nil:
		a.opts.Logger.Error("connecthttp: resolve the user", "err", err)
		writeError(w, http.StatusInternalServerError, CodeInternal, "could not identify you; try again")
		return "", false
	case id == "":
		writeError(w, http.StatusUnauthorized, CodeUnauthenticated, "sign in first")
		return "", false
	}
	return id, true
}

// session answers GET /session: who the page's user is.
func (a *Handler) session(w http.ResponseWriter, r *http.Request) {
	if id, ok := a.user(w, r); ok {
		jsonhttp.Write(w, http.StatusOK, connectapi.Session{ExternalUserID: id})
	}
}
