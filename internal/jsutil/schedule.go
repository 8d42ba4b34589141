//go:build js && wasm

package jsutil

import "github.com/hack-pad/safejs"

// NextTask runs fn in a task after the current one (setTimeout 0), or on a
// goroutine should JavaScript refuse the callback.
func NextTask(fn func()) { later(fn, false) }

// WhenIdle runs fn from requestIdleCallback (within 2 s), or as NextTask
// where there is none.
func WhenIdle(fn func()) { later(fn, true) }

// later schedules fn once, releasing its callback when it runs.
func later(fn func(), idle bool) {
	var cb safejs.Func
	cb, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		cb.Release()
		fn()
		return nil
	})
	if err != nil {
		go fn()
		return
	}
	win := safejs.Global()
	if idle {
		if ric, err := win.Get("requestIdleCallback"); err == nil && ric.Type() == safejs.TypeFunction {
			opts, _ := safejs.ValueOf(map[string]any{"timeout": 2000})
			if _, err := win.Call("requestIdleCallback", cb.Value(), opts); err == nil {
				return
			}
		}
	}
	if _, err := win.Call("setTimeout", cb.Value(), 0); err != nil {
		cb.Release()
		go fn()
	}
}
