package testsupport

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
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
