// Command pwa is the PWA's client: the wasm bundle (web/dist/app.wasm) that
// runs the go-app components of github.com/pdconnect/pdconnect/internal/pwa in the browser. The
// server prerenders the same components and serves this bundle.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/pwa"
)

func main() {
	// The runtime and every package have started: make bench's cold-load
	// breakdown reads this mark (performance.getEntriesByName).
	app.Window().Get("performance").Call("mark", "pdconnect:main")
	pwa.Routes()
	app.RunWhenOnBrowser()
}
