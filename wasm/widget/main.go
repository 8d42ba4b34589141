//go:build js && wasm

// Command widget is the embeddable widget's WebAssembly half: the
// github.com/pdconnect/pdconnect/wasm/connect client behind web/static/widget.js, which turns it
// into the official SDK's createFrontendClient API.
//
// It registers globalThis.__pipedreamConnectGo with five functions, then
// calls globalThis.__pipedreamConnectReady():
//
//	newClient({frontendURL, token, tokenCallback, externalUserId}) -> id
//	connectAccount(id, opts, fields, done) -> null, error or undefined
//	preload(id, opts, fields, done)   // done(error or undefined) once the hidden page has loaded or failed
//	prefetch(id)
//	close(id)
//
// opts is the official options object, whose callbacks are looked up when
// they are due; fields are its other options as widget.js packs them, in
// one string (each JavaScript value Go reads costs the click a few
// microseconds): app, oauthAppId, appOverrideId, accountId,
// oauthScopeProfile, token, hideClose and customOauthClient ("1" or ""),
// NUL-separated. connectAccount returns null once the iframe is added, an
// error when the flow could not start, or undefined when it waits for the
// token source; it then calls done(error or undefined) once the iframe is
// added or failed.
//
// Errors handed to JavaScript are Error objects with a code property.
package main

import (
	"context"
	"strings"
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/pdconnect/pdconnect/internal/jsutil"
	"github.com/pdconnect/pdconnect/wasm/connect"
)

// registry holds the clients JavaScript made, by id.
type registry struct {
	mu      sync.Mutex
	next    int
	clients map[int]*connect.Client
}

func main() {
	r := &registry{clients: map[int]*connect.Client{}}
	api := map[string]func(args []safejs.Value) any{
		"newClient":      r.newClient,
		"connectAccount": r.connectAccount,
		"preload":        r.preload,
		"prefetch":       func(args []safejs.Value) any { r.with(args, (*connect.Client).Prefetch); return nil },
		"close":          func(args []safejs.Value) any { r.with(args, (*connect.Client).Close); return nil },
	}
	obj, err := jsutil.Object(api)
	if err != nil {
		panic(err)
	}
	if err := safejs.Global().Set("__pipedreamConnectGo", obj); err != nil {
		panic(err)
	}
	if ready, err := safejs.Global().Get("__pipedreamConnectReady"); err == nil && ready.Type() == safejs.TypeFunction {
		_, _ = ready.Invoke()
	}
	select {}
}

// newClient makes a client from a config object and returns its id, or an
// Error object.
func (r *registry) newClient(args []safejs.Value) any {
	cfg := jsutil.Arg(args, 0)
	c := connect.Config{FrontendURL: str(cfg, "frontendURL"), Token: str(cfg, "token")}
	if cb, err := cfg.Get("tokenCallback"); err == nil && cb.Type() == safejs.TypeFunction {
		c.Tokens = connect.NewTokens(tokenCallback(cb, str(cfg, "externalUserId")))
	}
	client, err := connect.NewClient(c)
	if err != nil {
		return errorValue(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	r.clients[r.next] = client
	return r.next
}

// with runs fn on the client args[0] names.
func (r *registry) with(args []safejs.Value, fn func(*connect.Client)) {
	if c := r.client(jsutil.Arg(args, 0)); c != nil {
		fn(c)
	}
}

func (r *registry) client(id safejs.Value) *connect.Client {
	if id.Type() != safejs.TypeNumber {
		return nil
	}
	n, err := id.Int()
	if err != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.clients[n]
}

// connectAccount starts a flow with the official options: see the
// package doc for what it returns.
func (r *registry) connectAccount(args []safejs.Value) any {
	c, o, err := r.flowArgs(args)
	if err != nil {
		return errorValue(err)
	}
	// With its own token the flow starts here: ConnectAccount does not
	// block then. Otherwise it may wait for the token source, on a
	// goroutine, which (started here) runs before control returns to
	// JavaScript: with a token at hand the iframe is added in the caller's
	// task either way.
	if o.Token != "" {
		if err := c.ConnectAccount(context.Background(), o); err != nil {
			return errorValue(err)
		}
		return nil
	}
	done := jsutil.Arg(args, 3)
	go func() { settle(done, c.ConnectAccount(context.Background(), o)) }()
	return safejs.Undefined()
}

// preload loads the hosted page for the options out of sight and calls
// done with undefined once it has loaded, or with an Error object.
func (r *registry) preload(args []safejs.Value) any {
	done := jsutil.Arg(args, 3)
	c, o, err := r.flowArgs(args)
	if err != nil {
		settle(done, err)
		return nil
	}
	go func() { settle(done, c.Preload(context.Background(), o)) }()
	return nil
}

// flowArgs reads a flow's arguments: the client, the options object and
// its packed fields.
func (r *registry) flowArgs(args []safejs.Value) (*connect.Client, connect.Options, error) {
	c := r.client(jsutil.Arg(args, 0))
	if c == nil {
		return nil, connect.Options{}, &connect.Error{Code: connect.CodeInvalidOptions, Message: "unknown client"}
	}
	o, err := options(jsutil.Arg(args, 1), jsutil.Arg(args, 2))
	return c, o, err
}

// settle calls done with undefined, or with err as an Error object.
func settle(done safejs.Value, err error) {
	if done.Type() != safejs.TypeFunction {
		return
	}
	if err != nil {
		_, _ = done.Invoke(errorValue(err))
		return
	}
	_, _ = done.Invoke()
}

// options reads the official connectAccount options: the fields widget.js
// packed, and the callbacks of v.
func options(v, fields safejs.Value) (connect.Options, error) {
	rest, err := fields.String()
	var f [8]string
	i := 0
	for ; i < len(f)-1; i++ {
		n := strings.IndexByte(rest, 0)
		if n < 0 {
			break
		}
		f[i], rest = rest[:n], rest[n+1:]
	}
	f[i] = rest
	if err != nil || fields.Type() != safejs.TypeString || i != len(f)-1 || strings.IndexByte(rest, 0) >= 0 {
		return connect.Options{}, &connect.Error{Code: connect.CodeInvalidOptions, Message: "unreadable options"}
	}
	o := connect.Options{
		App:               f[0],
		OAuthAppID:        f[1],
		AppOverrideID:     f[2],
		AccountID:         f[3],
		OAuthScopeProfile: f[4],
		Token:             f[5],
		HideClose:         f[6] != "",
		CustomOAuthClient: f[7] != "",
	}
	// The callbacks are looked up when they are due, as the official client
	// does, not in the click's task.
	o.OnSuccess = func(s connect.Success) { call(v, "onSuccess", "id", s.ID) }
	o.OnError = func(err error) {
		if cb := fn(v, "onError"); cb.Type() == safejs.TypeFunction {
			_, _ = cb.Invoke(errorValue(err))
		}
	}
	o.OnClose = func(st connect.CloseStatus) {
		call(v, "onClose", "successful", st.Successful, "completed", st.Completed, "cancelled", st.Cancelled)
	}
	return o, nil
}

// tokenCallback adapts the official tokenCallback({externalUserId}), which
// returns a token object or a promise of one.
func tokenCallback(cb safejs.Value, externalUserID string) connect.TokenFunc {
	return func(ctx context.Context) (connect.Token, error) {
		arg, err := safejs.ValueOf(map[string]any{"externalUserId": externalUserID})
		if err != nil {
			return connect.Token{}, err
		}
		res, err := cb.Invoke(arg)
		if err != nil {
			return connect.Token{}, err
		}
		promise, err := safejs.Global().Get("Promise")
		if err != nil {
			return connect.Token{}, err
		}
		p, err := promise.Call("resolve", res)
		if err != nil {
			return connect.Token{}, err
		}
		v, err := jsutil.Await(ctx, p)
		if err != nil {
			return connect.Token{}, err
		}
		return tokenFromJS(v)
	}
}

// errorValue is err as a JavaScript Error with code and name set.
func errorValue(err error) safejs.Value {
	msg, code := err.Error(), "error"
	if e, ok := err.(*connect.Error); ok {
		code = string(e.Code)
		if e.Code == connect.CodeConnectError {
			msg = e.Message
		}
	}
	ctor, gerr := safejs.Global().Get("Error")
	if gerr != nil {
		return safejs.Undefined()
	}
	v, gerr := ctor.New(msg)
	if gerr != nil {
		return safejs.Undefined()
	}
	_ = v.Set("code", code)
	_ = v.Set("name", "ConnectError")
	return v
}

// call invokes the function opts[name], if it is one, with an object of
// the key-value pairs kv, keys in the order given (a Go map's is random, and
// JSON.stringify shows it).
func call(opts safejs.Value, name string, kv ...any) {
	cb := fn(opts, name)
	if cb.Type() != safejs.TypeFunction {
		return
	}
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return
	}
	for i := 0; i+1 < len(kv); i += 2 {
		_ = obj.Set(kv[i].(string), kv[i+1])
	}
	_, _ = cb.Invoke(obj)
}

// str returns v[name] when it is a string, else "".
func str(v safejs.Value, name string) string {
	s, _ := jsutil.String(v, name)
	return s
}

func fn(v safejs.Value, name string) safejs.Value {
	p, err := v.Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return p
}
