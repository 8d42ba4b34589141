package connecthttp

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Error codes of the API's JSON errors.
const (
	codeBadRequest       = "bad_request"
	codeUnauthenticated  = "unauthenticated"
	codeCrossOrigin      = "cross_origin"
	codeForbidden        = "forbidden"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeRateLimited      = "rate_limited"
	codeUpstream         = "upstream_error"
	codeUnavailable      = "upstream_unavailable"
	codeTimeout          = "upstream_timeout"
	codeInternal         = "internal"
)

// errorBody is the shape of every error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeJSON sends v as JSON, never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError sends {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

// upstreamError answers for a failed Connect API call: the service's own
// 404 and 429 pass through (with Retry-After); its other refusals are the
// server's problem, not the browser's, so they become 502; a timeout is 504.
func (a *API) upstreamError(w http.ResponseWriter, r *http.Request, what string, err error) {
	var ae *pipedream.APIError
	switch {
	case errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound:
		writeError(w, http.StatusNotFound, codeNotFound, ae.Message)
		return
	case errors.As(err, &ae) && ae.StatusCode == http.StatusTooManyRequests:
		if ae.RetryAfter > 0 {
			w.Header().Set("Retry-After", ratelimit.RetryAfter(ae.RetryAfter))
		}
		writeError(w, http.StatusTooManyRequests, codeRateLimited, "Pipedream is rate limiting these requests; try again shortly")
		return
	}
	if r.Context().Err() != nil {
		// The browser left: not a failure of ours, and nobody reads this.
		a.opts.Logger.LogAttrs(r.Context(), slog.LevelDebug, "api: "+what+": the client went away", slog.String("err", err.Error()))
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, "request cancelled")
		return
	}
	a.opts.Logger.LogAttrs(r.Context(), slog.LevelError, "api: "+what, slog.String("err", err.Error()))
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusGatewayTimeout, codeTimeout, "Pipedream did not answer in time; try again")
	case errors.As(err, &ae):
		writeError(w, http.StatusBadGateway, codeUpstream, "Pipedream refused the request: "+ae.Message)
	default:
		writeError(w, http.StatusBadGateway, codeUnavailable, "Pipedream could not be reached; try again")
	}
}
