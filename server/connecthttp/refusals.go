package connecthttp

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Refusal logging: a flood of refused requests must not become a flood of
// log lines, so at most refusalBurst lines go out at once and one a second
// after that (a notice says so when it starts); the next line written says
// how many were left out.
const (
	refusalBurst = 20
	refusalEvery = time.Second
)

// refusals logs refused requests at warn, sampled.
type refusals struct {
	log     *slog.Logger
	lim     *rate.Limiter
	skipped atomic.Int64
}

func newRefusals(log *slog.Logger) *refusals {
	return &refusals{log: log, lim: rate.NewLimiter(rate.Every(refusalEvery), refusalBurst)}
}

// warn logs msg with attrs, or counts it when too many came lately.
func (f *refusals) warn(ctx context.Context, msg string, attrs ...slog.Attr) {
	if !f.lim.Allow() {
		if f.skipped.Add(1) == 1 {
			f.log.LogAttrs(ctx, slog.LevelWarn, "connecthttp: too many refusals: logging one a second from now on, with the count of those left out")
		}
		return
	}
	if n := f.skipped.Swap(0); n > 0 {
		attrs = append(attrs, slog.Int64("refusals_not_logged", n))
	}
	f.log.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}
