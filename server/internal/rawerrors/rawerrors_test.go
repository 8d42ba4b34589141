package rawerrors_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

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

// goError is net/http's own plain-text answer to a malformed request, byte
// for byte.
const goError = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request"

// TestABodyHoldingGoErrorBytesPassesIntact is the attack of a proxied
// body that holds net/http's error answer where the server's buffers make
// it the start of a write to the connection: the body passes intact,
// whatever the offset.
func TestABodyHoldingGoErrorBytesPassesIntact(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("off"))
		io.WriteString(w, "x")
		http.NewResponseController(w).Flush() // a chunked 200 under way
		w.Write(payload(off))
	}))
	srv.Listener = rawerrors.Listener(srv.Listener, func(status int, msg string) any { return map[string]string{"error": msg} })
	srv.Start()
	defer srv.Close()
	c := &http.Client{Timeout: 5 * time.Second}
	for off := 4080; off < 4100; off++ {
		res, err := c.Get(srv.URL + "/?off=" + strconv.Itoa(off))
		if err != nil {
			t.Fatalf("offset %d: %v", off, err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || string(b) != "x"+string(payload(off)) {
			t.Fatalf("offset %d: %d, %d bytes, %v: the body did not pass intact", off, res.StatusCode, len(b), err)
		}
	}
}

// payload is 16 KiB with goError at off.
func payload(off int) []byte {
	p := bytes.Repeat([]byte("y"), 16<<10)
	copy(p[off:], goError)
	return p
}

// TestNotImplementedAndVersionErrorsAndConnectAreJSON: the 501 and 505
// net/http writes by itself, and CONNECT, are JSON too.
func TestNotImplementedAndVersionErrorsAndConnectAreJSON(t *testing.T) {
	body := func(status int, msg string) any {
		return map[string]any{"error": map[string]any{"status": status, "message": msg}}
	}
	srv := httptest.NewUnstartedServer(rawerrors.Handler(http.NewServeMux(), body))
	srv.Listener = rawerrors.Listener(srv.Listener, body)
	srv.Start()
	defer srv.Close()
	for _, c := range []struct {
		request string
		status  int
	}{
		{"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", http.StatusNotImplemented},
		{"GET / HTTP/2.5\r\nHost: x\r\n\r\n", http.StatusHTTPVersionNotSupported},
		{"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", http.StatusMethodNotAllowed},
	} {
		res, b := raw(t, srv.Listener.Addr().String(), c.request)
		var e struct {
			Error struct {
				Status  int
				Message string
			}
		}
		if res.StatusCode != c.status || res.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			json.Unmarshal([]byte(b), &e) != nil || e.Error.Status != c.status || e.Error.Message == "" {
			t.Errorf("%q: %d %s %q; want a JSON %d", c.request, res.StatusCode, res.Header.Get("Content-Type"), b, c.status)
		}
	}
}
