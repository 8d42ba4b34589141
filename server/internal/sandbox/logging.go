package sandbox

import (
	"log/slog"
	"net/http"
	"regexp"
	"time"
)

// connectTokenInPath matches Connect tokens in request paths, which are
// credentials and stay out of logs.
var connectTokenInPath = regexp.MustCompile(`ctok_[^/]*`)

// proxyTargetInPath matches a proxied request's target, whose query may
// carry anything; logs keep it out.
var proxyTargetInPath = regexp.MustCompile(`/proxy/.*$`)

// statusRecorder remembers the status a handler sent.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first status sent.
func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logged logs each request's method, redacted path, status and duration at
// debug level. Query strings are left out.
func (s *Sandbox) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if !s.log.Enabled(r.Context(), slog.LevelDebug) {
			return // the path's redaction costs, logged or not
		}
		s.log.DebugContext(r.Context(), "sandbox request",
			"method", r.Method,
			"path", proxyTargetInPath.ReplaceAllString(connectTokenInPath.ReplaceAllString(r.URL.Path, "ctok_…"), "/proxy/…"),
			"status", rec.status,
			"duration", time.Since(start))
	})
}
