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
		bid, desc, logo := l.id+"-"+safeID(c.ID), "", app.UI(nil)
		if c.Description != "" {
			desc = bid + "-desc"
		}
		if c.ImgSrc != "" {
			logo = uikit.Logo(c.ImgSrc, 24)
		}
		items[i] = markup(l.prefix, bid, `li.choice-item @ `+
			`<button.choice type=button id=~ aria-pressed aria-describedby " > <p.help? id=~-desc "`, nil, []app.UI{logo},
			tf(c.ID == l.selected), desc, c.Label, c.Description)
	}
	more := ""
	if l.next != "" {
		more = "More " + l.noun + "s"
	}
	// One listener takes the events of the controls in it (event).
	return markup(l.prefix, l.id, `div.search-list !input !click <label.label for=~-search " > `+
		`<input.input type=search autocomplete=off id=~-search aria-describedby=~-status aria-controls=~-list disabled value > `+
		`<p.help.status id=~-status aria-live=polite " > <ul.choices id=~-list aria-label @* > `+
		`<button.button.button-secondary? type=button id=~-more disabled "`,
		func(ctx app.Context, e app.Event) { l.event(ctx, e, reqs) }, items,
		l.label, flag(!mounted), l.query, status, l.label, flag(l.loading), more)
}
