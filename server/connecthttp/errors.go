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

// ErrorCode is the code of a JSON error answer,
// {"error":{"code":"<ErrorCode>","message":"<for people>"}}: what a client
// branches on (the message may change).
type ErrorCode string

// The codes the handlers answer with.
const (
	CodeBadRequest       ErrorCode = "bad_request"          // 400: the request is malformed
	CodeUnauthenticated  ErrorCode = "unauthenticated"      // 401: no user (see UserFunc)
	CodeCrossOrigin      ErrorCode = "cross_origin"         // 403: a state-changing request from another origin
	CodeForbidden        ErrorCode = "forbidden"            // 403: a webhook that is not genuine
	CodeNotFound         ErrorCode = "not_found"            // 404: no such route, or not the user's account
	CodeMethodNotAllowed ErrorCode = "method_not_allowed"   // 405, with Allow
	CodeRateLimited      ErrorCode = "rate_limited"         // 429, with Retry-After: Options.TokenRate, webhooks from one address, or Pipedream's own limit
	CodeInternal         ErrorCode = "internal"             // 500: the UserFunc failed
	CodeUpstream         ErrorCode = "upstream_error"       // 502: Pipedream refused the request
	CodeUnavailable      ErrorCode = "upstream_unavailable" // 502: Pipedream could not be reached (503 when the client left)
	CodeTimeout          ErrorCode = "upstream_timeout"     // 504: Pipedream did not answer in time
)

// errorBody is the shape of every error answer.
type errorBody struct {
	Error struct {
		Code    ErrorCode `json:"code"`
		Message string    `json:"message"`
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
func writeError(w http.ResponseWriter, status int, code ErrorCode, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

// upstreamError answers for a failed Connect API call: the service's own
// 404 and 429 pass through (with Retry-After); its other refusals are the
// server's problem, not the browser's, so they become 502; a timeout is 504.
func (a *Handler) upstreamError(w http.ResponseWriter, r *http.Request, what string, err error) {
	var ae *pipedream.APIError
	switch {
	case errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound:
		writeError(w, http.StatusNotFound, CodeNotFound, ae.Message)
		return
	case errors.As(err, &ae) && ae.StatusCode == http.StatusTooManyRequests:
		if ae.RetryAfter > 0 {
			w.Header().Set("Retry-After", ratelimit.RetryAfter(ae.RetryAfter))
		}
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "Pipedream is rate limiting these requests; try again shortly")
		return
	}
	if r.Context().Err() != nil {
		// The browser left: not a failure of ours, and nobody reads this.
		a.opts.Logger.LogAttrs(r.Context(), slog.LevelDebug, "connecthttp: "+what+": the client went away", slog.String("err", err.Error()))
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "request cancelled")
		return
	}
	a.opts.Logger.LogAttrs(r.Context(), slog.LevelError, "connecthttp: "+what, slog.String("err", err.Error()))
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusGatewayTimeout, CodeTimeout, "Pipedream did not answer in time; try again")
	case errors.As(err, &ae):
		writeError(w, http.StatusBadGateway, CodeUpstream, "Pipedream refused the request: "+ae.Message)
	default:
		writeError(w, http.StatusBadGateway, CodeUnavailable, "Pipedream could not be reached; try again")
	}
}
