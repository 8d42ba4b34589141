package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Connect token limits of the official API.
const (
	maxOrigins        = 100
	maxFieldLen       = 2048
	defaultTokenScope = "connect:*"
	connectTokenPref  = "ctok_"
)

// createToken serves POST /v1/connect/{project_id}/tokens.
func (s *Sandbox) createToken(w http.ResponseWriter, r *http.Request) {
	var req pipedream.TokenRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := validateTokenRequest(&req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.AppID != "" {
		if _, ok := s.catalog.Lookup(req.AppID); !ok {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("app_id: app %q not found", truncate(req.AppID, 64)))
			return
		}
	}
	now := s.now()
	if ok, wait := s.limiter.Allow(r.Context(), s.opts.ProjectID+"\x00"+req.ExternalUserID, now); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, "rate limit exceeded: too many tokens for this external_user_id, retry later")
		return
	}
	if req.ExpiresIn == 0 {
		req.ExpiresIn = pipedream.MaxTokenExpiresIn
	}
	if req.Scope == "" {
		req.Scope = defaultTokenScope
	}
	tok := store.Token{
		TokenRequest: req,
		Token:        newID(connectTokenPref),
		ProjectID:    s.opts.ProjectID,
		Environment:  environment(r),
		CreatedAt:    now.UTC(),
		ExpiresAt:    now.Add(time.Duration(req.ExpiresIn) * time.Second).UTC().Truncate(time.Second),
	}
	if err := s.store.PutToken(r.Context(), tok); err != nil {
		s.internalError(w, r, fmt.Errorf("create token: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, pipedream.Token{
		Token:          tok.Token,
		ExpiresAt:      tok.ExpiresAt,
		ConnectLinkURL: s.connectLinkURL(tok.Token),
	})
}

// connectLinkURL is the hosted page's address for a Connect Link.
func (s *Sandbox) connectLinkURL(token string) string {
	return s.opts.BaseURL + "/_static/connect.html?token=" + url.QueryEscape(token) + "&connectLink=true"
}

// validateTokenRequest checks every field of a token request.
func validateTokenRequest(req *pipedream.TokenRequest) error {
	req.ExternalUserID = strings.TrimSpace(req.ExternalUserID)
	switch {
	case req.ExternalUserID == "":
		return errors.New("external_user_id is required")
	case utf8.RuneCountInString(req.ExternalUserID) > pipedream.MaxExternalUserIDLen:
		return fmt.Errorf("external_user_id must be at most %d characters", pipedream.MaxExternalUserIDLen)
	case !utf8.ValidString(req.ExternalUserID) || hasControl(req.ExternalUserID):
		return errors.New("external_user_id must be printable UTF-8")
	case req.ExpiresIn < 0 || req.ExpiresIn > pipedream.MaxTokenExpiresIn:
		return fmt.Errorf("expires_in must be between 1 and %d seconds", pipedream.MaxTokenExpiresIn)
	case len(req.AllowedOrigins) > maxOrigins:
		return fmt.Errorf("allowed_origins may list at most %d origins", maxOrigins)
	}
	for i, o := range req.AllowedOrigins {
		if err := checkOrigin(o); err != nil {
			return fmt.Errorf("allowed_origins[%d]: %w", i, err)
		}
	}
	for _, f := range []struct{ name, val string }{
		{"success_redirect_uri", req.SuccessRedirectURI},
		{"error_redirect_uri", req.ErrorRedirectURI},
		{"webhook_uri", req.WebhookURI},
	} {
		if f.val == "" {
			continue
		}
		if err := checkHTTPURL(f.val); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, f := range []struct{ name, val string }{
		{"scope", req.Scope}, {"app_id", req.AppID}, {"oauth_app_id", req.OAuthAppID},
	} {
		if len(f.val) > maxFieldLen || hasControl(f.val) || !utf8.ValidString(f.val) {
			return fmt.Errorf("%s must be printable text of at most %d bytes", f.name, maxFieldLen)
		}
	}
	return nil
}

// checkHTTPURL accepts absolute http(s) URLs with a host.
func checkHTTPURL(raw string) error {
	if len(raw) > maxFieldLen {
		return fmt.Errorf("longer than %d bytes", maxFieldLen)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", truncate(raw, 100))
	}
	return nil
}

// checkOrigin accepts scheme://host[:port] with an http(s) scheme and
// nothing else: no path, query, fragment or user info.
func checkOrigin(raw string) error {
	err := fmt.Errorf("%q is not an origin (scheme://host[:port])", truncate(raw, 100))
	u, perr := url.Parse(raw)
	if perr != nil || len(raw) > maxFieldLen {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.Opaque != "" ||
		strings.HasSuffix(raw, "#") {
		return err
	}
	if p := u.Port(); p != "" {
		if n, perr := strconv.Atoi(p); perr != nil || n < 1 || n > 65535 {
			return err
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return err
	}
	return nil
}

// hasControl reports whether s holds control characters.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// newID returns prefix followed by 32 random hex digits.
func newID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// internalError logs err and answers 500 without details.
func (s *Sandbox) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "sandbox request failed", "method", r.Method,
		"path", connectTokenInPath.ReplaceAllString(r.URL.Path, "ctok_…"), "err", err)
	writeError(w, http.StatusInternalServerError, "internal error")
}

// validateToken serves GET /v1/connect/tokens/{token}/validate for the
// hosted page. The token is the credential: no access token is needed. A
// failed validation is a 200 with success false and an error text.
func (s *Sandbox) validateToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	res, err := validate.Check(r.Context(), s.store, s.catalog, s.project(), r.PathValue("token"), validate.Query{
		AppID:         q.Get("app_id"),
		OAuthAppID:    q.Get("oauth_app_id"),
		AccountID:     q.Get("account_id"),
		AppOverrideID: q.Get("app_override_id"),
	}, s.now())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res.TokenValidation)
}
