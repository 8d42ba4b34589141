//go:build js && wasm

package jsutil

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// Arg returns args[i], or undefined.
func Arg(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}

// String returns v[name] when v is an object or a function and v[name] a
// string.
func String(v safejs.Value, name string) (string, bool) {
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

// Error turns a thrown or rejected JavaScript value into a Go error: an
// object's message, or the value as a string.
func Error(v safejs.Value) error {
	if msg, ok := String(v, "message"); ok && msg != "" {
		return errors.New(msg)
	}
	s, err := v.String()
	if err != nil {
		return err
	}
	return errors.New(s)
}

// Global returns globalThis[name].
func Global(name string) (safejs.Value, error) {
	return safejs.Global().Get(name)
}

// Object returns a new JavaScript object whose methods call fns with their
// arguments. The js.Funcs live as long as the program: it is for APIs a
// main exposes once.
func Object(fns map[string]func(args []safejs.Value) any) (safejs.Value, error) {
	// safejs.ValueOf cannot convert a map holding functions: set them one by one.
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Value{}, err
	}
	for name, fn := range fns {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any { return fn(args) })
		if err == nil {
			err = obj.Set(name, f.Value())
		}
		if err != nil {
			return safejs.Value{}, err
		}
	}
	return obj, nil
}

// ParseJSON is JSON.parse(b).
func ParseJSON(b []byte) (safejs.Value, error) {
	j, err := Global("JSON")
	if err != nil {
		return safejs.Value{}, err
	}
	return j.Call("parse", string(b))
}
