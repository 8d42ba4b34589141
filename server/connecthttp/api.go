// Package api is the app's HTTP API, the only server the browser talks to:
// it tells the page who its user is, mints Connect tokens for that user,
// lists and disconnects that user's accounts (never their credentials),
// searches the app catalog, and receives Pipedream's webhooks.
//
// Every answer is JSON; errors are {"error":{"code","message"}} with a 4xx
// for bad input, and a state-changing request from another origin is
// refused with 403.
package connecthttp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/events"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// UserFunc resolves the end user a request acts for: the external_user_id
// Connect tokens are minted for and accounts are listed for. It may set
// cookies on w. A companion backend that already knows its users passes its
// own; return ErrUnauthenticated when there is none and the API answers 401.
type UserFunc func(w http.ResponseWriter, r *http.Request) (externalUserID string, err error)

// ErrUnauthenticated is what a UserFunc returns for a request with no user.
var ErrUnauthenticated = errors.New("api: no signed-in user")

// DefaultTokenRate is the default number of Connect tokens a user may mint
// per minute: the service's own limit.
const DefaultTokenRate = 100

// maxBody bounds every request body the API reads.
const maxBody = 64 << 10

// Options configure the API.
type Options struct {
	// Connect calls the Connect API for the project. Required.
	Connect *pipedream.Client
	// User resolves each request's end user. Required: the anonymous
	// sessions of package session, or the companion backend's own.
	User UserFunc
	// PublicURL is the app's public origin. When set, Connect tokens allow
	// only it and cross-origin requests from it are accepted; when empty,
	// tokens allow the origin of the same-origin request that minted them.
	PublicURL string
	// Webhooks, when set, names every token's webhook_uri and
	// authenticates the webhooks that arrive there; nil means no webhooks
	// (the event stream then says live updates are off).
	Webhooks Webhooks
	// Events carries each user's events to their event streams; nil means
	// an in-process hub.
	Events events.Hub
	// Limits makes the API's rate limiters; nil means in-process ones.
	Limits ratelimit.Factory
	// TokenRate is how many tokens a user may mint per minute; zero means
	// DefaultTokenRate.
	TokenRate int
	// OnWebhook, when set, receives every authenticated webhook, after it
	// is answered, on its own goroutine.
	OnWebhook func(context.Context, pipedream.WebhookEvent)
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// API serves /api/.
type API struct {
	opts     Options
	limiter  ratelimit.Limiter // tokens per user
	webhooks ratelimit.Limiter // webhook requests per client address
	handler  http.Handler
}

// New checks opts and builds the API.
func New(opts Options) (*API, error) {
	if opts.Connect == nil || opts.User == nil {
		return nil, errors.New("api: Options.Connect and Options.User are required")
	}
	if opts.TokenRate == 0 {
		opts.TokenRate = DefaultTokenRate
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Events == nil {
		opts.Events = events.NewMemory(opts.Now)
	}
	if opts.Limits == nil {
		opts.Limits = ratelimit.InProcess
	}
	a := &API{
		opts:     opts,
		limiter:  opts.Limits("token", opts.TokenRate, time.Minute),
		webhooks: opts.Limits("webhook", webhookRate, time.Minute),
	}
	h, err := a.routes()
	if err != nil {
		return nil, err
	}
	a.handler = h
	return a, nil
}

// ServeHTTP serves the API's routes.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// routes builds the router behind the cross-origin check.
func (a *API) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	handle := func(method, path string, h http.HandlerFunc) {
		mux.HandleFunc(method+" "+path, h)
		// The same path with another method: 405, in JSON.
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, r.Method+" is not allowed here; use "+method)
		})
	}
	handle("GET", "/api/session", a.session)
	handle("POST", "/api/connect/token", a.createToken)
	handle("GET", "/api/connect/accounts", a.listAccounts)
	handle("DELETE", "/api/connect/accounts/{id}", a.deleteAccount)
	handle("GET", "/api/connect/apps", a.listApps)
	handle("POST", "/api/connect/webhook", a.webhook)
	handle("GET", "/api/connect/events", a.events)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, codeNotFound, "no API route "+r.URL.Path)
	})

	cop := http.NewCrossOriginProtection()
	if a.opts.PublicURL != "" {
		if err := cop.AddTrustedOrigin(a.opts.PublicURL); err != nil {
			return nil, fmt.Errorf("api: public URL: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, codeCrossOrigin, "cross-origin "+r.Method+" requests are refused")
	}))
	return cop.Handler(mux), nil
}

// user resolves the request's user, answering 401 or 500 itself when it
// cannot.
func (a *API) user(w http.ResponseWriter, r *http.Request) (string, bool) {
	id, err := a.opts.User(w, r)
	switch {
	case errors.Is(err, ErrUnauthenticated):
		writeError(w, http.StatusUnauthorized, codeUnauthenticated, "sign in first")
		return "", false
	case err != nil:
		a.opts.Logger.Error("api: resolve the user", "err", err)
		writeError(w, http.StatusInternalServerError, codeInternal, "could not identify you; try again")
		return "", false
	case id == "":
		writeError(w, http.StatusUnauthorized, codeUnauthenticated, "sign in first")
		return "", false
	}
	return id, true
}

// session answers GET /api/session: who the page's user is.
func (a *API) session(w http.ResponseWriter, r *http.Request) {
	if id, ok := a.user(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]string{"external_user_id": id})
	}
}
