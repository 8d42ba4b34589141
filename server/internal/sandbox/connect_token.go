package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

// The browser's side of the components API: /v1/connect/{kind}... with a
// user's Connect token as the bearer and no project in the path, as the
// official browser client calls it. A request acts for the token's user
// in the token's environment only, and is answered to a page only when
// its Origin is one of the token's allowed_origins.

// maxPreflightHeaders bounds the headers a preflight may ask for.
const maxPreflightHeaders = 1024

// registerBrowserComponents adds the Connect-token routes to mux.
func (s *Sandbox) registerBrowserComponents(mux *http.ServeMux) {
	for kind := range componentKinds {
		tok := func(h componentHandler) http.Handler {
			return s.connectTokenCaller(func(w http.ResponseWriter, r *http.Request, who caller) { h(w, r, kind, who) })
		}
		p := "/v1/connect/" + kind
		mux.Handle("GET "+p, tok(s.listComponents))
		mux.Handle("GET "+p+"/{key}", tok(s.getComponent))
		mux.Handle("POST "+p+"/configure", tok(s.configureProp))
		mux.Handle("POST "+p+"/props", tok(s.reloadProps))
		mux.HandleFunc("OPTIONS "+p, preflight)
		mux.HandleFunc("OPTIONS "+p+"/{rest...}", preflight)
	}
	mux.Handle("POST /v1/connect/actions/run", s.connectTokenCaller(func(w http.ResponseWriter, r *http.Request, who caller) {
		s.runAction(w, r, "actions", who)
	}))
}

// preflight answers a CORS preflight. It cannot see the Connect token, so
// it lets any origin ask; the request itself is answered to the page only
// from one of its token's allowed origins.
func preflight(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		writeError(w, http.StatusBadRequest, "not a CORS preflight request")
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" && len(req) <= maxPreflightHeaders && !hasControl(req) {
		h.Set("Access-Control-Allow-Headers", req)
	}
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
	w.WriteHeader(http.StatusNoContent)
}

// connectTokenCaller authenticates a request with its Connect token and
// answers CORS for the token's allowed origins.
func (s *Sandbox) connectTokenCaller(h func(http.ResponseWriter, *http.Request, caller)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Origin")
		scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		value = strings.TrimSpace(value)
		if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(value, "ctok_") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pipedream sandbox"`)
			writeError(w, http.StatusUnauthorized, "a Connect token (ctok_...) is required as the bearer")
			return
		}
		tok, err := s.store.Token(r.Context(), value)
		if err == nil && tok.ProjectID != s.opts.ProjectID {
			err = store.ErrNotFound
		}
		if err == nil {
			// A page of one of the token's origins may read the answer,
			// a refusal of a spent or expired token included: a client
			// must tell that from a network failure to get a new token.
			if origin := r.Header.Get("Origin"); origin != "" {
				if !slices.Contains(tok.AllowedOrigins, origin) {
					writeError(w, http.StatusForbidden, fmt.Sprintf("origin %s is not among the Connect token's allowed_origins", truncate(origin, 128)))
					return
				}
				w.Header().Set("Access-Control-Allow-Origin", origin)
			}
			err = tok.Usable(s.now())
		}
		switch {
		case errors.Is(err, store.ErrNotFound):
			writeError(w, http.StatusUnauthorized, "invalid Connect token")
			return
		case errors.Is(err, store.ErrSpent):
			writeError(w, http.StatusUnauthorized, "the Connect token was already used to connect an account: get a new one")
			return
		case errors.Is(err, store.ErrExpired):
			writeError(w, http.StatusUnauthorized, "the Connect token has expired: get a new one")
			return
		case err != nil:
			s.internalError(w, r, fmt.Errorf("connect token: %w", err))
			return
		}
		if env := r.Header.Get("x-pd-environment"); env != "" && env != tok.Environment {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("x-pd-environment %s does not match the Connect token's environment", truncate(env, 32)))
			return
		}
		h(w, r, caller{env: tok.Environment, user: tok.ExternalUserID})
	})
}
