package connectui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The component form builds its markup with markup from a spec, a tree of
// elements in one string, and the values that vary:
//
//	f.tree(id, "div.row <input.input id=~-0 aria-label > <p.help \" >", nil, nil, label, help)
//
// go-app's chained setters are an interface call each, and in wasm each
// call site costs about a hundred bytes, each string argument two dozen:
// the form has hundreds of them. A spec is one argument, its names and
// fixed values no code at all, and one call makes a whole control.

// el is an element of the form's markup: see markup.
func (f *ComponentForm) el(spec string, values ...string) app.HTMLElem {
	return markup(f.ClassPrefix, "", spec, nil, nil, values...)
}

// tree is a tree of the form's markup, ~ in its fixed values standing for
// id, its events going to h, its @ taking kids: see markup.
func (f *ComponentForm) tree(id, spec string, h app.EventHandler, kids []app.UI, values ...string) app.HTMLElem {
	return markup(f.ClassPrefix, id, spec, h, kids, values...)
}

// markup is the element of spec, space-separated words: the tag, with
// the element's class names after it (li.option.option-active), then its
// attributes and children:
//
//   - name=value is a fixed attribute, ~ in its value standing for id
//     (id=~-desc); name alone takes the next of values: an empty one
//     leaves the attribute out (disabled given flag(off)), but for value.
//     Class names, in the spec or the value of class, get prefix (classes).
//   - " is a text child, the next of values.
//   - @ is the next of kids as a child (nil: none), @* the rest of them.
//   - !event has h handle the element's event, in id's scope
//     (app.EventScope): a handler that closes over a field needs a scope of
//     its own.
//   - <tag.class starts a child element, > ends it (the last ones may be
//     left open). A child whose word ends with ? (<p.help?) is left out
//     when its text is empty.
//
// Inputs are elements too: the browser makes the same element, and one
// go-app element type (not two) is linked, 3.6 KB less.
func markup(prefix, id, spec string, h app.EventHandler, kids []app.UI, values ...string) app.HTMLElem {
	// open is an element whose end has not come yet, and its children.
	type open struct {
		e       app.HTMLElem
		body    []app.UI
		leftOut bool // it has a ? and no text yet
	}
	stack := make([]open, 0, 4)
	for spec = "<" + spec; ; {
		w := ">" // the end of the spec ends the elements left open
		if spec != "" {
			w, spec, _ = strings.Cut(spec, " ")
		}
		n := len(stack) - 1
		var add []app.UI // what the top element gets
		switch {
		case w == ">":
			top := stack[n]
			stack = stack[:n]
			if len(top.body) > 0 {
				top.e.Body(top.body...)
			}
			if n == 0 {
				return top.e
			}
			if !top.leftOut {
				add = []app.UI{top.e}
			}
			n--
		case w == "@":
			add, kids = kids[:1], kids[1:]
		case w == "@*":
			add = kids
		case w == `"`:
			if len(values) > 0 {
				if values[0] != "" {
					add, stack[n].leftOut = []app.UI{app.Text(values[0])}, false
				}
				values = values[1:]
			}
		case w[0] == '!':
			stack[n].e.On(w[1:], h, app.EventScope(id))
		case w[0] == '<':
			word, out := strings.CutSuffix(w[1:], "?")
			tag, class, _ := strings.Cut(word, ".")
			stack = append(stack, open{e: app.Elem(tag), leftOut: out})
			n++
			w = "class=" + class
			fallthrough
		default:
			name, v, fixed := strings.Cut(w, "=")
			if fixed {
				v = strings.ReplaceAll(v, "~", id)
			} else if len(values) > 0 {
				v, values = values[0], values[1:]
			}
			if name == "class" && v != "" {
				v = classes(prefix, strings.ReplaceAll(v, ".", " "))
			}
			if v != "" || name == "value" { // an empty value is one
				stack[n].e.Attr(name, v)
			}
		}
		stack[n].body = append(stack[n].body, add...)
	}
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
