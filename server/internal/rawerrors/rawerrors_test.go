package rawerrors_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/rawerrors"
)

// raw sends one raw HTTP request to addr and reads the answer.
func raw(t *testing.T, addr, request string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestServersOwnErrorsBecomeJSON(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "handled "+r.URL.Path)
	}))
	srv.Listener = rawerrors.Listener(srv.Listener, func(status int, msg string) any {
		return map[string]any{"error": map[string]any{"code": "bad_request", "message": msg}}
	})
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	for _, c := range []struct{ request, says string }{
		{"GET /% HTTP/1.1\r\nHost: x\r\n\r\n", "a % must start an escape"},
		{"GET /api/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "malformed"},
		{"GET / HTTP/1.1\r\n\r\n", "missing required Host header"},
		{"GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n", "invalid header name"},
	} {
		res, body := raw(t, addr, c.request)
		var e struct {
			Error struct{ Code, Message string }
		}
		if res.StatusCode != http.StatusBadRequest || res.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "bad_request" || !strings.Contains(e.Error.Message, c.says) {
			t.Errorf("%q: %d %s %q; want a JSON 400 saying %q", c.request, res.StatusCode, res.Header.Get("Content-Type"), body, c.says)
		}
	}
	// Everything else passes untouched.
	if res, body := raw(t, addr, "GET /ok%25 HTTP/1.1\r\nHost: x\r\n\r\n"); res.StatusCode != http.StatusOK || body != "handled /ok%" {
		t.Errorf("a good request: %d %q", res.StatusCode, body)
	}
}
