//go:build !wasm

package goappcopy

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestEmptyAttributesStayInTheHTML: the attributes whose empty value means
// something (value, href, src, data, cite, download) are rendered when
// empty; upstream's attributes.Set looked for those names among the values
// and dropped them. Others are still left out when empty.
func TestEmptyAttributesStayInTheHTML(t *testing.T) {
	for _, c := range []struct {
		ui   app.UI
		want string
	}{
		{app.Option().Value("").Text("Choose"), `<option value>Choose</option>`},
		{app.Input().Value(""), `<input value>`},
		{app.A().Href("").Text("here"), `<a href>here</a>`},
		{app.Div().ID("").Title("").Class(""), `<div></div>`},
	} {
		if got := app.HTMLString(c.ui); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}
