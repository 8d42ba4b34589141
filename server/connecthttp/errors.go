package connecthttp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// ErrorCode is the code of a JSON error answer,
// {"error":{"code":"<ErrorCode>","message":"<for people>"}}: what a client
// branches on (the message may change).
type ErrorCode string

// The codes the handlers answer with.
const (
	CodeBadRequest       ErrorCode = "bad_request"          // 400: the request is malformed, or Pipedream refused its values (413 when a body is too large)
	CodeUnauthenticated  ErrorCode = "unauthenticated"      // 401: no user (see UserFunc)
	CodeCrossOrigin      ErrorCode = "cross_origin"         // 403: a state-changing request from another origin
	CodeForbidden        ErrorCode = "forbidden"            // 403: a webhook that is not genuine
	CodeNotFound         ErrorCode = "not_found"            // 404: no such route, or not the user's account
	CodeMethodNotAllowed ErrorCode = "method_not_allowed"   // 405, with Allow
	CodeDuplicate        ErrorCode = "duplicate"            // 409: a trigger event received already
	CodeRateLimited      ErrorCode = "rate_limited"         // 429, with Retry-After: a rate limit of this package (tokens, listings, test requests, trigger deploys, webhooks, event streams) or Pipedream's own
	CodeInternal         ErrorCode = "internal"             // 500: the UserFunc failed, or a webhook could not be handled
	CodeUpstream         ErrorCode = "upstream_error"       // 502: Pipedream failed (5xx) or refused the server's credentials
	CodeUnavailable      ErrorCode = "upstream_unavailable" // 502: Pipedream could not be reached; 503: the request was cancelled, or live events are unavailable for now
	CodeTimeout          ErrorCode = "upstream_timeout"     // 504: Pipedream did not answer in time
)

// writeError sends {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, status int, code ErrorCode, msg string) {
	jsonhttp.Error(w, status, string(code), msg)
}

// upstreamError answers for a failed Connect API call. What the request
// caused is a 4xx: arguments the client refuses (400), the service's 404
// and its other refusals of the request's values (400), its 429 (with
// Retry-After); those are logged at warn. The rest is the server's side:
// 401 or 403 (its credentials) and 5xx become 502, no answer in time 504,
// logged at error. The service's own words go to the log only, never to
// the browser.
func (a *Handler) upstreamError(w http.ResponseWriter, r *http.Request, what string, err error) {
	ctx := r.Context()
	if ctx.Err() != nil {
		// The browser left: not a failure of ours, and nobody reads this.
		a.opts.Logger.LogAttrs(ctx, slog.LevelDebug, "connecthttp: "+what+": the client went away", slog.String("err", err.Error()))
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "request cancelled")
		return
	}
	warn := func() {
		a.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "connecthttp: "+what+": refused", slog.String("err", err.Error()))
	}
	var ae *pipedream.APIError
	isAPI := errors.As(err, &ae)
	switch {
	case errors.Is(err, pipedream.ErrInvalidRequest):
		warn()
		writeError(w, http.StatusBadRequest, CodeBadRequest, "could not "+what+": a value of the request is not valid")
		return
	case isAPI && ae.StatusCode == http.StatusNotFound:
		warn()
		writeError(w, http.StatusNotFound, CodeNotFound, "could not "+what+": not found")
		return
	case isAPI && ae.StatusCode == http.StatusTooManyRequests:
		warn()
		if ae.RetryAfter > 0 {
			w.Header().Set("Retry-After", ratelimit.RetryAfter(ae.RetryAfter))
		}
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "Pipedream is rate limiting these requests; try again shortly")
		return
	case isAPI && ae.StatusCode >= 400 && ae.StatusCode < 500 &&
		ae.StatusCode != http.StatusUnauthorized && ae.StatusCode != http.StatusForbidden:
		warn()
		writeError(w, http.StatusBadRequest, CodeBadRequest, "Pipedream refused to "+what+": a value of the request is not valid")
		return
	}
	a.opts.Logger.LogAttrs(ctx, slog.LevelError, "connecthttp: "+what, slog.String("err", err.Error()))
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusGatewayTimeout, CodeTimeout, "Pipedream did not answer in time; try again")
	case isAPI:
		writeError(w, http.StatusBadGateway, CodeUpstream, "Pipedream refused the request; try again later")
	default:
		writeError(w, http.StatusBadGateway, CodeUnavailable, "Pipedream could not be reached; try again")
	}
}
