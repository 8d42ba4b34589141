//go:build js && wasm

package sample

// InBrowser exists in the browser only.
func InBrowser() bool { return true }
