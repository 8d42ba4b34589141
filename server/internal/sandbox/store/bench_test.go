package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkPutTokenParallel measures token writes from concurrent requests,
// the sandbox's hot path under load.
func BenchmarkPutTokenParallel(b *testing.B) {
	for name, open := range map[string]func() Store{
		"memory": func() Store { return NewMemory() },
		"bolt": func() Store {
			s, err := OpenBolt(filepath.Join(b.TempDir(), "sandbox.db"))
			if err != nil {
				b.Fatal(err)
			}
			return s
		},
	} {
		b.Run(name, func(b *testing.B) {
			s := open()
			defer s.Close()
			var n atomic.Int64
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := fmt.Sprintf("ctok_%d", n.Add(1))
					if err := s.PutToken(context.Background(), token(id, "u", t0.Add(time.Hour))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
