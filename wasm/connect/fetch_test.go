//go:build js && wasm

package connect

import (
	"context"
	"strings"
	"testing"
	"time"
)

// stubFetch makes window.fetch answer requests for /test/token with
// fetchAnswer, [status, body] or "reject", and log them in fetchCalls.
func stubFetch(t *testing.T) {
	eval(t, `(() => {
		globalThis.fetchCalls = [];
		const real = window.fetch;
		window.fetch = (url, init) => {
			if (url !== "/test/token") return real(url, init);
			fetchCalls.push([url, init.method, init.credentials, init.headers.Accept].join(" "));
			if (fetchAnswer === "reject") return Promise.reject(new TypeError("Failed to fetch"));
			const [status, body] = fetchAnswer;
			return Promise.resolve(new Response(body, {status, headers: {"Content-Type": "application/json"}}));
		};
		globalThis.unstubFetch = () => { window.fetch = real };
	})()`)
	t.Cleanup(func() { eval(t, "unstubFetch()") })
}

// TestFetchTokens: FetchTokens POSTs to the token endpoint and reads its
// answer, or says why it could not.
func TestFetchTokens(t *testing.T) {
	stubFetch(t)
	at := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, answer string
		want         Token
		err          string
	}{
		{"snake_case", `[200, '{"token":"ctok_1","expires_at":"2026-11-23T02:30:00Z","connect_link_url":"https://h/l"}']`,
			Token{Token: "ctok_1", ExpiresAt: at, ConnectLinkURL: "https://h/l"}, ""},
		{"camelCase", `[201, '{"token":"ctok_2","expiresAt":"2026-11-23T02:30:00.000Z","connectLinkUrl":"https://h/l"}']`,
			Token{Token: "ctok_2", ExpiresAt: at, ConnectLinkURL: "https://h/l"}, ""},
		{"no expiry", `[200, '{"token":"ctok_3","expires_at":null}']`, Token{Token: "ctok_3"}, ""},
		{"rate limited", `[429, '{"error":{"code":"rate_limited","message":"slow down"}}']`, Token{},
			"POST /test/token: status 429: slow down"},
		{"proxy page", `[502, '<html>Bad Gateway</html>']`, Token{}, "POST /test/token: status 502"},
		{"cut short", `[200, '{"token":']`, Token{}, "POST /test/token: read the JSON response: "},
		{"no token", `[200, '{"token":""}']`, Token{}, "the token response has no token"},
		{"bad date", `[200, '{"token":"ctok_4","expires_at":"soon"}']`, Token{}, "the token response's expires_at: not a date"},
		{"network down", `"reject"`, Token{}, "POST /test/token: Failed to fetch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eval(t, "fetchCalls.length = 0; globalThis.fetchAnswer = "+tc.answer)
			got, err := FetchTokens("/test/token")(context.Background())
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
				t.Errorf("err = %v, want %s…", err, tc.err)
			case got.Token != tc.want.Token || !got.ExpiresAt.Equal(tc.want.ExpiresAt) || got.ConnectLinkURL != tc.want.ConnectLinkURL:
				t.Errorf("token = %+v, want %+v", got, tc.want)
			}
			if calls := evalString(t, "JSON.stringify(fetchCalls)"); calls != `["/test/token POST same-origin application/json"]` {
				t.Errorf("requests %s", calls)
			}
		})
	}
}

// TestTokenFromJS: the official SDK's token callback's shape, with a Date.
func TestTokenFromJS(t *testing.T) {
	v := eval(t, `({token: "ctok_1", expiresAt: new Date(Date.UTC(2026, 10, 23, 2, 30)), connectLinkUrl: "https://h/l"})`)
	got, err := TokenFromJS(v)
	want := Token{Token: "ctok_1", ExpiresAt: time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC), ConnectLinkURL: "https://h/l"}
	if err != nil || got.Token != want.Token || !got.ExpiresAt.Equal(want.ExpiresAt) || got.ConnectLinkURL != want.ConnectLinkURL {
		t.Errorf("TokenFromJS = %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{"null", "42", `"ctok_1"`, "({})", "({token: 42})", `({token: "t", expires_at: {}})`} {
		if _, err := TokenFromJS(eval(t, bad)); err == nil {
			t.Errorf("TokenFromJS(%s) took it", bad)
		}
	}
}
