package connectui

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/incomparable"
	"github.com/pdconnect/pdconnect/internal/uikit"
)

// choice is one item of a searchList.
type choice struct {
	ID          string
	Label       string
	Description string
	ImgSrc      string
	data        any // what it stands for: a pipedream.Component
	_           incomparable.Marker
}

// page is one page of a searchList's items and the cursor of the next.
type page struct {
	items []choice
	next  string // "" when it is the last
}

// searchList is the searchable, paged list SelectApp and SelectComponent
// show: a search box, the items as buttons, and "More".
type searchList struct {
	id, label, noun string // ids' prefix, the search box's label, what is listed ("action")
	prefix          string // the class names' (see markup)
	selected        string
	load            func(ctx context.Context, q, after string) (page, error)
	pick            func(ctx app.Context, c choice)

	query   string
	items   []choice
	next    string
	loading bool
	seq     int
	err     string
	loaded  bool
}

// fetch loads the first page for the query, or the next one.
func (l *searchList) fetch(ctx app.Context, reqs context.Context, more bool) {
	l.seq++
	seq, q, after := l.seq, l.query, ""
	if more {
		after = l.next
	}
	l.loading, l.err = true, ""
	load := l.load
	var p page
	background(ctx, func() (err error) { p, err = load(reqs, q, after); return err }, func(ctx app.Context, err error) {
		if seq != l.seq {
			return // a newer search went out
		}
		l.loading, l.loaded = false, true
		if err != nil {
			l.err = uikit.Describe("load the "+l.noun+"s", err)
			return
		}
		if !more {
			l.items = nil
		}
		l.items = append(l.items, p.items...)
		l.next = p.next
	})
}

// el is an element of the list's markup: see markup.
func (l *searchList) el(spec string, values ...string) app.HTMLElem {
	return markup(l.prefix, spec, values)
}

// text is an element of the list's markup with text s: see markup.
func (l *searchList) text(spec, s string, values ...string) app.UI {
	return markup(l.prefix, spec, values).Text(s)
}

// event handles the events of the list's controls, which their ids name:
// a keystroke in the search box searches, a click on an item picks it,
// one on More loads the next page.
func (l *searchList) event(ctx app.Context, e app.Event, reqs context.Context) {
	target := e.Get("target")
	id := target.Get("id").String()
	switch {
	case e.Get("type").String() == "input":
		if id == l.id+"-search" {
			l.query = target.Get("value").String()
			l.fetch(ctx, reqs, false)
		}
	case id == l.id+"-more":
		l.fetch(ctx, reqs, true)
	default:
		for _, c := range l.items {
			if id == l.id+"-"+safeID(c.ID) {
				l.selected = c.ID
				l.pick(ctx, c)
				return
			}
		}
	}
}

// render draws the list; reqs is the owner's requests' context.
func (l *searchList) render(reqs context.Context, mounted bool) app.UI {
	status := ""
	switch {
	case l.err != "":
		status = l.err
	case l.loading:
		status = "Loading…"
	case l.loaded && len(l.items) == 0 && l.query == "":
		status = "No " + l.noun + "s yet." // an app without actions, say
	case l.loaded && len(l.items) == 0:
		status = "No " + l.noun + "s match."
	case l.loaded:
		status = uikit.Plural(len(l.items), l.noun)
		if l.next != "" {
			status += " so far"
		}
		status += "."
	}
	items := make([]app.UI, len(l.items))
	for i, c := range l.items {
		bid, desc := l.id+"-"+safeID(c.ID), ""
		var logo, p app.UI
		if c.Description != "" {
			desc = bid + "-desc"
			p = l.text("p.help id", c.Description, desc)
		}
		if c.ImgSrc != "" {
			logo = uikit.Logo(c.ImgSrc, 24)
		}
		items[i] = l.el("li.choice-item").Body(
			logo,
			l.text("button.choice type=button id aria-pressed aria-describedby", c.Label, bid, tf(c.ID == l.selected), desc),
			p,
		)
	}
	var more app.UI
	if l.next != "" {
		more = l.text("button.button.button-secondary type=button id disabled", "More "+l.noun+"s", l.id+"-more", flag(l.loading))
	}
	// One listener takes the events of the controls in it (event).
	return on(l.el("div.search-list"), func(ctx app.Context, e app.Event) { l.event(ctx, e, reqs) }, "", "input", "click").Body(
		l.text("label.label for", l.label, l.id+"-search"),
		l.el("input.input type=search autocomplete=off id aria-describedby aria-controls disabled",
			l.id+"-search", l.id+"-status", l.id+"-list", flag(!mounted)).
			Attr("value", l.query),
		l.text("p.help.status id aria-live=polite", status, l.id+"-status"),
		l.el("ul.choices id aria-label", l.id+"-list", l.label).Body(items...),
		more,
	)
}
