//go:build js && wasm

// Package jsutil is the one JavaScript interop layer of the wasm side, on
// github.com/hack-pad/safejs: waiting for a promise ([Await]), a thrown or
// rejected value as a Go error ([Error]), reading arguments and properties
// ([Arg], [String], [Global], [ParseJSON]) and exposing Go functions to JavaScript
// ([Object]), and running Go later from the event loop ([NextTask],
// [WhenIdle]).
//
// It sits at the module's root internal/ so that both wasm/... (the connect
// client, the widget) and internal/pwa (the PWA) can use it.
package jsutil
