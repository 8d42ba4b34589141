//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"net/url"

	"github.com/hack-pad/safejs"
)

// browserFetcher is the browser's fetch: net/http would double the bundle.
type browserFetcher struct{ origin string }

// newFetcher returns a fetcher for the API at page's origin.
func newFetcher(page *url.URL) fetcher {
	return browserFetcher{origin: page.Scheme + "://" + page.Host}
}

func (f browserFetcher) fetch(ctx context.Context, method, path string) (response, error) {
	abort, err := newAbortController()
	if err != nil {
		return response{}, err
	}
	stop := context.AfterFunc(ctx, func() { abort.Call("abort") })
	defer stop()
	signal, err := abort.Get("signal")
	if err != nil {
		return response{}, err
	}
	headers := map[string]any{"Accept": "application/json"}
	init := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"headers":     headers,
		"signal":      safejs.Unsafe(signal),
	}
	if method == "POST" {
		headers["Content-Type"] = "application/json"
		init["body"] = "{}"
	}
	opts, err := safejs.ValueOf(init)
	if err != nil {
		return response{}, err
	}
	promise, err := safejs.Global().Call("fetch", f.origin+path, opts)
	if err != nil {
		return response{}, &networkError{err}
	}
	res, err := await(ctx, promise)
	if err != nil {
		// fetch rejects only when no answer came.
		return response{}, &networkError{err}
	}
	var r response
	if r.status, err = intProp(res, "status"); err != nil {
		return response{}, err
	}
	if r.retryAfter, err = header(res, "Retry-After"); err != nil {
		return response{}, err
	}
	text, err := res.Call("text")
	if err != nil {
		return response{}, err
	}
	body, err := await(ctx, text)
	if err != nil {
		return response{}, &networkError{err}
	}
	s, err := body.String()
	if err != nil {
		return response{}, err
	}
	r.body = []byte(s)
	return r, nil
}

func newAbortController() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("AbortController")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}

func intProp(v safejs.Value, name string) (int, error) {
	p, err := v.Get(name)
	if err != nil {
		return 0, err
	}
	return p.Int()
}

// header returns a response header, "" when absent.
func header(res safejs.Value, name string) (string, error) {
	h, err := res.Get("headers")
	if err != nil {
		return "", err
	}
	v, err := h.Call("get", name)
	if err != nil || v.IsNull() {
		return "", err
	}
	return v.String()
}

// await waits for a promise to settle; a rejection is an error carrying its
// message. When ctx ends first, it returns ctx's error and lets the promise
// settle in the background before releasing its callbacks.
func await(ctx context.Context, promise safejs.Value) (safejs.Value, error) {
	type result struct {
		v   safejs.Value
		err error
	}
	done := make(chan result, 1)
	resolve, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- result{v: arg0(args)}
		return nil
	})
	if err != nil {
		return safejs.Value{}, err
	}
	reject, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- result{err: jsError(arg0(args))}
		return nil
	})
	if err != nil {
		resolve.Release()
		return safejs.Value{}, err
	}
	release := func() {
		resolve.Release()
		reject.Release()
	}
	if _, err := promise.Call("then", resolve.Value(), reject.Value()); err != nil {
		release()
		return safejs.Value{}, err
	}
	select {
	case r := <-done:
		release()
		return r.v, r.err
	case <-ctx.Done():
		go func() {
			<-done
			release()
		}()
		return safejs.Value{}, ctx.Err()
	}
}

func arg0(args []safejs.Value) safejs.Value {
	if len(args) == 0 {
		return safejs.Undefined()
	}
	return args[0]
}

// jsError turns a rejection reason into a Go error.
func jsError(reason safejs.Value) error {
	if msg, err := reason.Get("message"); err == nil {
		if s, err := msg.String(); err == nil && s != "" {
			return errors.New(s)
		}
	}
	return errors.New("the browser's fetch failed")
}
