package trigger

import (
	"context"
	"time"
)

// startTimer (re)starts rec's timer when it is a timer trigger, under e.mu.
// It fires at its interval, but never more often than TimerMinimum.
func (e *Engine) startTimer(rec *record) {
	if rec.def.Interval == nil {
		return
	}
	if rec.stopTimer != nil {
		rec.stopTimer()
	}
	every := max(rec.def.Interval(rec.t.ConfiguredProps), e.opts.TimerMinimum)
	ctx, stop := context.WithCancel(e.ctx)
	rec.stopTimer = stop
	id := rec.t.ID
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				e.emit(id, tick(every, e.opts.Now()))
			}
		}
	}()
}
