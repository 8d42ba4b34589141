// Package uikit holds what the PWA's components (internal/pwa) and the
// public go-app components (wasm/connectui) share: status notices
// (notice.go), errors in words (describe.go) and small markup helpers
// (markup.go). It compiles for the browser and for the server, which
// prerenders those components.
package uikit
