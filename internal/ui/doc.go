// Package ui is the connect experience as go-app components: who the user
// is, an app picker, the hosted Connect flow, the user's connected accounts,
// a live event log, a Connect Link with its QR code, and the PWA's update
// and offline notices.
//
// It compiles for the browser (wasm/pwa runs it) and for the server, which
// prerenders the page: components render meaningful markup before the wasm
// runs, with their controls disabled until it does. Network calls start in
// OnMount, which runs only in the browser, and state changes only through
// ctx.Dispatch. Code that needs the browser is split by file suffix
// (x_wasm.go / x_nowasm.go).
package ui
