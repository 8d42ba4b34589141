package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// accessTokenPrefix starts every access token the sandbox issues.
const accessTokenPrefix = "sbx_at_"

// accessTokens issues and checks self-contained OAuth access tokens: an
// expiry and a nonce signed with a key derived from the client credentials,
// so tokens survive a sandbox restart and die when the credentials change.
type accessTokens struct {
	key []byte
}

func newAccessTokens(clientID, clientSecret string) accessTokens {
	sum := sha256.Sum256([]byte("pdconnect sandbox access token\x00" + clientID + "\x00" + clientSecret))
	return accessTokens{key: sum[:]}
}

// issue returns a token valid until exp.
func (a accessTokens) issue(exp time.Time) string {
	payload := make([]byte, 8+16)
	binary.BigEndian.PutUint64(payload, uint64(exp.Unix()))
	_, _ = rand.Read(payload[8:])
	enc := base64.RawURLEncoding
	return accessTokenPrefix + enc.EncodeToString(payload) + "." + enc.EncodeToString(a.sign(payload))
}

// Errors of access token checks.
var (
	errTokenMissing = errors.New("missing bearer token")
	errTokenInvalid = errors.New("invalid access token")
	errTokenExpired = errors.New("access token expired")
)

// check verifies tok and that it is still valid at now.
func (a accessTokens) check(tok string, now time.Time) error {
	rest, ok := strings.CutPrefix(tok, accessTokenPrefix)
	if !ok {
		return errTokenInvalid
	}
	p, m, ok := strings.Cut(rest, ".")
	if !ok {
		return errTokenInvalid
	}
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	mac, err2 := enc.DecodeString(m)
	if err1 != nil || err2 != nil || len(payload) != 24 || !hmac.Equal(mac, a.sign(payload)) {
		return errTokenInvalid
	}
	if exp := int64(binary.BigEndian.Uint64(payload)); now.Unix() >= exp {
		return errTokenExpired
	}
	return nil
}

func (a accessTokens) sign(payload []byte) []byte {
	h := hmac.New(sha256.New, a.key)
	h.Write(payload)
	return h.Sum(nil)
}

// tokenRequest is a client-credentials request, from JSON or a form.
type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope"`
}

// tokenResponse is the access token answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// oauthToken serves POST /v1/oauth/token: the client credentials grant,
// as JSON (the 3.x SDK) or as a standard form with the credentials in the
// body or in HTTP Basic authentication (golang.org/x/oauth2).
func (s *Sandbox) oauthToken(w http.ResponseWriter, r *http.Request) {
	req, basic, err := readTokenRequest(w, r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "invalid_request", ErrorDescription: err.Error()})
		return
	}
	switch req.GrantType {
	case "client_credentials":
	case "":
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "invalid_request", ErrorDescription: "grant_type is required"})
		return
	default:
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "unsupported_grant_type", ErrorDescription: "only client_credentials is supported"})
		return
	}
	if !s.validClient(req.ClientID, req.ClientSecret) {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="pipedream sandbox"`)
		}
		writeJSON(w, http.StatusUnauthorized, oauthError{Error: "invalid_client", ErrorDescription: "unknown client or wrong secret"})
		return
	}
	ttl := s.opts.AccessTokenTTL
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: s.signer.issue(s.now().Add(ttl)),
		TokenType:   "Bearer",
		ExpiresIn:   int(ttl / time.Second),
	})
}

// readTokenRequest parses the request body by its content type and merges
// HTTP Basic credentials; basic reports whether they were used.
func readTokenRequest(w http.ResponseWriter, r *http.Request) (req tokenRequest, basic bool, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		if err := decodeJSON(w, r, &req); err != nil {
			return req, false, err
		}
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			return req, false, fmt.Errorf("invalid form body: %w", err)
		}
		req = tokenRequest{
			GrantType:    r.PostForm.Get("grant_type"),
			ClientID:     r.PostForm.Get("client_id"),
			ClientSecret: r.PostForm.Get("client_secret"),
			Scope:        r.PostForm.Get("scope"),
		}
	default:
		return req, false, fmt.Errorf("unsupported content type %q: send JSON or a form", ct)
	}
	if id, secret, ok := r.BasicAuth(); ok {
		if req.ClientID != "" || req.ClientSecret != "" {
			return req, false, errors.New("send client credentials either in the body or in HTTP Basic, not both")
		}
		// RFC 6749 §2.3.1: Basic credentials are form-encoded first.
		var err1, err2 error
		req.ClientID, err1 = url.QueryUnescape(id)
		req.ClientSecret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return req, false, errors.New("malformed HTTP Basic credentials")
		}
		basic = true
	}
	return req, basic, nil
}

// validClient reports whether id and secret are the sandbox's credentials,
// in constant time.
func (s *Sandbox) validClient(id, secret string) bool {
	okID := subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.ClientID))
	okSecret := subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret))
	return okID&okSecret == 1
}

// authenticated lets through requests with a live access token.
func (s *Sandbox) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.checkBearer(r); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pipedream sandbox"`)
			writeError(w, http.StatusUnauthorized, err.Error())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkBearer verifies the request's bearer access token.
func (s *Sandbox) checkBearer(r *http.Request) error {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return errTokenMissing
	}
	return s.signer.check(strings.TrimSpace(tok), s.now())
}

// EnvironmentHeader names the project environment of every API call.
const EnvironmentHeader = "x-pd-environment"

// withEnvironment requires a valid x-pd-environment header.
func withEnvironment(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch env := pipedream.Environment(r.Header.Get(EnvironmentHeader)); env {
		case pipedream.Development, pipedream.Production:
			next.ServeHTTP(w, r)
		case "":
			writeError(w, http.StatusBadRequest, "x-pd-environment header is required (development or production)")
		default:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid x-pd-environment %q: must be development or production", env))
		}
	})
}

// environment returns the request's project environment, already checked.
func environment(r *http.Request) string { return r.Header.Get(EnvironmentHeader) }

// inProject answers 404 unless the path's project_id is the sandbox's.
func (s *Sandbox) inProject(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if id := r.PathValue("project_id"); id != s.opts.ProjectID {
			writeError(w, http.StatusNotFound, fmt.Sprintf("project %s not found", truncate(id, 64)))
			return
		}
		h(w, r)
	}
}

// truncate shortens s to at most n bytes for use in messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
