package site

import (
	"io"
	"net/http"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
)

// starter starts anonymous sessions on the two requests that may: a page
// load and GET /api/session; each client address may start only so many.
// Every other request acts only for a session it already has.
type starter struct {
	user, start connecthttp.UserFunc
	addr        func(*http.Request) string // the client address
	limit       connecthttp.Limiter
}

// begin starts r's session unless it has one; false when the client
// address has started too many.
func (s *starter) begin(w http.ResponseWriter, r *http.Request) (ok bool, wait time.Duration) {
	if s.start == nil {
		return true, 0
	}
	if _, err := s.user(w, r); err == nil {
		return true, 0
	}
	if ok, wait := s.limit.Allow(r.Context(), s.addr(r), time.Now()); !ok {
		return false, wait
	}
	_, _ = s.start(w, r) // on failure, the API answers for the missing user
	return true, 0
}

// api starts the session of GET /api/session, then lets the API answer.
func (s *starter) api(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.begin(w, r); !ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error":{"code":"rate_limited","message":"too many new sessions from your address; wait a moment and try again"}}`+"\n")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// page starts the session of a page load, so an anonymous visitor's cookie
// comes with the page and the app's first API calls, made in parallel,
// share it. A page loads whether or not a session could start.
func (s *starter) page(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.Header.Get("Sec-Fetch-Dest") == "document" {
			s.begin(w, r)
		}
		h.ServeHTTP(w, r)
	})
}
