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
	cls             func(...string) string
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
	case l.loaded && len(l.items) == 0:
		status = "No " + l.noun + "s match."
	case l.loaded:
		status = uikit.Plural(len(l.items), l.noun)
		if l.next != "" {
			status += " so far"
		}
		status += "."
	}
	return app.Div().Class(l.cls("search-list")).Body(
		app.Label().For(l.id+"-search").Class(l.cls("label")).Text(l.label),
		app.Input().ID(l.id+"-search").Type("search").Class(l.cls("input")).Value(l.query).
			Attr("autocomplete", "off").
			Aria("describedby", l.id+"-status").
			Aria("controls", l.id+"-list").
			Attr("disabled", uikit.DisabledIf(!mounted)).
			OnInput(func(ctx app.Context, e app.Event) {
				l.query = ctx.JSSrc().Get("value").String()
				l.fetch(ctx, reqs, false)
			}),
		app.P().ID(l.id+"-status").Class(l.cls("help", "status")).Aria("live", "polite").Text(status),
		app.Ul().ID(l.id+"-list").Class(l.cls("choices")).Aria("label", l.label).Body(
			app.Range(l.items).Slice(func(i int) app.UI {
				c := l.items[i]
				bid := l.id + "-" + safeID(c.ID)
				btn := app.Button().Type("button").ID(bid).Class(l.cls("choice")).
					Aria("pressed", c.ID == l.selected).
					OnClick(func(ctx app.Context, e app.Event) {
						l.selected = c.ID
						l.pick(ctx, c)
					}, app.EventScope(c.ID)).
					Text(c.Label)
				if c.Description != "" {
					btn = btn.Aria("describedby", bid+"-desc")
				}
				return app.Li().Class(l.cls("choice-item")).Body(
					app.If(c.ImgSrc != "", func() app.UI { return uikit.Logo(c.ImgSrc, 24) }),
					btn,
					app.If(c.Description != "", func() app.UI {
						return app.P().ID(bid + "-desc").Class(l.cls("help")).Text(c.Description)
					}),
				)
			}),
		),
		app.If(l.next != "", func() app.UI {
			return app.Button().Type("button").ID(l.id+"-more").Class(l.cls("button", "button-secondary")).
				Attr("disabled", uikit.DisabledIf(l.loading)).
				OnClick(func(ctx app.Context, e app.Event) { l.fetch(ctx, reqs, true) }).
				Text("More " + l.noun + "s")
		}),
	)
}
