package pipedream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Response size limits.
const (
	maxBody      = 16 << 20
	maxErrorBody = 64 << 10
)

// call describes one API request.
type call struct {
	op      string // wraps errors: "create token: ..."
	method  string
	path    string // escaped, below the base URL
	logPath string // path safe to log and show; defaults to path
	query   url.Values
	body    any // JSON-encoded when non-nil
	out     any // JSON-decoded from a 2xx body when non-nil
}

// do runs r with retries (see retry.go) within the client's per-call
// timeout.
func (c *Client) do(ctx context.Context, r call) error {
	if r.logPath == "" {
		r.logPath = r.path
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return failed(r.op, fmt.Errorf("encode request: %w", err))
		}
	}
	for n := 0; ; n++ {
		status, sent, err := c.attempt(ctx, r, body)
		if err == nil {
			return nil
		}
		if n >= c.maxRetries || ctx.Err() != nil || !retryable(r.method, sent, status) {
			return failed(r.op, err)
		}
		wait := backoff(n+1, c.minDelay, c.maxDelay)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter
		}
		if dl, ok := ctx.Deadline(); wait > c.maxDelay || ok && c.now().Add(wait).After(dl) {
			return failed(r.op, err)
		}
		c.log.LogAttrs(ctx, slog.LevelWarn, "pipedream retry",
			slog.String("method", r.method), slog.String("path", r.logPath),
			slog.Int("status", status), slog.Int("retry", n+1), slog.Duration("wait", wait))
		if serr := c.sleep(ctx, wait); serr != nil {
			return failed(r.op, fmt.Errorf("%w (while waiting to retry: %w)", serr, err))
		}
	}
}

// attempt sends r once. sent reports whether the request reached the
// transport; status is the HTTP status of the response or of the token
// endpoint's refusal, zero when there was none.
func (c *Client) attempt(ctx context.Context, r call, body []byte) (status int, sent bool, err error) {
	tok, err := c.auth.token(ctx)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return apiErr.StatusCode, false, err
		}
		return 0, false, err
	}
	target := c.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, rd)
	if err != nil {
		return 0, false, fmt.Errorf("pipedream: %s %s: %w", r.method, r.logPath, err)
	}
	// The headers' values are built once and shared (never modified).
	tok.SetAuthHeader(req)
	req.Header[environmentKey] = c.envHeader
	req.Header["Accept"] = jsonHeader
	req.Header["User-Agent"] = userAgentHeader
	if body != nil {
		req.Header["Content-Type"] = jsonHeader
	}

	start := time.Now()
	resp, err := c.hc.Do(req)
	if c.log.Enabled(ctx, slog.LevelDebug) { // the attributes cost even when not logged
		attrs := []slog.Attr{slog.String("method", r.method), slog.String("path", r.logPath), slog.Duration("duration", time.Since(start))}
		if err != nil {
			c.log.LogAttrs(ctx, slog.LevelDebug, "pipedream request failed", attrs...)
		} else {
			c.log.LogAttrs(ctx, slog.LevelDebug, "pipedream request", append(attrs, slog.Int("status", resp.StatusCode))...)
		}
	}
	if err != nil {
		return 0, true, redactURLError(err, r.method, r.logPath)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		apiErr := parseError(resp.StatusCode, resp.Header, b, c.now())
		apiErr.Method, apiErr.Path = r.method, r.logPath
		return resp.StatusCode, true, apiErr
	}
	if r.out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		return resp.StatusCode, true, nil
	}
	buf := bodies.Get().(*bytes.Buffer)
	defer putBody(buf)
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBody)); err != nil {
		return resp.StatusCode, true, fmt.Errorf("pipedream: %s %s: read %d response: %w", r.method, r.logPath, resp.StatusCode, err)
	}
	if err := json.Unmarshal(buf.Bytes(), r.out); err != nil {
		return resp.StatusCode, true, fmt.Errorf("pipedream: %s %s: decode %d response: %w", r.method, r.logPath, resp.StatusCode, err)
	}
	return resp.StatusCode, true, nil
}

// Header values every call sends, built once and shared by all requests.
var (
	jsonHeader      = []string{"application/json"}
	userAgentHeader = []string{userAgent}
)

// bodies are buffers that responses are read into before they are
// decoded, reused from call to call.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBody returns buf to bodies, unless a large response grew it.
func putBody(buf *bytes.Buffer) {
	if buf.Cap() <= 64<<10 {
		buf.Reset()
		bodies.Put(buf)
	}
}

// redactURLError replaces the URL in a transport error, which may carry a
// Connect token or a query string, with the loggable path.
func redactURLError(err error, method, logPath string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: method, URL: logPath, Err: ue.Err}
	}
	return err
}

// segment escapes one path segment, refusing values that are empty or
// would change the path's shape.
func segment(name, v string) (string, error) {
	if v == "" || v == "." || v == ".." {
		return "", fmt.Errorf("%w: %s %q is not valid", ErrInvalidRequest, name, v)
	}
	return url.PathEscape(v), nil
}

// projectPath is /v1/connect/{project_id} followed by rest.
func (c *Client) projectPath(rest string) string {
	return "/v1/connect/" + url.PathEscape(c.projectID) + rest
}

// envelope decodes into v either a bare object or one wrapped as
// {"data": {...}}, the shape some single-resource endpoints use.
type envelope[T any] struct{ v *T }

func (e *envelope[T]) UnmarshalJSON(b []byte) error {
	var w struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(b, &w) == nil && len(w.Data) > 0 && w.Data[0] == '{' {
		b = w.Data
	}
	return json.Unmarshal(b, e.v)
}

// pages iterates over every item of a cursor-paginated list: list fetches
// the page after a cursor ("" for the first), and pages follows
// page_info.end_cursor from after until a page is empty, has no cursor or
// repeats one. On an error it yields the error once and stops.
func pages[T any](after string, list func(after string) ([]T, PageInfo, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := map[string]bool{}
		for {
			items, info, err := list(after)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			next := info.EndCursor
			if len(items) == 0 || next == "" || seen[next] {
				return
			}
			seen[next] = true
			after = next
		}
	}
}
