//go:build !(js && wasm)

package pwa

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// listenEvents: outside the browser there is no event stream.
func listenEvents(app.Context, string, func(app.Context, string, string)) (stop func()) {
	return func() {}
}

// watchVisible: outside the browser the page is never hidden.
func watchVisible(app.Context, func(app.Context)) (stop func()) { return func() {} }
