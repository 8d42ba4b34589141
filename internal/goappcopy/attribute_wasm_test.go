//go:build js && wasm

package goappcopy

import (
	"syscall/js"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// field is a text box showing Value.
type field struct {
	app.Compo
	Value string
}

func (f *field) Render() app.UI { return app.Input().ID("field").Value(f.Value) }

// TestAnInputRenderedEmptyIsCleared: a text box whose value is rendered
// empty after it held text shows nothing. Upstream dropped the empty value
// attribute, so go-app removed the attribute, which leaves the box's text.
func TestAnInputRenderedEmptyIsCleared(t *testing.T) {
	doc := js.Global().Get("document")
	doc.Get("body").Call("prepend", doc.Call("createElement", "div")) // the engine mounts in the body's first element
	e := app.NewTestEngine()
	for _, want := range []string{"typed", "", "again"} {
		if err := e.Load(&field{Value: want}); err != nil {
			t.Fatal(err)
		}
		e.ConsumeAll()
		in := doc.Call("getElementById", "field")
		if in.IsNull() {
			t.Fatal("no text box in the page")
		}
		if got := in.Get("value").String(); got != want {
			t.Errorf("the text box shows %q, want %q", got, want)
		}
	}
}
