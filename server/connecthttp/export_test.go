package connecthttp

import "time"

// SetStreamWriteTimeout sets the bound of each write to an event stream
// until the returned func restores it; call it before the handler serves.
func SetStreamWriteTimeout(d time.Duration) (restore func()) {
	old := streamWriteTimeout
	streamWriteTimeout = d
	return func() { streamWriteTimeout = old }
}

// OpenStreams is how many event streams the handler holds open.
func (a *Handler) OpenStreams() int {
	a.streams.mu.Lock()
	defer a.streams.mu.Unlock()
	return len(a.streams.open)
}
