package pipedream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultWorkflowDomain is the domain of Pipedream's workflow endpoints.
const DefaultWorkflowDomain = "m.pipedream.net"

// ExternalUserHeader names the end user a workflow is invoked for.
const ExternalUserHeader = "X-PD-External-User-ID"

// isEndpointID reports whether s is a workflow endpoint id: e, then n or o,
// then ASCII letters, digits and dashes, in any case.
func isEndpointID(s string) bool {
	s = strings.ToLower(s)
	return len(s) > 2 && s[0] == 'e' && (s[1] == 'n' || s[1] == 'o') && strings.IndexFunc(s[2:], func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || r == '-')
	}) < 0
}

// WorkflowResponse is a workflow's answer: whatever the workflow chose to
// return (up to 16 MiB of it).
type WorkflowResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// WorkflowURL returns the URL InvokeWorkflow posts to for endpoint: an
// endpoint id (en... or eo...) becomes https://{id}.{domain}; a URL must
// be http or https with a host that is the workflow domain or below it.
func (c *Client) WorkflowURL(endpoint string) (string, error) {
	endpoint = strings.TrimSpace(endpoint)
	if isEndpointID(endpoint) {
		return "https://" + strings.ToLower(endpoint) + "." + c.workflowDomain, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return "", fmt.Errorf("%w: workflow endpoint %q is neither an endpoint id (en..., eo...) nor an http(s) URL", ErrInvalidRequest, endpoint)
	}
	host := strings.ToLower(u.Hostname())
	if host != c.workflowDomain && !strings.HasSuffix(host, "."+c.workflowDomain) {
		return "", fmt.Errorf("%w: workflow URL host %q is not in the workflow domain %s", ErrInvalidRequest, host, c.workflowDomain)
	}
	return u.String(), nil
}

// InvokeWorkflow POSTs body as JSON (nothing when nil) to a workflow's
// HTTP endpoint for one end user, as the SDK's
// workflows.invokeForExternalUser does: with the project's OAuth access
// token as the bearer and the user in X-PD-External-User-ID. endpoint is
// an endpoint id or URL (see [Client.WorkflowURL]). A non-2xx answer is an
// *APIError. The call is not retried: a workflow may not be idempotent.
func (c *Client) InvokeWorkflow(ctx context.Context, endpoint, externalUserID string, body any) (WorkflowResponse, error) {
	const op = "invoke workflow"
	if strings.TrimSpace(externalUserID) == "" {
		return WorkflowResponse{}, failed(op, fmt.Errorf("%w: external user id is required", ErrInvalidRequest))
	}
	target, err := c.WorkflowURL(endpoint)
	if err != nil {
		return WorkflowResponse{}, failed(op, err)
	}
	logPath := "(workflow)"
	if u, err := url.Parse(target); err == nil {
		logPath = u.Host + u.Path
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return WorkflowResponse{}, failed(op, fmt.Errorf("encode body: %w", err))
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	tok, err := c.auth.token(ctx)
	if err != nil {
		return WorkflowResponse{}, failed(op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, rd)
	if err != nil {
		return WorkflowResponse{}, failed(op, err)
	}
	tok.SetAuthHeader(req)
	req.Header.Set(ExternalUserHeader, externalUserID)
	req.Header.Set("User-Agent", userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.noRedirects().Do(req)
	if err != nil {
		return WorkflowResponse{}, failed(op, redactURLError(err, http.MethodPost, logPath))
	}
	defer resp.Body.Close()
	c.log.DebugContext(ctx, "pipedream workflow", "path", logPath, "status", resp.StatusCode, "duration", time.Since(start))
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return WorkflowResponse{}, failed(op, fmt.Errorf("read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := parseError(resp.StatusCode, resp.Header, b, c.now())
		apiErr.Method, apiErr.Path = http.MethodPost, logPath
		return WorkflowResponse{}, failed(op, apiErr)
	}
	return WorkflowResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// noRedirects is the client's HTTP client refusing redirects, so the
// access token never follows one to another host.
func (c *Client) noRedirects() *http.Client {
	hc := *c.hc
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}
