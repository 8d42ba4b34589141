package pipedream

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// proxyHeaderPrefix marks a header the Connect proxy forwards to the
// target without it: x-pd-proxy-accept arrives as Accept.
const proxyHeaderPrefix = "x-pd-proxy-"

// proxyHopHeaders are not forwarded to the target.
var proxyHopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Proxy-Authorization": true,
	"Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "Host": true,
	"Content-Length": true, "Authorization": true,
}

// ProxyTransport is an [http.RoundTripper] that sends each request through
// the Connect proxy as one end user with one of their accounts: the target
// URL goes base64-encoded in the path, the headers as x-pd-proxy-<name>,
// the body as is, and Pipedream puts the account's credentials in, so they
// never reach this process. The answer is the target's, unchanged.
//
// The proxy's own refusals come back as a [*ProxyError] with a
// [ProxyErrorKind], wrapping the [*APIError]; every other answer is the target's, errors included. An
// Authorization header set on the request is not forwarded: the proxy
// sets the account's.
type ProxyTransport struct {
	client         *Client
	externalUserID string
	accountID      string
}

// ProxyTransport returns the transport acting as externalUserID with
// accountID, which must be that user's. It is safe for concurrent use.
func (c *Client) ProxyTransport(externalUserID, accountID string) *ProxyTransport {
	return &ProxyTransport{client: c, externalUserID: externalUserID, accountID: accountID}
}

// ProxyClient returns an [*http.Client] on [Client.ProxyTransport], bounded
// by [Config.Timeout], for any Go API client that accepts one.
func (c *Client) ProxyClient(externalUserID, accountID string) *http.Client {
	return &http.Client{Transport: c.ProxyTransport(externalUserID, accountID), Timeout: c.timeout}
}

// RoundTrip sends req through the Connect proxy.
func (t *ProxyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.roundTrip(req)
	if err != nil && req.Body != nil && resp == nil {
		_ = req.Body.Close() // a RoundTripper closes the body, even on errors
	}
	return resp, err
}

func (t *ProxyTransport) roundTrip(req *http.Request) (*http.Response, error) {
	c := t.client
	if t.externalUserID == "" || t.accountID == "" {
		return nil, fmt.Errorf("%w: the proxy needs an external user id and an account id", ErrInvalidRequest)
	}
	if !req.URL.IsAbs() || req.URL.User != nil {
		return nil, fmt.Errorf("%w: proxy target %q must be an absolute URL without user info", ErrInvalidRequest, req.URL.Redacted())
	}
	target := *req.URL
	target.Fragment, target.RawFragment = "", ""
	path := c.projectPath("/proxy/" + base64.RawURLEncoding.EncodeToString([]byte(target.String())))
	q := url.Values{"external_user_id": {t.externalUserID}, "account_id": {t.accountID}}

	tok, err := c.auth.token(req.Context())
	if err != nil {
		return nil, failed("proxy "+req.Method+" "+target.Host, err)
	}
	out, err := http.NewRequestWithContext(req.Context(), req.Method, c.baseURL+path+"?"+q.Encode(), req.Body)
	if err != nil {
		return nil, failed("proxy "+req.Method+" "+target.Host, err)
	}
	out.ContentLength, out.GetBody = req.ContentLength, req.GetBody
	for k, vs := range req.Header {
		if !proxyHopHeaders[http.CanonicalHeaderKey(k)] {
			out.Header[http.CanonicalHeaderKey(proxyHeaderPrefix+k)] = vs
		}
	}
	if ct := req.Header.Get("Content-Type"); ct != "" {
		out.Header.Set("Content-Type", ct)
	}
	tok.SetAuthHeader(out)
	out.Header.Set(environmentHeader, string(c.env))
	out.Header.Set("User-Agent", userAgent)

	start := time.Now()
	resp, err := c.transport().RoundTrip(out)
	attrs := []slog.Attr{slog.String("method", req.Method), slog.String("host", target.Host)}
	if err != nil {
		c.log.LogAttrs(req.Context(), slog.LevelDebug, "pipedream proxy request failed", append(attrs, slog.Duration("duration", time.Since(start)))...)
		return nil, failed("proxy "+req.Method+" "+target.Host, redactURLError(err, req.Method, path))
	}
	c.log.LogAttrs(req.Context(), slog.LevelDebug, "pipedream proxy request",
		append(attrs, slog.Int("status", resp.StatusCode), slog.Duration("duration", time.Since(start)))...)
	resp.Request = req
	if err := t.refusal(resp, req.Method, path); err != nil {
		return nil, err
	}
	return resp, nil
}

// transport is the round tripper under the client's HTTP client.
func (c *Client) transport() http.RoundTripper {
	if c.hc.Transport != nil {
		return c.hc.Transport
	}
	return http.DefaultTransport
}

// notAllowedDomain returns the domain named by the proxy's refusal of a
// target's host, "Domain {domain} is not allowed for this app".
func notAllowedDomain(msg string) (string, bool) {
	d, prefixed := strings.CutPrefix(msg, "Domain ")
	d, suffixed := strings.CutSuffix(d, " is not allowed for this app")
	if !prefixed || !suffixed || d == "" || strings.ContainsAny(d, " \t\n\f\r") {
		return "", false
	}
	return d, true
}

// refusal returns the proxy's own refusal in resp as a typed error, having
// closed resp's body; for the target's answers it returns nil and leaves
// resp readable. The proxy's refusals are JSON objects with one string
// field, "error": a 429, a 4xx naming a domain not allowed, a 404 about
// the account. Any other answer is the target's, errors included.
func (t *ProxyTransport) refusal(resp *http.Response, method, path string) error {
	switch resp.StatusCode {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests:
	default:
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var body map[string]any
	var msg string
	ok := err == nil && json.Unmarshal(b, &body) == nil && len(body) == 1
	if ok {
		msg, ok = body["error"].(string)
	}
	newErr := func() *APIError {
		_ = resp.Body.Close()
		e := parseError(resp.StatusCode, resp.Header, b, t.client.now())
		e.Method, e.Path = method, path
		return e
	}
	pe := &ProxyError{ExternalUserID: t.externalUserID, AccountID: t.accountID, Domain: resp.Request.URL.Hostname()}
	domain, notAllowed := notAllowedDomain(msg)
	switch {
	case !ok:
	case resp.StatusCode == http.StatusTooManyRequests:
		pe.Kind, pe.Err = ProxyRateLimited, newErr()
		pe.RetryAfter = pe.Err.RetryAfter
		return pe
	case notAllowed:
		pe.Kind, pe.Domain, pe.Err = ProxyDomainNotAllowed, domain, newErr()
		return pe
	case resp.StatusCode == http.StatusNotFound && strings.Contains(strings.ToLower(msg), "account"):
		pe.Kind, pe.Err = ProxyUnknownAccount, newErr()
		return pe
	}
	resp.Body = struct { // the target's: put back what was read
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	return nil
}

// ProxyErrorKind says which of the proxy's own refusals a [*ProxyError] is.
type ProxyErrorKind string

// The proxy's refusals.
const (
	// ProxyDomainNotAllowed: the target's host is outside the app's
	// allowed domains (see [AppConnect]); ProxyError.Domain names it.
	ProxyDomainNotAllowed ProxyErrorKind = "domain_not_allowed"
	// ProxyUnknownAccount: the account does not exist or is not the end
	// user's (in this project and environment).
	ProxyUnknownAccount ProxyErrorKind = "unknown_account"
	// ProxyRateLimited: past the project's limit (1,000 requests per 5
	// minutes); ProxyError.RetryAfter says how long to wait.
	ProxyRateLimited ProxyErrorKind = "rate_limited"
)

// ProxyError is the Connect proxy's own refusal of a request, as opposed to
// the target's answer, which [ProxyTransport] returns unchanged. Inspect it
// with errors.As.
type ProxyError struct {
	Kind           ProxyErrorKind
	ExternalUserID string        // the end user the request acted as
	AccountID      string        // the account it used
	Domain         string        // the target's host
	RetryAfter     time.Duration // ProxyRateLimited: how long to wait; zero when unknown
	Err            *APIError     // the proxy's answer
}

// Error says, for people, why the proxy refused the request.
func (e *ProxyError) Error() string {
	switch e.Kind {
	case ProxyDomainNotAllowed:
		return fmt.Sprintf("pipedream: proxy: domain %s is not allowed for this app", e.Domain)
	case ProxyUnknownAccount:
		return fmt.Sprintf("pipedream: proxy: no account %s for external user %s", e.AccountID, e.ExternalUserID)
	case ProxyRateLimited:
		return fmt.Sprintf("pipedream: proxy: rate limited, retry after %v", e.RetryAfter)
	}
	return fmt.Sprintf("pipedream: proxy: %s", e.Kind)
}

// Unwrap returns the proxy's answer.
func (e *ProxyError) Unwrap() error { return e.Err }
