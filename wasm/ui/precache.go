package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// precacheMessage asks the service worker (server/frontend/worker.js) to
// cache the wasm bundle for the next visit.
const precacheMessage = "pdconnect:precache"

// askPrecache posts precacheMessage to the active service worker once there
// is one. The worker does not cache the bundle at install, where its copy
// would compete with the page's start on a first visit: the page asks once
// its start is over. Without service workers (an insecure origin, say) it
// does nothing.
func askPrecache() {
	sw := app.Window().Get("navigator").Get("serviceWorker")
	if !sw.Truthy() {
		return
	}
	var post app.Func
	post = app.FuncOf(func(_ app.Value, args []app.Value) any {
		defer post.Release()
		if len(args) > 0 {
			if active := args[0].Get("active"); active.Truthy() {
				active.Call("postMessage", map[string]any{"type": precacheMessage})
			}
		}
		return nil
	})
	sw.Get("ready").Call("then", post)
}
