package connectui

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// choice is one item of a searchList.
type choice struct {
	ID          string
	Label       string
	Description string
	ImgSrc      string
	data        any // what it stands for: a pipedream.Component
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
	cls             func(string) string
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
	ctx.Async(func() {
		p, err := load(reqs, q, after)
		ctx.Dispatch(func(ctx app.Context) {
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
	})
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
			p = el("p", "id", desc, "class", l.cls("help")).Text(c.Description)
		}
		if c.ImgSrc != "" {
			logo = uikit.Logo(c.ImgSrc, 24)
		}
		items[i] = el("li", "class", l.cls("choice-item")).Body(
			logo,
			el("button", "type", "button", "id", bid, "class", l.cls("choice"),
				"aria-pressed", tf(c.ID == l.selected), "aria-describedby", desc).
				On("click", func(ctx app.Context, e app.Event) {
					l.selected = c.ID
					l.pick(ctx, c)
				}, app.EventScope(c.ID)).
				Text(c.Label),
			p,
		)
	}
	var more app.UI
	if l.next != "" {
		more = el("button", "type", "button", "id", l.id+"-more", "class", l.cls("button button-secondary"), "disabled", flag(l.loading)).
			On("click", func(ctx app.Context, e app.Event) { l.fetch(ctx, reqs, true) }).
			Text("More " + l.noun + "s")
	}
	return el("div", "class", l.cls("search-list")).Body(
		el("label", "for", l.id+"-search", "class", l.cls("label")).Text(l.label),
		el("input", "id", l.id+"-search", "type", "search", "class", l.cls("input"), "autocomplete", "off",
			"aria-describedby", l.id+"-status", "aria-controls", l.id+"-list", "disabled", flag(!mounted)).
			Attr("value", l.query).
			On("input", func(ctx app.Context, e app.Event) {
				l.query = ctx.JSSrc().Get("value").String()
				l.fetch(ctx, reqs, false)
			}),
		el("p", "id", l.id+"-status", "class", l.cls("help status"), "aria-live", "polite").Text(status),
		el("ul", "id", l.id+"-list", "class", l.cls("choices"), "aria-label", l.label).Body(items...),
		more,
	)
}
