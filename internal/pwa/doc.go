// Package pwa is the PWA: the connect experience as go-app components. The
// Page (page.go) composes its concerns, each in its own file with its state,
// its loads and its actions: who the user is (session.go, shown by
// header.go), the app catalog and the chosen app (catalog.go, picker.go),
// the hosted flow with its event log (flow.go, connectpanel.go,
// eventlog.go), the Connect Link with its QR code (link.go, linkpanel.go,
// qr.go), an account's "Run an action" and "Automations" (runaction.go,
// automations.go, both on connectui.ComponentForm), and the user's
// accounts, which the public
// github.com/pdconnect/pdconnect/wasm/connectui components own, as they own
// the Connect buttons. The PWA's update and offline notices are
// updatenotice.go and offline.go.
//
// It compiles for the browser (wasm/pwa runs it) and for the server, which
// prerenders the page: components render meaningful markup before the wasm
// runs, with their controls disabled until it does. Network calls
// (api.go, through internal/fetch) start in OnMount, which runs only in the
// browser, and state changes only through ctx.Dispatch. Code that needs the
// browser is split by file suffix (x_wasm.go / x_nowasm.go).
package pwa
