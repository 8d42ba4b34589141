//go:build !(js && wasm)

package connect

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFetchTokensOnTheHost: FetchTokens POSTs to the token endpoint and
// reads its answer, or says why it could not (fetch_test.go does the same
// with the browser's fetch).
func TestFetchTokensOnTheHost(t *testing.T) {
	var answer fetchTokenCase
	var reqs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs = append(reqs, r.Method+" "+r.URL.Path)
		w.WriteHeader(answer.status)
		io.WriteString(w, answer.body)
	}))
	for _, tc := range fetchTokenCases {
		t.Run(tc.name, func(t *testing.T) {
			answer, reqs = tc, nil
			got, err := FetchTokens(srv.URL + "/token")(context.Background())
			tc.check(t, srv.URL+"/token", got, err)
			if len(reqs) != 1 || reqs[0] != "POST /token" {
				t.Errorf("requests %q", reqs)
			}
		})
	}
	// An error answer keeps its status for errors.As.
	answer.status, answer.body = 429, `{"error":{"code":"rate_limited","message":"slow down"}}`
	_, err := FetchTokens(srv.URL + "/token")(context.Background())
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 429 || he.Code != "rate_limited" || he.Message != "slow down" {
		t.Errorf("err = %v, want a *HTTPError: 429 rate_limited: slow down", err)
	}
	srv.Close()
	_, err = FetchTokens(srv.URL + "/token")(context.Background())
	if want := "POST " + srv.URL + "/token: the app's server could not be reached: network: "; err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, ErrUnreachable) {
		t.Errorf("err = %v, want %s… matching ErrUnreachable", err, want)
	}
}

// TestFetchTokensStopsWithItsContext: a request whose context ends returns
// at once with the context's error.
func TestFetchTokensStopsWithItsContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() {
		_, err := FetchTokens(srv.URL)(ctx)
		errs <- err
	}()
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
