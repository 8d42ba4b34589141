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
	r := Request{Method: method, URL: url}
	if method == "POST" {
		r.Header = map[string]string{"Content-Type": "application/json"}
		r.Body = "{}"
	}
	return Send(ctx, r)
}

// Send does r with the browser's fetch (cookies go to the page's own
// origin only), aborted when ctx ends.
func Send(ctx context.Context, r Request) (Response, error) {
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
	for k, v := range r.Header {
		headers[k] = v
	}
	init := map[string]any{
		"method":      r.Method,
		"credentials": "same-origin",
		"headers":     headers,
		"signal":      safejs.Unsafe(signal),
	}
	if r.Body != "" {
		init["body"] = r.Body
	}
	opts, err := safejs.ValueOf(init)
	if err != nil {
		return Response{}, err
	}
	promise, err := safejs.Global().Call("fetch", r.URL, opts)
	if err != nil {
		return Response{}, &NetworkError{err}
	}
	res, err := jsutil.Await(ctx, promise)
	if err != nil {
		// fetch rejects only when no answer came.
		return Response{}, &NetworkError{err}
	}
	var out Response
	status, err := res.Get("status")
	if err != nil {
		return Response{}, err
	}
	if out.Status, err = status.Int(); err != nil {
		return Response{}, err
	}
	if out.RetryAfter, err = header(res, "Retry-After"); err != nil {
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
	out.Body = []byte(s)
	return out, nil
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

// errorBody reads an error answer's code and message with JSON.parse (see
// NewStatusError); "" for what is missing.
func errorBody(b []byte) (code, message string) {
	v, err := jsutil.ParseJSON(b)
	if err != nil {
		return "", ""
	}
	top, _ := jsutil.String(v, "code")
	if message, ok := jsutil.String(v, "error"); ok {
		return top, message
	}
	e, err := v.Get("error")
	if err != nil {
		return top, ""
	}
	code, _ = jsutil.String(e, "code")
	message, _ = jsutil.String(e, "message")
	if top != "" {
		code = top
	}
	return code, message
}
