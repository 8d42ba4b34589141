package hosted

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Options are what the page needs from the sandbox.
type Options struct {
	Store   store.Store
	Catalog *catalog.Catalog
	Hooks   webhook.Sender // queues the flow's webhooks; may be nil
	Project validate.Project
	Now     func() time.Time // nil means time.Now
	Logger  *slog.Logger     // nil discards
}

// AttemptsPerToken is how many steps (Continue, Allow or Deny, a keys
// form) one token may post per minute: Deny leaves a token unspent, and
// each Deny sends a webhook, so without a limit one token makes a flood.
const AttemptsPerToken = 10

// Handler serves the hosted page and its steps.
type Handler struct {
	opts     Options
	attempts *ratelimit.PerKey // steps per token
}

// New returns the hosted page's handler.
func New(opts Options) *Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Handler{opts: opts, attempts: ratelimit.New(AttemptsPerToken, time.Minute)}
}

// Paths of the page and of its steps' form posts.
const (
	PagePath      = "/_static/connect.html"
	continuePath  = "/_static/connect/continue"
	authorizePath = "/_static/connect/authorize"
	keysPath      = "/_static/connect/keys"
)

//go:embed static
var staticFS embed.FS

// Register mounts the page, its form posts, its script, styles and icon
// on mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+PagePath, h.start)
	mux.HandleFunc("POST "+continuePath, h.sameOrigin(h.proceed))
	mux.HandleFunc("POST "+authorizePath, h.sameOrigin(h.authorize))
	mux.HandleFunc("POST "+keysPath, h.sameOrigin(h.keys))
	for _, name := range []string{"connect.js", "connect.css", "favicon.svg"} {
		mux.HandleFunc("GET /_static/"+name, serveStatic(name))
	}
	// Where a browser looks for an icon by itself.
	mux.HandleFunc("GET /favicon.ico", serveStatic("favicon.svg"))
}

// serveStatic serves the embedded static file name.
func serveStatic(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, staticFS, "static/"+name)
	}
}

// start serves GET /_static/connect.html: the flow's first page, an app
// picker when neither the link nor the token names an app, or the reason
// the link cannot be used.
func (h *Handler) start(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r.URL.Query())
	if err != nil {
		h.problem(w, r, params{}, store.Token{}, http.StatusBadRequest, "This link can't be used", err.Error())
		return
	}
	res, ok := h.check(w, r, p, true)
	if !ok {
		return
	}
	v := h.newView(p, res.Token, "Connect an account")
	if res.App == nil {
		v.Apps = h.opts.Catalog.All()
		v.State.App = ""
		h.render(w, r, http.StatusOK, "pick", res.Token, v)
		return
	}
	v.Title = "Connect your " + res.App.Name + " account"
	v.App, v.Account = res.App, res.Account
	h.render(w, r, http.StatusOK, "start", res.Token, v)
}

// check validates the token and app of p. On failure it answers with the
// reason and returns false. The app may be left open only when pickOK.
func (h *Handler) check(w http.ResponseWriter, r *http.Request, p params, pickOK bool) (validate.Result, bool) {
	res, err := validate.Check(r.Context(), h.opts.Store, h.opts.Catalog, h.opts.Project, p.Token, p.query(), h.opts.Now())
	if err != nil {
		h.internal(w, r, fmt.Errorf("hosted: %w", err))
		return res, false
	}
	if !res.Success {
		h.problem(w, r, p, res.Token, statusOf(res.Error), "This link can't be used", res.Error)
		return res, false
	}
	if res.App == nil {
		if !pickOK {
			h.problem(w, r, p, res.Token, http.StatusBadRequest, "This link can't be used", "app is required")
		}
		return res, pickOK
	}
	if res.App.AuthType == pipedream.AuthOAuth {
		if _, ok := res.App.Scopes(p.ScopeProfile); !ok {
			h.problem(w, r, p, res.Token, http.StatusBadRequest, "This link can't be used",
				fmt.Sprintf("%s offers no scope profile %q", res.App.Name, p.ScopeProfile))
			return res, false
		}
	}
	return res, true
}

// statusOf is the HTTP status of a failed validation.
func statusOf(msg string) int {
	switch msg {
	case validate.MsgExpired, validate.MsgSpent:
		return http.StatusGone
	case validate.MsgAppNotFound, validate.MsgAccountNotFound, validate.MsgOverrideMissing:
		return http.StatusNotFound
	case validate.MsgInvalidToken:
		return http.StatusForbidden
	default:
		return http.StatusBadRequest
	}
}

// internal logs err and answers 500 without details.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.opts.Logger.ErrorContext(r.Context(), "hosted page failed", "path", r.URL.Path, "err", err)
	h.problem(w, r, params{}, store.Token{}, http.StatusInternalServerError, "Something went wrong", "internal error")
}
