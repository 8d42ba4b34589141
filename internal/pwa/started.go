package pwa

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// StartedEvent is dispatched on window once the page has started: the wasm
// runs and the first session answer, or failure, is in. The page's inline
// script (server/frontend/start.js) registers the service worker then, once
// the main thread is idle, not while the wasm compiles and starts.
const StartedEvent = "pdconnect:started"

// announceStart dispatches StartedEvent.
func announceStart() {
	w := app.Window()
	w.Call("dispatchEvent", w.Get("Event").New(StartedEvent))
}
