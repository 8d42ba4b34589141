package connectui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The component form builds its markup with el: a tag and its attributes
// as name/value pairs, set in one loop, class names prefixed there. go-app's
// chained setters are an interface call each, and in wasm each call site
// costs about a hundred bytes: the form has hundreds of them.

// el is an element with the attributes of pairs (name, value, ...); an
// empty value leaves its attribute out, and the class names of "class"
// get prefix (classes). Inputs are els too: the browser makes the same
// element, and one go-app element type (not two) is linked, 3.6 KB less.
func el(prefix, tag string, pairs []string) app.HTMLElem {
	e := app.Elem(tag)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, v := pairs[i], pairs[i+1]
		switch {
		case v == "":
		case name == "class":
			e.Attr(name, classes(prefix, v))
		default:
			e.Attr(name, v)
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
