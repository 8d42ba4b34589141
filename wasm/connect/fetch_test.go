//go:build js && wasm

package connect

import (
	"context"
	"errors"
	"strconv"
	"testing"
)

// stubFetch makes window.fetch answer requests for /test/token with
// fetchAnswer, [status, body] or "reject", and log them in fetchCalls.
func stubFetch(t *testing.T) {
	eval(t, `(() => {
		globalThis.fetchCalls = []; globalThis.fetchAborted = false;
		const real = window.fetch;
		window.fetch = (url, init) => {
			if (url !== "/test/token") return real(url, init);
			fetchCalls.push([url, init.method, init.credentials, init.headers.Accept].join(" "));
			if (fetchAnswer === "reject") return Promise.reject(new TypeError("Failed to fetch"));
			if (fetchAnswer === "hang") return new Promise((_, reject) =>
				init.signal.addEventListener("abort", () => { fetchAborted = true; reject(init.signal.reason) }));
			const [status, body] = fetchAnswer;
			return Promise.resolve(new Response(body, {status, headers: {"Content-Type": "application/json"}}));
		};
		globalThis.unstubFetch = () => { window.fetch = real };
	})()`)
	t.Cleanup(func() { eval(t, "unstubFetch()") })
}

// TestFetchTokens: FetchTokens POSTs to the token endpoint with the
// browser's fetch and reads its answer, or says why it could not.
func TestFetchTokens(t *testing.T) {
	stubFetch(t)
	for _, tc := range fetchTokenCases {
		t.Run(tc.name, func(t *testing.T) {
			eval(t, "fetchCalls.length = 0; globalThis.fetchAnswer = ["+strconv.Itoa(tc.status)+", "+jsString(tc.body)+"]")
			got, err := FetchTokens("/test/token")(context.Background())
			tc.check(t, "/test/token", got, err)
			if calls := evalString(t, "JSON.stringify(fetchCalls)"); calls != `["/test/token POST same-origin application/json"]` {
				t.Errorf("requests %s", calls)
			}
		})
	}
	eval(t, `globalThis.fetchAnswer = "reject"`)
	_, err := FetchTokens("/test/token")(context.Background())
	if want := "POST /test/token: the app's server could not be reached: network: Failed to fetch"; err == nil || err.Error() != want || !errors.Is(err, ErrUnreachable) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestFetchTokensAborts: when the context ends, the browser's request is
// aborted and FetchTokens returns the context's error.
func TestFetchTokensAborts(t *testing.T) {
	stubFetch(t)
	eval(t, `globalThis.fetchAnswer = "hang"`)
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() {
		_, err := FetchTokens("/test/token")(ctx)
		errs <- err
	}()
	waitFor(t, "the request", func() bool { return evalInt(t, "fetchCalls.length") == 1 })
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if !evalBool(t, "fetchAborted") {
		t.Error("the request was not aborted")
	}
}
