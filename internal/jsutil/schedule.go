//go:build js && wasm

package jsutil

import (
	"sync"

	"github.com/hack-pad/safejs"
)

// tasks are the functions NextTask queued, which one js.Func, made once,
// runs: making a js.Func costs the caller's task more than the setTimeout.
var tasks struct {
	sync.Mutex
	run   safejs.Func
	made  bool
	queue []func()
}

// NextTask runs fn in a task after the current one (setTimeout 0), or on a
// goroutine should JavaScript refuse the callback. Functions queued in one
// task run in order, in one task.
func NextTask(fn func()) {
	tasks.Lock()
	tasks.queue = append(tasks.queue, fn)
	if len(tasks.queue) > 1 {
		tasks.Unlock()
		return // their task is on its way
	}
	var err error
	if !tasks.made {
		tasks.run, err = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
			runQueued()
			return nil
		})
		tasks.made = err == nil
	}
	tasks.Unlock()
	if err == nil {
		_, err = safejs.Global().Call("setTimeout", tasks.run.Value(), 0)
	}
	if err != nil {
		go runQueued()
	}
}

// runQueued runs the functions queued so far.
func runQueued() {
	tasks.Lock()
	queue := tasks.queue
	tasks.queue = nil
	tasks.Unlock()
	for _, fn := range queue {
		fn()
	}
}

// WhenIdle runs fn from requestIdleCallback (within 2 s), or as NextTask
// where there is none.
func WhenIdle(fn func()) {
	var cb safejs.Func
	cb, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		cb.Release()
		fn()
		return nil
	})
	if err == nil {
		win := safejs.Global()
		if ric, err := win.Get("requestIdleCallback"); err == nil && ric.Type() == safejs.TypeFunction {
			opts, _ := safejs.ValueOf(map[string]any{"timeout": 2000})
			if _, err := win.Call("requestIdleCallback", cb.Value(), opts); err == nil {
				return
			}
		}
		cb.Release()
	}
	NextTask(fn)
}
