//go:build js && wasm

// Command crash stands in for the widget's bundle in a test: it starts as
// the widget does, then panics when asked for a client, so that the test
// can read the runtime's crash report in the console.
package main

import "syscall/js"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("newClient", js.FuncOf(func(js.Value, []js.Value) any { panic("the crash test's panic") }))
	js.Global().Set("__pipedreamConnectGo", api)
	js.Global().Call("__pipedreamConnectReady")
	select {}
}
