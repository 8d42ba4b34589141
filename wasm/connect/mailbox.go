package connect

import "sync"

// mailbox runs a flow's callbacks in order on a goroutine of their own, so
// that neither a JavaScript event handler nor the flow waits for them.
type mailbox struct {
	mu      sync.Mutex
	queue   []func()
	running bool
}

// push queues fn.
func (m *mailbox) push(fn func()) {
	m.mu.Lock()
	m.queue = append(m.queue, fn)
	start := !m.running
	m.running = true
	m.mu.Unlock()
	if start {
		go m.run()
	}
}

// run calls the queued callbacks until the queue is empty.
func (m *mailbox) run() {
	for {
		m.mu.Lock()
		if len(m.queue) == 0 {
			m.running = false
			m.mu.Unlock()
			return
		}
		fn := m.queue[0]
		m.queue = m.queue[1:]
		m.mu.Unlock()
		fn()
	}
}
