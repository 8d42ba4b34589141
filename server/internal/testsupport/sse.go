package testsupport

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SSEEvent is one Server-Sent Event.
type SSEEvent struct{ ID, Type, Data string }

// EventStream is an open GET of an event stream.
type EventStream struct {
	tb     testing.TB
	events chan SSEEvent
	cancel context.CancelFunc
}

// OpenEvents GETs the event stream at url with c's cookies (no timeout),
// resuming after lastID unless it is empty; it fails the test unless the
// answer is a 200 text/event-stream. The stream closes with the test.
func OpenEvents(tb testing.TB, c *http.Client, url, lastID string) *EventStream {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := (&http.Client{Jar: c.Jar, Transport: c.Transport}).Do(req)
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		res.Body.Close()
		tb.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	st := &EventStream{tb: tb, events: make(chan SSEEvent, 100), cancel: cancel}
	go func() {
		defer res.Body.Close()
		defer close(st.events)
		readSSE(res.Body, st.events)
	}()
	tb.Cleanup(cancel)
	return st
}

// readSSE parses events from r until it ends.
func readSSE(r io.Reader, out chan<- SSEEvent) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 4<<20)
	var ev SSEEvent
	for sc.Scan() {
		line := sc.Text()
		field, value, _ := strings.Cut(line, ": ")
		switch {
		case line == "":
			if ev.Type != "" {
				out <- ev
			}
			ev = SSEEvent{}
		case field == "id":
			ev.ID = value
		case field == "event":
			ev.Type = value
		case field == "data":
			ev.Data = value
		}
	}
}

// Next is the stream's next event, within 10 s.
func (st *EventStream) Next() SSEEvent {
	st.tb.Helper()
	select {
	case ev, ok := <-st.events:
		if !ok {
			st.tb.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		st.tb.Fatal("no event within 10 s")
	}
	return SSEEvent{}
}

// Await is the next event for which ok holds, skipping others, within 10 s.
func (st *EventStream) Await(ok func(SSEEvent) bool) SSEEvent {
	st.tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ev := st.Next(); ok(ev) {
			return ev
		}
	}
	st.tb.Fatal("no such event within 10 s")
	return SSEEvent{}
}

// Ended reports whether the server ended the stream, waiting up to 10 s
// (other events are skipped).
func (st *EventStream) Ended() bool {
	timeout := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-st.events:
			if !ok {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

// Close ends the stream.
func (st *EventStream) Close() { st.cancel() }

// StalledStream is an event stream whose client reads the answer's head
// and then nothing more, with a receive buffer as small as the system
// allows: what the server writes piles up in its own socket buffer until
// its writes block.
type StalledStream struct {
	Status int
	Header http.Header
	conn   net.Conn
	body   io.Reader
}

// OpenStalled sends GET url on a connection of its own, with the cookie
// header and the header pairs given, and reads the answer's status and
// headers only. The connection closes with the test.
func OpenStalled(tb testing.TB, url, cookie string, header ...string) *StalledStream {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	d := net.Dialer{Timeout: 10 * time.Second, Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1024) })
	}}
	conn, err := d.Dial("tcp", req.URL.Host)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := req.Write(conn); err != nil {
		tb.Fatal(err)
	}
	br := bufio.NewReaderSize(conn, 512)
	res, err := http.ReadResponse(br, req)
	if err != nil {
		tb.Fatal(err)
	}
	conn.SetDeadline(time.Time{})
	return &StalledStream{Status: res.StatusCode, Header: res.Header, conn: conn, body: res.Body}
}

// Drain reads the stream from now on and returns its events once the
// server ends it, within 10 s; ok is false when it did not end.
func (s *StalledStream) Drain() (evs []SSEEvent, ok bool) {
	s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := &errReader{r: s.body}
	ch := make(chan SSEEvent, 1<<16)
	readSSE(r, ch)
	close(ch)
	for ev := range ch {
		evs = append(evs, ev)
	}
	var ne net.Error
	return evs, !(errors.As(r.err, &ne) && ne.Timeout())
}

// errReader remembers the error that ended its reads.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// Close closes the connection.
func (s *StalledStream) Close() { s.conn.Close() }
