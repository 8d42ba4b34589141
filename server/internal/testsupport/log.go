package testsupport

import (
	"bytes"
	"log/slog"
	"sync"
)

// LogBuffer is a log sink safe for concurrent writes, whose text a test
// reads while the code under test still logs.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Logger is a debug-level text logger writing to b.
func (b *LogBuffer) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
