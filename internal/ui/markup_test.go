package ui

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// elem is one start tag of rendered markup, with the text right after it.
type elem struct {
	tag   string
	attrs map[string]string
	text  string
}

// has reports whether the element has attribute name (with any value).
func (e elem) has(name string) bool {
	_, ok := e.attrs[name]
	return ok
}

// doc is rendered markup as the list of its elements, in order.
type doc struct {
	t     *testing.T
	html  string
	elems []elem
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>([^<]*)`)
	attrRE = regexp.MustCompile(`([^\s=>]+)(?:="([^"]*)")?`)
)

// render renders ui as go-app does (for prerendering too) and parses it.
func render(t *testing.T, ui app.UI) doc {
	t.Helper()
	s := app.HTMLString(ui)
	d := doc{t: t, html: s}
	for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
		e := elem{tag: m[1], attrs: map[string]string{}, text: strings.TrimSpace(html.UnescapeString(m[3]))}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			v := html.UnescapeString(a[2])
			if !strings.Contains(a[0], "=") {
				// go-app writes a "true" value as a bare attribute; the
				// browser's DOM gets "true".
				v = "true"
			}
			e.attrs[a[1]] = v
		}
		d.elems = append(d.elems, e)
	}
	return d
}

// id returns the element with the given id, failing the test without one.
func (d doc) id(id string) elem {
	d.t.Helper()
	for _, e := range d.elems {
		if e.attrs["id"] == id {
			return e
		}
	}
	d.t.Fatalf("no element with id %q in:\n%s", id, d.html)
	return elem{}
}

// find returns the elements of tag whose attribute name is value ("" value:
// any element of tag).
func (d doc) find(tag, name, value string) []elem {
	var out []elem
	for _, e := range d.elems {
		if e.tag == tag && (name == "" || e.attrs[name] == value) {
			out = append(out, e)
		}
	}
	return out
}

// one returns the only element of tag whose attribute name is value.
func (d doc) one(tag, name, value string) elem {
	d.t.Helper()
	es := d.find(tag, name, value)
	if len(es) != 1 {
		d.t.Fatalf("%d <%s %s=%q> elements, want 1, in:\n%s", len(es), tag, name, value, d.html)
	}
	return es[0]
}

// button returns the only button whose text is text.
func (d doc) button(text string) elem {
	d.t.Helper()
	var out []elem
	for _, e := range d.find("button", "", "") {
		if e.text == text {
			out = append(out, e)
		}
	}
	if len(out) != 1 {
		d.t.Fatalf("%d buttons reading %q, want 1, in:\n%s", len(out), text, d.html)
	}
	return out[0]
}

// contains fails the test when the markup's text lacks s.
func (d doc) contains(s string) {
	d.t.Helper()
	if !strings.Contains(html.UnescapeString(d.html), s) {
		d.t.Errorf("markup lacks %q:\n%s", s, d.html)
	}
}

// lacks fails the test when the markup's text has s.
func (d doc) lacks(s string) {
	d.t.Helper()
	if strings.Contains(html.UnescapeString(d.html), s) {
		d.t.Errorf("markup has %q:\n%s", s, d.html)
	}
}
