package connect

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// wait is how long a test waits for the page or a callback.
const wait = 5 * time.Second

// waitFor polls cond until it holds or wait has passed.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// describe is an error's code and message, or "not an *Error".
func describe(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("not an *Error: %v", err)
	}
	return string(e.Code) + ": " + e.Message
}

// code is err's Code, or "" when err is not an *Error.
func code(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// equal fails the test when got and want differ.
func equal(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// fetchTokenCase is an answer of a token endpoint and what FetchTokens
// makes of it: a token, or an error that begins with "POST url: " and err.
type fetchTokenCase struct {
	name   string
	status int
	body   string
	want   Token
	err    string
}

var fetchTokenCases = []fetchTokenCase{
	{"snake_case", 200, `{"token":"ctok_1","expires_at":"2026-11-23T02:30:00Z","connect_link_url":"https://h/l"}`,
		Token{Token: "ctok_1", ExpiresAt: time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC), ConnectLinkURL: "https://h/l"}, ""},
	{"camelCase", 201, `{"token":"ctok_2","expiresAt":"2026-11-23T02:30:00.000Z","connectLinkUrl":"https://h/l"}`,
		Token{Token: "ctok_2", ExpiresAt: time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC), ConnectLinkURL: "https://h/l"}, ""},
	{"no expiry", 200, `{"token":"ctok_3","expires_at":null}`, Token{Token: "ctok_3"}, ""},
	{"rate limited", 429, `{"error":{"code":"rate_limited","message":"slow down"}}`, Token{}, "HTTP 429 rate_limited: slow down"},
	{"proxy page", 502, `<html>Bad Gateway</html>`, Token{}, "HTTP 502"},
	{"cut short", 200, `{"token":`, Token{}, "HTTP 200 bad_response"},
	{"no token", 200, `{"token":""}`, Token{}, "the answer has no token"},
	{"bad date", 200, `{"token":"ctok_4","expires_at":"soon"}`, Token{}, "HTTP 200 bad_response"},
}

// check fails the test when FetchTokens(url) did not give what tc wants.
func (tc fetchTokenCase) check(t *testing.T, url string, got Token, err error) {
	t.Helper()
	switch {
	case tc.err == "" && err != nil:
		t.Errorf("err = %v", err)
	case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), "POST "+url+": "+tc.err)):
		t.Errorf("err = %v, want POST %s: %s…", err, url, tc.err)
	case got.Token != tc.want.Token || !got.ExpiresAt.Equal(tc.want.ExpiresAt) || got.ConnectLinkURL != tc.want.ConnectLinkURL:
		t.Errorf("token = %+v, want %+v", got, tc.want)
	}
}
