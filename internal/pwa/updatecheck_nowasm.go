//go:build !(js && wasm)

package pwa

import "context"

// otherBuildActive: outside the browser there is no service worker.
func otherBuildActive(context.Context) bool { return false }
