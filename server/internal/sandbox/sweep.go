package sandbox

import (
	"context"
	"time"
)

// Defaults of the token sweep.
const (
	defaultTokenRetention = time.Hour
	defaultSweepEvery     = time.Minute
)

// sweep removes the tokens spent or expired more than TokenRetention ago.
func (s *Sandbox) sweep(ctx context.Context) {
	defer s.sweeps.Add(1)
	start := time.Now()
	n, err := s.store.Sweep(ctx, s.now().Add(-s.opts.TokenRetention))
	if err != nil {
		s.log.ErrorContext(ctx, "sandbox: sweep tokens", "err", err)
		return
	}
	if n > 0 {
		s.log.InfoContext(ctx, "sandbox: removed spent and expired tokens", "count", n, "took", time.Since(start).Round(time.Millisecond))
	}
}

// sweepLoop sweeps every SweepEvery until ctx ends, then closes done.
func (s *Sandbox) sweepLoop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(s.opts.SweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.sweep(ctx)
		}
	}
}
