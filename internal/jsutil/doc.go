//go:build js && wasm

// Package jsutil is the JavaScript interop layer of the wasm side, on
// github.com/hack-pad/safejs: waiting for a promise ([Await]), a thrown or
// rejected value as a Go error ([Error]), reading arguments and properties
// ([Arg], [String], [Global], [ParseJSON]) and exposing Go functions to JavaScript
// ([Object]), and running Go later from the event loop ([NextTask],
// [WhenIdle]).
//
// It sits at the module's root internal/ so that both wasm/... (the connect
// client, the widget) and internal/pwa (the PWA) can use it.
//
// What is allowed where: wasm/connect and the widget, which run inside
// other people's pages and must never panic, touch JavaScript only through
// jsutil. go-app code (internal/pwa, internal/uikit, wasm/connectui) may
// also use go-app's app.Window and app.Value for the DOM of its own page,
// which go-app already drives; a call there that can throw or wait (a
// promise, JSON.parse, a constructor given outside input) goes through
// jsutil too.
package jsutil
