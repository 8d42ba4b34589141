//go:build !(js && wasm)

// These tests drive the server build's net/http Do against httptest
// servers, which a browser's fetch cannot reach.

package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// into decodes JSON into out.
func into(out any) func([]byte) error {
	return func(b []byte) error { return json.Unmarshal(b, out) }
}

// serve serves h and returns its URL.
func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestCallSendsAndDecodes(t *testing.T) {
	var got []string
	url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.Header.Get("Accept")+" "+r.Header.Get("Content-Type")+" "+string(b))
		if r.Method == http.MethodPost && r.Header.Get("Origin") != "http://"+r.Host {
			http.Error(w, "cross-origin", http.StatusForbidden)
			return
		}
		io.WriteString(w, `{"n":7}`)
	})
	for _, method := range []string{"GET", "POST", "DELETE"} {
		var out struct{ N int }
		if err := Call(context.Background(), method, url, into(&out)); err != nil || out.N != 7 {
			t.Errorf("%s: %+v, %v", method, out, err)
		}
	}
	want := []string{"GET application/json  ", "POST application/json application/json {}", "DELETE application/json  "}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Errorf("requests %q, want %q", got, want)
			break
		}
	}
}

func TestCallErrors(t *testing.T) {
	retryAt := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		name   string
		status int
		header string
		body   string
		want   StatusError
	}{
		{"rate limited", 429, "30", `{"error":{"code":"rate_limited","message":"slow down"}}`,
			StatusError{StatusCode: 429, Code: "rate_limited", Message: "slow down", RetryAfter: 30 * time.Second}},
		{"rate limited until a date", 429, retryAt, `{"error":{"code":"rate_limited","message":"slow down"}}`,
			StatusError{StatusCode: 429, Code: "rate_limited", Message: "slow down", RetryAfter: 90 * time.Second}},
		{"refused", 403, "", `{"error":{"code":"forbidden","message":"cross-origin request"}}`,
			StatusError{StatusCode: 403, Code: "forbidden", Message: "cross-origin request"}},
		{"the components API's", 400, "", `{"error":"prop channel: required","code":"bad_request"}`,
			StatusError{StatusCode: 400, Code: "bad_request", Message: "prop channel: required"}},
		{"a long message", 500, "", `{"error":{"message":"` + strings.Repeat("x", 600) + `"}}`,
			StatusError{StatusCode: 500, Message: strings.Repeat("x", maxMessage) + "…"}},
		{"proxy page", 502, "", `<html>Bad Gateway</html>`, StatusError{StatusCode: 502}},
		{"bad answer", 200, "", `{"n":`, StatusError{StatusCode: 200, Code: "bad_response", Message: "the server's answer was not understood"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if c.header != "" {
					w.Header().Set("Retry-After", c.header)
				}
				w.WriteHeader(c.status)
				io.WriteString(w, c.body)
			})
			var out struct{ N int }
			err := Call(context.Background(), "POST", url, into(&out))
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *StatusError", err)
			}
			// Retry-After dates have a one-second resolution.
			if d := se.RetryAfter - c.want.RetryAfter; d < -2*time.Second || d > 2*time.Second {
				t.Errorf("RetryAfter = %v, want %v", se.RetryAfter, c.want.RetryAfter)
			}
			se.RetryAfter = c.want.RetryAfter
			if *se != c.want {
				t.Errorf("err = %+v, want %+v", *se, c.want)
			}
		})
	}
}

func TestCallServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	err := Call(context.Background(), "GET", srv.URL, nil)
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Errorf("err = %v, want a *NetworkError", err)
	}
}

func TestSendHeadersAndBody(t *testing.T) {
	var got string
	url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = r.Method + " " + r.Header.Get("Authorization") + " " + r.Header.Get("Content-Type") + " " + string(b)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"ok":true}`)
	})
	res, err := Send(context.Background(), Request{
		Method: "PUT", URL: url,
		Header: map[string]string{"Authorization": "Bearer ctok_1", "Content-Type": "application/json"},
		Body:   `{"a":1}`,
	})
	if err != nil || res.Status != http.StatusCreated || string(res.Body) != `{"ok":true}` {
		t.Fatalf("Send = %+v, %v", res, err)
	}
	if want := `PUT Bearer ctok_1 application/json {"a":1}`; got != want {
		t.Errorf("server got %q, want %q", got, want)
	}
}
