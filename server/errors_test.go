package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestEveryErrorIsJSON: what net/http answers by itself (a bare % in the
// path) and a HEAD on a POST-only route are the same JSON errors as every
// other route's, on the app and on the sandbox.
func TestEveryErrorIsJSON(t *testing.T) {
	s := start(t, nil)
	sbxURL := regexp.MustCompile(`built-in sandbox" url=(\S+)`).FindStringSubmatch(s.logText())[1]
	type apiError struct {
		Error struct{ Code, Message string }
	}
	type sandboxError struct{ Error string }
	for _, c := range []struct {
		base, request string
		status        int
		allow         string
		body          any
	}{
		{s.URL, "GET /% HTTP/1.1\r\nHost: localhost\r\n\r\n", http.StatusBadRequest, "", &apiError{}},
		{s.URL, "GET /api/connect/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n", http.StatusBadRequest, "", &apiError{}},
		{s.URL, "HEAD /api/connect/token HTTP/1.1\r\nHost: localhost\r\n\r\n", http.StatusMethodNotAllowed, "POST", nil},
		{sbxURL, "GET /% HTTP/1.1\r\nHost: localhost\r\n\r\n", http.StatusBadRequest, "", &sandboxError{}},
		{s.URL, "GET / HTTP/2.5\r\nHost: localhost\r\n\r\n", http.StatusHTTPVersionNotSupported, "", &apiError{}},
		{s.URL, "POST /api/connect/token HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", http.StatusNotImplemented, "", &apiError{}},
		{s.URL, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", http.StatusMethodNotAllowed, "GET, HEAD, POST, DELETE", nil},
		{sbxURL, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", http.StatusMethodNotAllowed, "GET, HEAD, POST, DELETE", &sandboxError{}},
		{sbxURL, "GET / HTTP/2.5\r\nHost: localhost\r\n\r\n", http.StatusHTTPVersionNotSupported, "", &sandboxError{}},
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(c.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, c.request)
		method, _, _ := strings.Cut(c.request, " ")
		res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
		if err != nil {
			t.Fatalf("%q: %v", c.request, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		conn.Close()
		if res.StatusCode != c.status || res.Header.Get("Content-Type") != "application/json; charset=utf-8" || res.Header.Get("Allow") != c.allow {
			t.Errorf("%q: %d %q Allow %q; want %d JSON", c.request, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Allow"), c.status)
		}
		if c.body == nil {
			continue
		}
		err = json.Unmarshal(b, c.body)
		switch e := c.body.(type) {
		case *apiError:
			if err != nil || e.Error.Code != "bad_request" || e.Error.Message == "" {
				t.Errorf("%q: body %q is not the API's JSON error", c.request, b)
			}
		case *sandboxError:
			if err != nil || e.Error == "" {
				t.Errorf("%q: body %q is not the sandbox's JSON error", c.request, b)
			}
		}
	}
}
