package agentkeys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
)

// Rates: how many requests one key may make per minute, how many keys a
// user may mint per minute, and how many requests with a wrong key one
// client address may make per minute.
const (
	DefaultRate = 300
	mintRate    = 10
	wrongRate   = 30
)

// maxBody bounds the body of POST /keys.
const maxBody = 4 << 10

// HandlerOptions configure Handler.
type HandlerOptions struct {
	// User resolves the signed-in user of a page's request (its cookie);
	// an error or "" means none.
	User func(w http.ResponseWriter, r *http.Request) (string, error)
	// MCPURL is the URL agents reach the tools at, for the request that
	// mints a key.
	MCPURL func(r *http.Request) string
	// ClientAddress names the client a request comes from, to limit
	// requests with wrong keys per client; nil means clientaddr.Peer.
	ClientAddress func(*http.Request) string
	// Limits makes the rate limiters; nil means in-process ones.
	Limits connecthttp.LimiterFactory
	// Rate is how many requests one key may make per minute; zero means
	// DefaultRate.
	Rate int
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// Handler serves the keys API for signed-in users and checks the keys
// agents send.
type Handler struct {
	keys  *Keys
	opts  HandlerOptions
	mint  connecthttp.Limiter
	use   connecthttp.Limiter
	wrong connecthttp.Limiter
}

// NewHandler serves keys with opts.
func NewHandler(keys *Keys, opts HandlerOptions) *Handler {
	if opts.Limits == nil {
		opts.Limits = connecthttp.InProcessLimits
	}
	if opts.ClientAddress == nil {
		opts.ClientAddress = clientaddr.Peer
	}
	if opts.Rate == 0 {
		opts.Rate = DefaultRate
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Handler{
		keys: keys, opts: opts,
		mint:  opts.Limits("mcp-key-mint", mintRate, time.Minute),
		use:   opts.Limits("mcp-key-use", opts.Rate, time.Minute),
		wrong: opts.Limits("mcp-key-wrong", wrongRate, time.Minute),
	}
}

// keyJSON is a key as GET /keys lists it.
type keyJSON struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Created  time.Time  `json:"created_at"`
	LastUsed *time.Time `json:"last_used_at"`
}

func toJSON(r Record) keyJSON {
	k := keyJSON{ID: r.ID, Name: r.Name, Created: r.Created}
	if !r.LastUsed.IsZero() {
		t := r.LastUsed
		k.LastUsed = &t
	}
	return k
}

// Create answers POST /keys: {id, name, created_at, key, url}. The key is
// in this answer only.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	user, ok := h.user(w, r)
	if !ok {
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if r.ContentLength != 0 {
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			jsonhttp.Error(w, http.StatusBadRequest, "bad_request", "the body must be a JSON object like {\"name\": \"My agent\"}")
			return
		}
	}
	if len(strings.TrimSpace(body.Name)) > MaxNameLen {
		jsonhttp.Error(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("a key's name has at most %d characters", MaxNameLen))
		return
	}
	if ok, wait := h.mint.Allow(r.Context(), user, time.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		jsonhttp.Error(w, http.StatusTooManyRequests, "rate_limited", "too many new keys; wait a moment and try again")
		return
	}
	rec, secret, err := h.keys.Mint(r.Context(), user, body.Name)
	switch {
	case errors.Is(err, ErrTooMany):
		jsonhttp.Error(w, http.StatusConflict, "too_many_keys", fmt.Sprintf("you hold %d keys already; revoke one first", MaxPerUser))
		return
	case err != nil:
		h.failed(w, r, "mint a key", err)
		return
	}
	jsonhttp.Write(w, http.StatusCreated, struct {
		keyJSON
		Key string `json:"key"`
		URL string `json:"url"`
	}{toJSON(rec), secret, h.opts.MCPURL(r)})
}

// List answers GET /keys: {"data":[{id, name, created_at, last_used_at}]}.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	user, ok := h.user(w, r)
	if !ok {
		return
	}
	recs, err := h.keys.List(r.Context(), user)
	if err != nil {
		h.failed(w, r, "list keys", err)
		return
	}
	out := make([]keyJSON, 0, len(recs))
	for _, rec := range recs {
		out = append(out, toJSON(rec))
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"data": out})
}

// Revoke answers DELETE /keys/{id}: 204, or 404 when not the user's.
func (h *Handler) Revoke(w http.ResponseWriter, r *http.Request) {
	user, ok := h.user(w, r)
	if !ok {
		return
	}
	err := h.keys.Revoke(r.Context(), user, r.PathValue("id"))
	switch {
	case errors.Is(err, ErrUnknown):
		jsonhttp.Error(w, http.StatusNotFound, "not_found", "you have no key by that id")
	case err != nil:
		h.failed(w, r, "revoke a key", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// Mount serves the keys API on mux at path (POST and GET path, DELETE
// path/{id}; other methods 405) behind Go's cross-origin protection, which
// trusts publicURL when it is set: the API acts for the page's cookie, so
// another site must not call it.
func (h *Handler) Mount(mux *http.ServeMux, path, publicURL string) error {
	cop := http.NewCrossOriginProtection()
	if publicURL != "" {
		if err := cop.AddTrustedOrigin(publicURL); err != nil {
			return fmt.Errorf("agent keys: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jsonhttp.Error(w, http.StatusForbidden, "cross_origin", "cross-origin "+r.Method+" requests are refused")
	}))
	mux.Handle("POST "+path, cop.Handler(http.HandlerFunc(h.Create)))
	mux.Handle("GET "+path, http.HandlerFunc(h.List))
	mux.Handle("DELETE "+path+"/{id}", cop.Handler(http.HandlerFunc(h.Revoke)))
	for p, allow := range map[string]string{path: "GET, POST", path + "/{id}": "DELETE"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			jsonhttp.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here; use "+allow)
		})
	}
	return nil
}

type userKey struct{}

// UserOf is the user whose key authenticated the request (see Require).
func UserOf(ctx context.Context) string {
	u, _ := ctx.Value(userKey{}).(string)
	return u
}

// Require lets through only requests with "Authorization: Bearer <key>"
// of a key that exists, within the key's rate, with the key's user in the
// context (UserOf). Others get a 401 (or a 429) and nothing else.
func (h *Handler) Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		var rec Record
		err := ErrUnknown
		if ok {
			rec, err = h.keys.Check(ctx, strings.TrimSpace(secret))
		}
		switch {
		case errors.Is(err, ErrUnknown):
			if ok, wait := h.wrong.Allow(ctx, h.opts.ClientAddress(r), time.Now()); !ok {
				w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
				jsonhttp.Error(w, http.StatusTooManyRequests, "rate_limited", "too many requests without a valid key")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="mcp"`)
			jsonhttp.Error(w, http.StatusUnauthorized, "unauthenticated", "send Authorization: Bearer <agent key>; mint one in the app under Connect an agent")
			return
		case err != nil:
			h.failed(w, r, "check a key", err)
			return
		}
		if ok, wait := h.use.Allow(ctx, rec.ID, time.Now()); !ok {
			w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
			jsonhttp.Error(w, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("this key may make %d requests a minute; wait a moment", h.opts.Rate))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey{}, rec.User)))
	})
}

// user resolves the page's signed-in user, answering 401 itself if none.
func (h *Handler) user(w http.ResponseWriter, r *http.Request) (string, bool) {
	u, err := h.opts.User(w, r)
	if err != nil || u == "" {
		jsonhttp.Error(w, http.StatusUnauthorized, "unauthenticated", "sign in first")
		return "", false
	}
	return u, true
}

// failed answers for a store that failed: the server's side, a 503.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, what string, err error) {
	h.opts.Logger.LogAttrs(r.Context(), slog.LevelError, "agent keys: "+what, slog.String("err", err.Error()))
	w.Header().Set("Retry-After", "1")
	jsonhttp.Error(w, http.StatusServiceUnavailable, "unavailable", "could not "+what+" just now; try again")
}
