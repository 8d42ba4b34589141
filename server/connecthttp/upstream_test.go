package connecthttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// failingConnect is a Connect API whose every account listing fails with
// err, as *pipedream.Client would report it.
type failingConnect struct {
	fakeConnect
	err error
}

func (f failingConnect) Accounts(context.Context, pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error] {
	return func(yield func(pipedream.Account, error) bool) { yield(pipedream.Account{}, f.err) }
}

// upstreamWords is what Pipedream said; it must never reach the browser.
const upstreamWords = "internal detail from upstream"

func apiError(status int, retryAfter time.Duration) error {
	return fmt.Errorf("pipedream: list accounts: %w", &pipedream.APIError{
		StatusCode: status, Code: "upstream_code", Message: upstreamWords, RetryAfter: retryAfter,
		Method: "GET", Path: "/v1/connect/proj_x/accounts"})
}

// TestUpstreamStatusMapping is how a failed Connect API call is answered:
// what the request caused is a 4xx in this package's words, the service's
// trouble a 502 or 504, and Pipedream's own text never goes to the browser.
func TestUpstreamStatusMapping(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		status     int
		code       connecthttp.ErrorCode
		retryAfter string
	}{
		{"refused before sending", fmt.Errorf("pipedream: list accounts: %w: limit", pipedream.ErrInvalidRequest), 400, connecthttp.CodeBadRequest, ""},
		{"the service's 400", apiError(400, 0), 400, connecthttp.CodeBadRequest, ""},
		{"the service's 422", apiError(422, 0), 400, connecthttp.CodeBadRequest, ""},
		{"the service's 404", apiError(404, 0), 404, connecthttp.CodeNotFound, ""},
		{"the service's 429", apiError(429, 90*time.Second), 429, connecthttp.CodeRateLimited, "90"},
		{"the service's 429 without Retry-After", apiError(429, 0), 429, connecthttp.CodeRateLimited, ""},
		{"the server's credentials refused (401)", apiError(401, 0), 502, connecthttp.CodeUpstream, ""},
		{"the server's credentials refused (403)", apiError(403, 0), 502, connecthttp.CodeUpstream, ""},
		{"the service failed (500)", apiError(500, 0), 502, connecthttp.CodeUpstream, ""},
		{"the service unreachable", &url.Error{Op: "Get", URL: "https://api.pipedream.com", Err: &net.OpError{Op: "dial", Err: errors.New(upstreamWords)}}, 502, connecthttp.CodeUnavailable, ""},
		{"the service slow", fmt.Errorf("pipedream: list accounts: %w", context.DeadlineExceeded), 504, connecthttp.CodeTimeout, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := connecthttp.New(connecthttp.Config{Connect: failingConnect{err: tc.err},
				User: func(http.ResponseWriter, *http.Request) (string, error) { return "customer-42", nil }})
			if err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/connect/accounts", nil))
			var body connectapi.ErrorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q is not an error answer: %v", w.Body, err)
			}
			if w.Code != tc.status || connecthttp.ErrorCode(body.Error.Code) != tc.code {
				t.Errorf("got %d %s, want %d %s", w.Code, body.Error.Code, tc.status, tc.code)
			}
			if got := w.Header().Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tc.retryAfter)
			}
			if body.Error.Message == "" || strings.Contains(w.Body.String(), upstreamWords) || strings.Contains(w.Body.String(), "upstream_code") {
				t.Errorf("message %q: want this package's words, never Pipedream's", body.Error.Message)
			}
		})
	}
}
