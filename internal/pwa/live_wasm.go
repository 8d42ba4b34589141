//go:build js && wasm

package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// listenEvents opens an EventSource on url and calls f, through
// ctx.Dispatch, with each event's type and data; with "open" each time the
// stream connects, "dropped" when it breaks and the browser will reconnect
// by itself (sending the last event's ID), and "error" when it fails for
// good. stop closes it and releases its functions.
func listenEvents(ctx app.Context, url string, f func(ctx app.Context, typ, data string)) (stop func()) {
	ctor := app.Window().Get("EventSource")
	if !ctor.Truthy() {
		ctx.Dispatch(func(ctx app.Context) { f(ctx, "error", "") })
		return func() {}
	}
	es := ctor.New(url)
	var fns []app.Func
	on := func(typ string, h func(app.Value)) {
		fn := app.FuncOf(func(_ app.Value, args []app.Value) any {
			if len(args) > 0 {
				h(args[0])
			}
			return nil
		})
		es.Call("addEventListener", typ, fn)
		fns = append(fns, fn)
	}
	for _, typ := range []string{connectapi.EventStatus, connectapi.EventConnection, connectapi.EventAccountDeleted, connectapi.EventTriggerEvent} {
		on(typ, func(ev app.Value) {
			data := ev.Get("data").String()
			ctx.Dispatch(func(ctx app.Context) { f(ctx, typ, data) })
		})
	}
	on("open", func(app.Value) { ctx.Dispatch(func(ctx app.Context) { f(ctx, "open", "") }) })
	on("error", func(app.Value) {
		typ := "dropped"
		if es.Get("readyState").Int() == 2 { // CLOSED: no more retries
			typ = "error"
		}
		ctx.Dispatch(func(ctx app.Context) { f(ctx, typ, "") })
	})
	return func() {
		es.Call("close")
		for _, fn := range fns {
			fn.Release()
		}
	}
}

// watchVisible calls f, through ctx.Dispatch, each time the page becomes
// visible again, until stop.
func watchVisible(ctx app.Context, f func(ctx app.Context)) (stop func()) {
	doc := app.Window().Get("document")
	fn := app.FuncOf(func(app.Value, []app.Value) any {
		if doc.Get("visibilityState").String() == "visible" {
			ctx.Dispatch(f)
		}
		return nil
	})
	doc.Call("addEventListener", "visibilitychange", fn)
	return func() {
		doc.Call("removeEventListener", "visibilitychange", fn)
		fn.Release()
	}
}
