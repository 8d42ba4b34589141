// Command pwa is the PWA's client: the wasm bundle (web/dist/app.wasm) that
// runs the go-app components of github.com/pdconnect/pdconnect/internal/pwa in the browser. The
// server prerenders the same components and serves this bundle.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/pwa"
)

func main() {
	pwa.Routes()
	app.RunWhenOnBrowser()
}
