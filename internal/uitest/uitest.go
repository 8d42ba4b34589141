// Package uitest reads go-app components' rendered markup back for tests:
// [Render] renders a component as the server prerenders it, [Doc] finds its
// elements, and [Labelled] checks that every control has a name.
package uitest

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Elem is one start tag of rendered markup, with the text right after it.
type Elem struct {
	Tag   string
	Attrs map[string]string
	Text  string
}

// Has reports whether the element has attribute name (with any value).
func (e Elem) Has(name string) bool {
	_, ok := e.Attrs[name]
	return ok
}

// Doc is rendered markup as the list of its elements, in order.
type Doc struct {
	t     *testing.T
	HTML  string
	elems []Elem
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>([^<]*)`)
	attrRE = regexp.MustCompile(`([^\s=>]+)(?:="([^"]*)")?`)
)

// Render renders ui as go-app does (for prerendering too) and parses it.
func Render(t *testing.T, ui app.UI) Doc {
	t.Helper()
	s := app.HTMLString(ui)
	d := Doc{t: t, HTML: s}
	for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
		e := Elem{Tag: m[1], Attrs: map[string]string{}, Text: strings.TrimSpace(html.UnescapeString(m[3]))}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			v := html.UnescapeString(a[2])
			if !strings.Contains(a[0], "=") {
				// go-app writes a "true" value as a bare attribute; the
				// browser's DOM gets "true".
				v = "true"
			}
			e.Attrs[a[1]] = v
		}
		d.elems = append(d.elems, e)
	}
	return d
}

// ID returns the element with the given id, failing the test without one.
func (d Doc) ID(id string) Elem {
	d.t.Helper()
	for _, e := range d.elems {
		if e.Attrs["id"] == id {
			return e
		}
	}
	d.t.Fatalf("no element with id %q in:\n%s", id, d.HTML)
	return Elem{}
}

// Find returns the elements of tag whose attribute name is value ("" value:
// any element of tag).
func (d Doc) Find(tag, name, value string) []Elem {
	var out []Elem
	for _, e := range d.elems {
		if e.Tag == tag && (name == "" || e.Attrs[name] == value) {
			out = append(out, e)
		}
	}
	return out
}

// One returns the only element of tag whose attribute name is value.
func (d Doc) One(tag, name, value string) Elem {
	d.t.Helper()
	es := d.Find(tag, name, value)
	if len(es) != 1 {
		d.t.Fatalf("%d <%s %s=%q> elements, want 1, in:\n%s", len(es), tag, name, value, d.HTML)
	}
	return es[0]
}

// Button returns the only button whose text is text.
func (d Doc) Button(text string) Elem {
	d.t.Helper()
	var out []Elem
	for _, e := range d.Find("button", "", "") {
		if e.Text == text {
			out = append(out, e)
		}
	}
	if len(out) != 1 {
		d.t.Fatalf("%d buttons reading %q, want 1, in:\n%s", len(out), text, d.HTML)
	}
	return out[0]
}

// Contains fails the test when the markup's text lacks s.
func (d Doc) Contains(s string) {
	d.t.Helper()
	if !strings.Contains(html.UnescapeString(d.HTML), s) {
		d.t.Errorf("markup lacks %q:\n%s", s, d.HTML)
	}
}

// Lacks fails the test when the markup's text has s.
func (d Doc) Lacks(s string) {
	d.t.Helper()
	if strings.Contains(html.UnescapeString(d.HTML), s) {
		d.t.Errorf("markup has %q:\n%s", s, d.HTML)
	}
}

// Labelled fails the test for a control without an accessible name: a
// button needs text or aria-label, an input a <label for> or aria-label.
func Labelled(t *testing.T, d Doc) {
	t.Helper()
	for _, b := range d.Find("button", "", "") {
		if b.Text == "" && b.Attrs["aria-label"] == "" {
			t.Errorf("button without a name: %v", b.Attrs)
		}
		if l := b.Attrs["aria-label"]; l != "" && !strings.HasPrefix(l, b.Text) {
			t.Errorf("button %q: aria-label %q does not start with its visible text", b.Text, l)
		}
		if ty := b.Attrs["type"]; ty != "button" && ty != "submit" {
			t.Errorf("button %q: type %q, want button (or submit)", b.Text, ty)
		}
	}
	for _, tag := range []string{"input", "select"} {
		for _, in := range d.Find(tag, "", "") {
			if in.Attrs["aria-label"] == "" && len(d.Find("label", "for", in.Attrs["id"])) != 1 {
				t.Errorf("%s without a label: %v", tag, in.Attrs)
			}
		}
	}
	for _, img := range d.Find("img", "", "") {
		if img.Attrs["alt"] == "" && img.Attrs["role"] != "presentation" {
			t.Errorf("image neither described nor decorative: %v", img.Attrs)
		}
	}
}
