//go:build js && wasm

package pwa

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/jsutil"
)

// otherBuildActive reports whether the active service worker serves
// another build than the page runs. The worker
// (server/internal/frontend/worker.js) keeps its build in the cache
// "app-VERSION" and deletes every other cache before it reports itself
// activated, so the page's own build's cache is gone exactly when a worker
// of another build took over. A failed check counts as no update.
func otherBuildActive(ctx context.Context) bool {
	caches, err := safejs.Global().Get("caches")
	if err != nil {
		return false
	}
	has, err := caches.Call("has", "app-"+app.Getenv("GOAPP_VERSION"))
	if err != nil {
		return false
	}
	v, err := jsutil.Await(ctx, has)
	if err != nil {
		return false
	}
	same, err := v.Bool()
	return err == nil && !same
}
