package uikit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

func TestDescribeSaysWhatToDo(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("create token: %w", err) }
	cases := []struct {
		err  error
		want string
	}{
		{wrap(&fetch.NetworkError{Err: errors.New("Failed to fetch")}),
			"Couldn't do it: the server can't be reached. Check your connection, then try again."},
		{wrap(&fetch.StatusError{StatusCode: 429, RetryAfter: 30 * time.Second}),
			"Couldn't do it: too many requests. Try again in 30 seconds."},
		{wrap(&fetch.StatusError{StatusCode: 429, RetryAfter: 500 * time.Millisecond}),
			"Couldn't do it: too many requests. Try again in 1 second."},
		{wrap(&fetch.StatusError{StatusCode: 429}),
			"Couldn't do it: too many requests. Wait a moment, then try again."},
		{wrap(&fetch.StatusError{StatusCode: 403, Code: "forbidden", Message: "cross-origin request"}),
			"Couldn't do it: the server refused: cross-origin request. Reload the page, then try again."},
		{wrap(&fetch.StatusError{StatusCode: 401}),
			"Couldn't do it: the server refused. Reload the page, then try again."},
		{wrap(&fetch.StatusError{StatusCode: 502, Message: "Pipedream is unavailable"}),
			"Couldn't do it: the server had a problem: Pipedream is unavailable. Try again."},
		{wrap(&fetch.StatusError{StatusCode: 500}),
			"Couldn't do it: the server had a problem. Try again."},
		{wrap(&fetch.StatusError{StatusCode: 400, Code: "bad_request", Message: "app is required"}),
			"Couldn't do it: app is required."},
		{wrap(&fetch.StatusError{StatusCode: 404, Code: "not_found"}),
			"Couldn't do it: the server said no (HTTP 404 not_found)."},
		{&connect.Error{Code: connect.CodeTokenExpired, Message: "The token has expired"},
			"Couldn't do it: The token has expired."},
		{context.DeadlineExceeded,
			"Couldn't do it: the server took too long to answer. Try again."},
		{errors.New("boom"), "Couldn't do it: boom."},
	}
	for _, c := range cases {
		if got := Describe("do it", c.err); got != c.want {
			t.Errorf("describe(%v)\n got %q\nwant %q", c.err, got, c.want)
		}
	}
}
