package sandbox

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

// The Connect proxy's limits.
const (
	// DefaultProxyLimit is the service's proxy limit: requests per
	// proxyPeriod per project.
	DefaultProxyLimit = 1000
	proxyPeriod       = 5 * time.Minute
	// maxProxyBody bounds a proxied request's body.
	maxProxyBody = 5 << 20
	// proxyHeaderPrefix marks the headers meant for the target.
	proxyHeaderPrefix = "X-Pd-Proxy-"
)

// proxyHopHeaders never pass the proxy in either direction.
var proxyHopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Te": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true, "Host": true, "Content-Length": true,
}

// proxyRequest is one proxied request, checked and ready to send.
type proxyRequest struct {
	method string
	target *url.URL
	header http.Header // forwarded headers, the credential included
	masked string      // the credential header's value, masked
	credIn string      // the credential header's name
	body   []byte
	acct   store.Account // whose credential it carries
}

// proxy serves GET, POST, PUT, PATCH and DELETE on
// /v1/connect/{project_id}/proxy/{url_64}: it sends the request to the
// target with the account's credential put in, or, with no ProxyUpstream,
// answers as the provider would, echoing what it received.
func (s *Sandbox) proxy(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.proxyLimiter.Allow(r.Context(), s.opts.ProjectID, s.now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("rate limit exceeded: at most %d proxy requests per 5 minutes per project", s.opts.ProxyLimit))
		return
	}
	p, status, err := s.proxyRequest(w, r)
	if err != nil {
		if status >= 500 {
			s.internalError(w, r, err)
			return
		}
		writeError(w, status, err.Error())
		return
	}
	if s.upstream == nil {
		s.simulate(w, r, p)
		return
	}
	s.forward(w, r, p)
}

// proxyRequest checks the request and the account and builds what goes
// upstream; on failure it returns the status to answer with.
func (s *Sandbox) proxyRequest(w http.ResponseWriter, r *http.Request) (proxyRequest, int, error) {
	raw, err := decodeURL64(r.PathValue("url_64"))
	if err != nil {
		return proxyRequest{}, http.StatusBadRequest, err
	}
	q := r.URL.Query()
	user, id := q.Get("external_user_id"), q.Get("account_id")
	if user == "" || id == "" {
		return proxyRequest{}, http.StatusBadRequest, errors.New("external_user_id and account_id are required")
	}
	a, err := s.store.Account(r.Context(), s.opts.ProjectID, id)
	if err == nil && (a.Environment != environment(r) || a.ExternalID != user) {
		err = store.ErrNotFound
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return proxyRequest{}, http.StatusNotFound, fmt.Errorf("account %s not found for external user %s", truncate(id, 64), truncate(user, 64))
	case err != nil:
		return proxyRequest{}, http.StatusInternalServerError, fmt.Errorf("proxy: get account: %w", err)
	}
	app, ok := s.catalog.Lookup(a.AppSlug)
	if !ok || !app.Connect.ProxyEnabled {
		return proxyRequest{}, http.StatusBadRequest, fmt.Errorf("the proxy is not enabled for app %s", a.AppSlug)
	}
	target, err := resolveTarget(raw, app)
	if err != nil {
		return proxyRequest{}, http.StatusBadRequest, err
	}
	if !app.AllowsHost(target.Hostname()) {
		//lint:ignore ST1005 the service's own words, which server/pipedream recognises
		return proxyRequest{}, http.StatusForbidden, fmt.Errorf("Domain %s is not allowed for this app", target.Hostname())
	}
	hdr, scheme, secret, err := app.ProxyCredential(a.Credentials)
	if err != nil {
		return proxyRequest{}, http.StatusBadRequest, fmt.Errorf("account %s cannot be used with the proxy: %w", a.ID, err)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxProxyBody))
	if err != nil {
		return proxyRequest{}, http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes", maxProxyBody)
	}
	p := proxyRequest{method: r.Method, target: target, header: http.Header{}, credIn: http.CanonicalHeaderKey(hdr), body: body, acct: a}
	for k, vs := range r.Header {
		name, ok := strings.CutPrefix(k, proxyHeaderPrefix)
		if ok && name != "" && !proxyHopHeaders[name] {
			p.header[name] = vs
		}
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && p.header.Get("Content-Type") == "" && len(body) > 0 {
		p.header.Set("Content-Type", ct)
	}
	p.header.Set(hdr, joinScheme(scheme, secret))
	p.masked = joinScheme(scheme, mask(secret))
	return p, 0, nil
}

// decodeURL64 decodes a url_64 path segment: base64 in the standard or
// the URL-safe alphabet, padded or not.
func decodeURL64(s string) (string, error) {
	norm := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimRight(s, "="))
	b, err := base64.RawStdEncoding.DecodeString(norm)
	if s == "" || err != nil || !utf8.Valid(b) {
		return "", fmt.Errorf("url_64 %q is not a base64-encoded URL", truncate(s, 64))
	}
	return string(b), nil
}

// resolveTarget parses the decoded target: an absolute http(s) URL, or a
// path resolved against the app's base_proxy_target_url.
func resolveTarget(raw string, app *catalog.App) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("url_64 does not hold a valid URL: %q", truncate(raw, 128))
	}
	if u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") {
		base, _ := url.Parse(app.Connect.BaseProxyTargetURL)
		rel := base.JoinPath(u.Path)
		rel.RawQuery = u.RawQuery
		u = rel
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("url_64 must hold an absolute http(s) URL or a path, got %q", truncate(raw, 128))
	}
	u.Fragment = ""
	return u, nil
}

// joinScheme renders a credential header's value.
func joinScheme(scheme, v string) string {
	if scheme == "" {
		return v
	}
	return scheme + " " + v
}

// mask hides all but the last four characters of a secret.
func mask(secret string) string {
	if len(secret) <= 4 {
		return strings.Repeat("*", len(secret))
	}
	return strings.Repeat("*", len(secret)-4) + secret[len(secret)-4:]
}

// ProxyEcho is what the simulated provider answers to a proxied request:
// what reached it, the credential masked but for its last four characters.
type ProxyEcho struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"` // lower-case names
	Body    string            `json:"body"`
}

// simulate answers as the simulated provider: from the account's state
// for the main resources it keeps (see provider.Serve), else with an echo.
func (s *Sandbox) simulate(w http.ResponseWriter, r *http.Request, p proxyRequest) {
	ans, ok, err := s.provider.Serve(r.Context(), providerAccount(p.acct), p.method, p.target, p.body)
	switch {
	case err != nil:
		s.internalError(w, r, fmt.Errorf("proxy: simulated provider: %w", err))
	case ok:
		writeJSON(w, ans.Status, ans.Body)
	default:
		s.echo(w, p)
	}
}

// echo answers as the simulated provider for what it keeps no state of.
func (s *Sandbox) echo(w http.ResponseWriter, p proxyRequest) {
	e := ProxyEcho{Method: p.method, URL: p.target.String(), Headers: map[string]string{}, Body: string(p.body)}
	for k, vs := range p.header {
		e.Headers[strings.ToLower(k)] = strings.Join(vs, ", ")
	}
	e.Headers[strings.ToLower(p.credIn)] = p.masked
	writeJSON(w, http.StatusOK, e)
}

// forward sends p to ProxyUpstream, keeping the target's path and query,
// and copies the answer back.
func (s *Sandbox) forward(w http.ResponseWriter, r *http.Request, p proxyRequest) {
	u := *s.upstream
	u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/")+p.target.EscapedPath(), ""
	u.RawQuery = p.target.RawQuery
	req, err := http.NewRequestWithContext(r.Context(), p.method, u.String(), bytes.NewReader(p.body))
	if err != nil {
		s.internalError(w, r, fmt.Errorf("proxy: build upstream request: %w", err))
		return
	}
	req.Header = p.header
	req.Header.Set("X-Forwarded-Host", p.target.Host)
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		s.log.WarnContext(r.Context(), "sandbox proxy: upstream failed", "host", u.Host, "err", errors.Unwrap(err))
		writeError(w, http.StatusBadGateway, "the proxy could not reach the target")
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		if !proxyHopHeaders[k] {
			w.Header()[k] = vs
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}
