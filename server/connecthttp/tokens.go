package connecthttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// createToken answers POST /connect/token: a Connect token for the
// request's user, allowed on the app's own origin only.
func (a *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	if err := optionalObject(w, r, nil); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	if ok, wait := a.limiter.Allow(r.Context(), user, a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many Connect tokens requested; wait a moment and try again")
		return
	}
	origin, err := a.origin(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	req := pipedream.TokenRequest{ExternalUserID: user, AllowedOrigins: []string{origin}}
	if a.opts.Webhooks != nil {
		req.WebhookURI = a.opts.Webhooks.URI(user, a.opts.Now())
	}
	tok, err := a.opts.Connect.CreateToken(r.Context(), req)
	if err != nil {
		a.upstreamError(w, r, "create a Connect token", err)
		return
	}
	jsonhttp.Write(w, http.StatusOK, tok)
}

// origin is the origin the hosted Connect UI may be embedded by: the public
// URL when configured, else the page's own origin. The cross-origin check
// has already made sure a browser's Origin header names this server; a
// header that is not an origin (a path after it, say) is an error.
func (a *Handler) origin(r *http.Request) (string, error) {
	if a.opts.PublicURL != "" {
		return a.opts.PublicURL, nil
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		return o, checkOrigin(o)
	}
	if r.TLS != nil {
		return "https://" + r.Host, nil
	}
	return "http://" + r.Host, nil
}

// optionalObject accepts an empty body or a JSON object within maxBody,
// decoded into v (when not nil; unknown fields are ignored).
func optionalObject(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return errors.New("the request body is too large")
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] != '{' || !json.Valid(trimmed) {
		return errors.New("the request body must be empty or a JSON object")
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("the request body does not fit: %w", err)
		}
	}
	return nil
}
