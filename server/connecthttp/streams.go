package connecthttp

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// StreamLimits bound the open event streams (GET /connect/events), so that
// no user nor client address can hold the server's connections and memory;
// past a limit a new stream is refused with 429. Zero fields take the
// defaults.
type StreamLimits struct {
	// PerUser is how many streams one user may hold open: a page each;
	// default DefaultStreamsPerUser.
	PerUser int
	// PerAddress is how many one client address may hold open, whoever
	// its users; default DefaultStreamsPerAddress.
	PerAddress int
	// Total is how many the handler holds open at once; default
	// DefaultStreams.
	Total int
}

// Default stream limits.
const (
	DefaultStreamsPerUser    = 16
	DefaultStreamsPerAddress = 256
	DefaultStreams           = 10_000
)

// streamWriteTimeout bounds each write to an event stream: a client that
// does not read is dropped (it reconnects and resumes with Last-Event-ID).
var streamWriteTimeout = 10 * time.Second

// streams holds the open event streams: counts per user and per address
// for the limits, and each stream's end, for EndStreams.
type streams struct {
	limits StreamLimits

	mu      sync.Mutex
	ended   bool
	perUser map[string]int
	perAddr map[string]int
	open    map[*stream]struct{}
}

// stream is one open event stream.
type stream struct {
	user, addr string
	cancel     context.CancelFunc
	rc         *http.ResponseController
}

func newStreams(l StreamLimits) *streams {
	if l.PerUser <= 0 {
		l.PerUser = DefaultStreamsPerUser
	}
	if l.PerAddress <= 0 {
		l.PerAddress = DefaultStreamsPerAddress
	}
	if l.Total <= 0 {
		l.Total = DefaultStreams
	}
	return &streams{limits: l, perUser: map[string]int{}, perAddr: map[string]int{}, open: map[*stream]struct{}{}}
}

// errStreams says why a stream was refused.
type errStreams string

func (e errStreams) Error() string { return string(e) }

// Refusals of add.
const (
	errEnded       errStreams = "the server is shutting down"
	errUserStreams errStreams = "too many live update streams open for you; close other tabs"
	errAddrStreams errStreams = "too many live update streams open from your address"
	errAllStreams  errStreams = "too many live update streams open; try again later"
)

// add opens a stream for user at addr whose context ctx it cancels on
// EndStreams, or refuses it.
func (s *streams) add(ctx context.Context, user, addr string, rc *http.ResponseController) (*stream, context.Context, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.ended:
		return nil, nil, errEnded
	case s.perUser[user] >= s.limits.PerUser:
		return nil, nil, errUserStreams
	case s.perAddr[addr] >= s.limits.PerAddress:
		return nil, nil, errAddrStreams
	case len(s.open) >= s.limits.Total:
		return nil, nil, errAllStreams
	}
	ctx, cancel := context.WithCancel(ctx)
	st := &stream{user: user, addr: addr, cancel: cancel, rc: rc}
	s.open[st] = struct{}{}
	s.perUser[user]++
	s.perAddr[addr]++
	return st, ctx, nil
}

// remove forgets a stream that has ended.
func (s *streams) remove(st *stream) {
	st.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.open[st]; !ok {
		return
	}
	delete(s.open, st)
	release(s.perUser, st.user)
	release(s.perAddr, st.addr)
}

// release counts one stream of k less.
func release(counts map[string]int, k string) {
	if counts[k]--; counts[k] <= 0 {
		delete(counts, k)
	}
}

// endAll ends every open stream at once, whatever its connection's state,
// and refuses new ones.
func (s *streams) endAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = true
	for st := range s.open {
		st.cancel() // first, so that the stream's next write sees it
		_ = st.rc.SetWriteDeadline(time.Now())
	}
}

// EndStreams ends every open event stream at once, even one whose client
// has stopped reading, and refuses new ones: call it when the server shuts
// down (http.Server.RegisterOnShutdown), since a stream never goes idle by
// itself. The pages reconnect, to another replica or the restarted server.
func (a *Handler) EndStreams() { a.streams.endAll() }
