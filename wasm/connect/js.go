//go:build js && wasm

package connect

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
)

// Await waits for a JavaScript promise to settle. It must not run on the
// goroutine of a JavaScript callback (that would block the event loop the
// promise needs).
func Await(ctx context.Context, promise safejs.Value) (safejs.Value, error) {
	type result struct {
		v   safejs.Value
		err error
	}
	ch := make(chan result, 1)
	onOK, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ch <- result{v: arg(args, 0)}
		return nil
	})
	if err != nil {
		return safejs.Value{}, err
	}
	onErr, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ch <- result{err: jsError(arg(args, 0))}
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
		// The promise may still settle: keep the funcs until it does.
		go func() {
			<-ch
			release()
		}()
		return safejs.Value{}, ctx.Err()
	}
}

// arg returns args[i], or undefined.
func arg(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}

// jsError turns a thrown or rejected JavaScript value into an error.
func jsError(v safejs.Value) error {
	if v.Type() == safejs.TypeObject {
		if msg, ok := stringProp(v, "message"); ok && msg != "" {
			return errors.New(msg)
		}
	}
	s, err := v.String()
	if err != nil {
		return err
	}
	return errors.New(s)
}

// stringProp returns v[name] when it is a string.
func stringProp(v safejs.Value, name string) (string, bool) {
	if t := v.Type(); t != safejs.TypeObject && t != safejs.TypeFunction {
		return "", false
	}
	p, err := v.Get(name)
	if err != nil || p.Type() != safejs.TypeString {
		return "", false
	}
	s, err := p.String()
	return s, err == nil
}

// global returns globalThis[name].
func global(name string) (safejs.Value, error) {
	return safejs.Global().Get(name)
}
