//go:build js && wasm

package fetch

import (
	"context"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// Do does one same-origin request to url with the browser's fetch, aborted
// when ctx ends. A POST sends {}.
func Do(ctx context.Context, method, url string) (Response, error) {
	ctor, err := jsutil.Global("AbortController")
	if err != nil {
		return Response{}, err
	}
	abort, err := ctor.New()
	if err != nil {
		return Response{}, err
	}
	stop := context.AfterFunc(ctx, func() { _, _ = abort.Call("abort") })
	defer stop()
	signal, err := abort.Get("signal")
	if err != nil {
		return Response{}, err
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
		return Response{}, err
	}
	promise, err := safejs.Global().Call("fetch", url, opts)
	if err != nil {
		return Response{}, &NetworkError{err}
	}
	res, err := jsutil.Await(ctx, promise)
	if err != nil {
		// fetch rejects only when no answer came.
		return Response{}, &NetworkError{err}
	}
	var r Response
	status, err := res.Get("status")
	if err != nil {
		return Response{}, err
	}
	if r.Status, err = status.Int(); err != nil {
		return Response{}, err
	}
	if r.RetryAfter, err = header(res, "Retry-After"); err != nil {
		return Response{}, err
	}
	text, err := res.Call("text")
	if err != nil {
		return Response{}, err
	}
	body, err := jsutil.Await(ctx, text)
	if err != nil {
		return Response{}, &NetworkError{err}
	}
	s, err := body.String()
	if err != nil {
		return Response{}, err
	}
	r.Body = []byte(s)
	return r, nil
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

// errorBody reads {"error":{"code","message"}}, with JSON.parse; "" for
// what is missing.
func errorBody(b []byte) (code, message string) {
	v, err := jsutil.ParseJSON(b)
	if err != nil {
		return "", ""
	}
	e, err := v.Get("error")
	if err != nil {
		return "", ""
	}
	code, _ = jsutil.String(e, "code")
	message, _ = jsutil.String(e, "message")
	return code, message
}
