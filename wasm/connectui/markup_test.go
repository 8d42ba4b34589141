package connectui

import (
	"testing"

	"github.com/pdconnect/pdconnect/internal/uitest"
)

// TestMarkup: a spec's tag, prefixed class names, fixed values, and
// values taken in order, empty ones left out.
func TestMarkup(t *testing.T) {
	e := markup("x-", "", "input.input.wide id type=search class disabled aria-busy aria-label", nil, nil,
		"q", "big tall", "", "true")
	d := uitest.Render(t, e)
	got := d.ID("q")
	if got.Tag != "input" {
		t.Errorf("tag %q", got.Tag)
	}
	want := map[string]string{"id": "q", "type": "search", "class": "x-input x-wide x-big x-tall", "aria-busy": "true"}
	for k, v := range want {
		if got.Attrs[k] != v || !got.Has(k) {
			t.Errorf("%s = %q, want %q (%v)", k, got.Attrs[k], v, got.Attrs)
		}
	}
	for _, k := range []string{"disabled", "aria-label"} {
		if got.Has(k) {
			t.Errorf("%s set from an empty or missing value: %v", k, got.Attrs)
		}
	}
	if d := uitest.Render(t, markup("", "", "p.help", nil, nil)); d.Find("p", "class", "pd-help") == nil {
		t.Errorf("no default prefix: %s", d.HTML)
	}
}

// TestIndexIn: the number a delegated event's target id ends with.
func TestIndexIn(t *testing.T) {
	for _, c := range []struct {
		id   string
		want int
		ok   bool
	}{
		{"f-x-opt-3", 3, true},
		{"f-x-opt-", 0, false},
		{"f-x-opt--1", 0, false},
		{"f-x-more", 0, false},
		{"f-x-opt-2-value", 0, false},
	} {
		if i, ok := indexIn(c.id, "f-x-opt-"); ok != c.ok || ok && i != c.want {
			t.Errorf("indexIn(%q) = %d %v, want %d %v", c.id, i, ok, c.want, c.ok)
		}
	}
}
