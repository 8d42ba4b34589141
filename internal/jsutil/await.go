//go:build js && wasm

package jsutil

import (
	"context"

	"github.com/hack-pad/safejs"
)

// Await waits for a JavaScript promise to settle: its value, or its
// rejection as an [Error]. When ctx ends first it returns ctx's error and
// keeps its callbacks until the promise settles. It must not run on the
// goroutine of a JavaScript callback, which would block the event loop the
// promise needs.
func Await(ctx context.Context, promise safejs.Value) (safejs.Value, error) {
	type result struct {
		v   safejs.Value
		err error
	}
	ch := make(chan result, 1)
	onOK, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ch <- result{v: Arg(args, 0)}
		return nil
	})
	if err != nil {
		return safejs.Value{}, err
	}
	onErr, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ch <- result{err: Error(Arg(args, 0))}
		return nil
	})
	if err != nil {
		onOK.Release()
		return safejs.Value{}, err
	}
	release := func() {
		onOK.Release()
		onErr.Release()
	}
	if _, err := promise.Call("then", onOK.Value(), onErr.Value()); err != nil {
		release()
		return safejs.Value{}, err
	}
	select {
	case r := <-ch:
		release()
		return r.v, r.err
	case <-ctx.Done():
		go func() {
			<-ch
			release()
		}()
		return safejs.Value{}, ctx.Err()
	}
}
