package connectui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The component form builds its markup with el from a spec, a tag and its
// attributes in one string, and the attributes' values that vary:
//
//	f.el("li.option id role=option aria-selected", id, tf(on))
//
// go-app's chained setters are an interface call each, and in wasm each
// call site costs about a hundred bytes, each string argument two dozen:
// the form has hundreds of them. A spec is one argument, its names and
// fixed values no code at all.

// el is an element of the form's markup: see markup.
func (f *ComponentForm) el(spec string, values ...string) app.HTMLElem {
	return markup(f.ClassPrefix, spec, values)
}

// text is an element of the form's markup with text s: see markup.
func (f *ComponentForm) text(spec, s string, values ...string) app.UI {
	return markup(f.ClassPrefix, spec, values).Text(s)
}

// markup is the element of spec, space-separated words: the tag, with
// the element's class names after it (li.option.option-active), then its
// attributes, each with its value (role=option) or taking the next of
// values (id). An empty value leaves its attribute out (disabled,
// flag(off)). Class names, in the spec or the value of class, get prefix
// (classes). Inputs are elements too: the browser makes the same element,
// and one go-app element type (not two) is linked, 3.6 KB less.
func markup(prefix, spec string, values []string) app.HTMLElem {
	word, spec, _ := strings.Cut(spec, " ")
	tag, class, _ := strings.Cut(word, ".")
	e := app.Elem(tag)
	if class != "" {
		e.Attr("class", classes(prefix, strings.ReplaceAll(class, ".", " ")))
	}
	return attrs(e, prefix, spec, values)
}

// attrs sets the attributes of spec (markup's, without the tag) on e.
func attrs(e app.HTMLElem, prefix, spec string, values []string) app.HTMLElem {
	for spec != "" {
		var word string
		word, spec, _ = strings.Cut(spec, " ")
		name, v, fixed := strings.Cut(word, "=")
		if !fixed && len(values) > 0 {
			v, values = values[0], values[1:]
		}
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

// on adds h to e's events, in scope (app.EventScope).
func on(e app.HTMLElem, h app.EventHandler, scope string, events ...string) app.HTMLElem {
	for _, ev := range events {
		e = e.On(ev, h, app.EventScope(scope))
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
