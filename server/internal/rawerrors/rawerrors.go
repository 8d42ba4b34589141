// Package rawerrors turns the plain-text error answers that net/http's
// server writes by itself, before any handler runs, into JSON: a request
// it cannot parse (a bare % in the path, a malformed Host header, a bad
// header), headers too large, a transfer encoding it does not know (501)
// or an HTTP version it does not speak (505). Those answers go straight to
// the connection in a single write, with fixed headers, which is how
// Listener recognises them; it looks only at a connection's first write,
// since any later one may be a response's body, which must pass intact.
// Handler answers CONNECT, which no route serves, in JSON too.
package rawerrors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
)

// Body builds the JSON body of an error answer from its status and a
// message for people.
type Body func(status int, message string) any

// Listener wraps l so that its connections answer net/http's own
// plain-text errors with body(status, message) as JSON instead.
func Listener(l net.Listener, body Body) net.Listener {
	return &listener{Listener: l, body: body}
}

type listener struct {
	net.Listener
	body Body
}

// Accept wraps the next connection.
func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &conn{Conn: c, body: l.body}, nil
}

type conn struct {
	net.Conn
	body  Body
	wrote bool // a response has begun: later writes are never rewritten
}

// plainHeaders are the headers net/http's server writes with its own
// error answers (server.go, conn.serve).
const plainHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// Write passes everything through but net/http's own error answer as the
// connection's first write, which it rewrites as JSON. (net/http's writes
// to a connection come from its serving goroutine, one at a time.)
func (c *conn) Write(p []byte) (int, error) {
	if c.wrote {
		return c.Conn.Write(p)
	}
	c.wrote = true
	status, detail, ok := parsePlain(p)
	if !ok {
		return c.Conn.Write(p)
	}
	msg := "the request could not be read: " + http.StatusText(status)
	switch {
	case status == http.StatusNotImplemented:
		msg += ": an unsupported transfer encoding"
	case detail != "":
		msg += ": " + detail
	case status == http.StatusBadRequest:
		msg += ": a malformed request line, path (a % must start an escape such as %25) or header"
	}
	body, err := json.Marshal(c.body(status, msg))
	if err != nil {
		return c.Conn.Write(p)
	}
	body = append(body, '\n')
	head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		status, http.StatusText(status), len(body))
	if _, err := c.Conn.Write(append([]byte(head), body...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// ReadFrom keeps the connection's own ReadFrom (sendfile) for bodies;
// net/http's error answers never come this way.
func (c *conn) ReadFrom(r io.Reader) (int64, error) {
	c.wrote = true
	return io.Copy(c.Conn, r)
}

// parsePlain recognises "HTTP/1.1 NNN Text[: detail]" + plainHeaders +
// body, a 4xx or 5xx, and returns its status and detail.
func parsePlain(p []byte) (status int, detail string, ok bool) {
	rest, found := bytes.CutPrefix(p, []byte("HTTP/1.1 "))
	if !found || len(rest) < 4 || rest[3] != ' ' {
		return 0, "", false
	}
	status, err := strconv.Atoi(string(rest[:3]))
	if err != nil || status < 400 || status > 599 {
		return 0, "", false
	}
	line, _, found := bytes.Cut(rest, []byte(plainHeaders))
	if !found || bytes.ContainsAny(line, "\r\n") {
		return 0, "", false
	}
	text := string(line[4:])
	if _, d, has := bytes.Cut([]byte(text), []byte(": ")); has {
		detail = string(d)
	}
	return status, detail, true
}

// CloseWrite keeps the connection's half-close, which net/http uses after
// some error answers.
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Handler answers CONNECT requests, which none of h's routes serve (and
// ServeMux would answer in plain text), with a JSON 405; the rest go to h.
func Handler(h http.Handler, body Body) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			h.ServeHTTP(w, r)
			return
		}
		b, err := json.Marshal(body(http.StatusMethodNotAllowed, "CONNECT is not allowed here: this is not a proxy"))
		if err != nil {
			http.Error(w, "CONNECT is not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Allow", "GET, HEAD, POST, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
		w.Write(append(b, '\n'))
	})
}
