package connectui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The component form builds its markup with el: a tag and its attributes
// as name/value pairs, set in one loop. go-app's chained
// setters are an interface call each, and in wasm each call site costs
// about a hundred bytes: the form has hundreds of them.

// el is an element with the attributes of pairs (name, value, ...); an
// empty value leaves its attribute out. Inputs are els too: the browser
// makes the same element, and one go-app element type (not two) is
// linked, 3.6 KB less.
func el(tag string, pairs ...string) app.HTMLElem {
	e := app.Elem(tag)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			e.Attr(pairs[i], pairs[i+1])
		}
	}
	return e
}

// flag is a boolean attribute's value: present ("true") or absent; also
// for aria-* states whose absence means false (aria-invalid, aria-busy).
func flag(on bool) string {
	if on {
		return "true"
	}
	return ""
}

// tf is "true" or "false", for aria-* states and checked.
func tf(on bool) string {
	if on {
		return "true"
	}
	return "false"
}
