package pwa

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// searchDelay is how long the picker waits after the last keystroke before
// it searches.
const searchDelay = 250 * time.Millisecond

// Ids of the picker's elements.
const (
	pickerInputID   = "app-search"
	pickerListID    = "app-listbox"
	pickerOptionPre = "app-option-"
)

// AppPicker searches the catalog and picks an app: a combobox (the search
// field) controlling a listbox of apps. Arrow keys move through the apps,
// Enter picks one, Escape clears the search. It posts actionSearch
// (debounced) and actionSelect.
type AppPicker struct {
	app.Compo

	Apps     []App  // the current results
	Selected string // the picked app's slug
	Loading  bool   // a search is under way
	Err      string // why the search failed
	Ready    bool   // the wasm runs: the field works

	query    string // what the user typed
	active   string // slug of the option under the keyboard cursor
	revealed string // the chosen slug last scrolled into the list's view
	rows     int    // the options the list held at the last update
	typed    int    // keystrokes so far, to debounce
}

// Render implements app.Composer.
func (p *AppPicker) Render() app.UI {
	active := p.activeIndex()
	input := app.Input().ID(pickerInputID).Type("search").Class("search").
		Role("combobox").
		Aria("autocomplete", "list").
		Aria("controls", pickerListID).
		Aria("expanded", len(p.Apps) > 0).
		Aria("describedby", "app-search-status").
		Attr("autocomplete", "off").
		Spellcheck(false).
		Placeholder("Slack, OpenAI, GitHub…").
		Value(p.query).
		Attr("disabled", uikit.DisabledIf(!p.Ready)).
		OnInput(p.onInput).
		OnKeyDown(p.onKeyDown)
	if active >= 0 {
		input = input.Aria("activedescendant", pickerOptionPre+p.Apps[active].NameSlug)
	}
	return app.Section().Class("card", "picker").Aria("labelledby", "picker-title").Body(
		app.H2().ID("picker-title").Text("Choose an app"),
		app.Label().For(pickerInputID).Text("Search apps"),
		input,
		app.P().ID("app-search-status").Class("hint").Aria("live", "polite").Text(p.status()),
		app.Ul().ID(pickerListID).Class("options").Role("listbox").Aria("label", "Apps").Body(
			app.Range(p.Apps).Slice(func(i int) app.UI { return p.option(p.Apps[i], i == active) }),
		),
	)
}

// option renders one app of the listbox.
func (p *AppPicker) option(a App, active bool) app.UI {
	selected := a.NameSlug == p.Selected
	classes := []string{"option"}
	if active {
		classes = append(classes, "active")
	}
	return app.Li().ID(pickerOptionPre+a.NameSlug).Class(classes...).
		Role("option").
		Aria("selected", selected).
		// The scope makes go-app replace the handler when the row shows
		// another app: the closures of all rows share one code pointer,
		// which go-app would otherwise take for an unchanged handler and
		// leave the row clicking the app it held before a search.
		OnClick(func(ctx app.Context, e app.Event) { p.pick(ctx, a) }, app.EventScope(a.NameSlug)).
		Body(
			uikit.Logo(a.ImgSrc, 28),
			app.Span().Class("option-name").Text(a.DisplayName()),
			app.Span().Class("badge").Text(authLabel(a.AuthType)),
		)
}

// status is the live line under the field: loading, failure or count.
func (p *AppPicker) status() string {
	switch {
	case p.Err != "":
		return p.Err
	case p.Loading:
		return "Searching…"
	case !p.Ready:
		return "The app list appears once the page has loaded."
	case len(p.Apps) == 0 && p.query != "":
		return "No app matches “" + p.query + "”."
	case len(p.Apps) == 1:
		return "1 app. Use the arrow keys and Enter to pick it."
	}
	return strconv.Itoa(len(p.Apps)) + " apps. Use the arrow keys and Enter to pick one."
}

func (p *AppPicker) activeIndex() int {
	for i, a := range p.Apps {
		if a.NameSlug == p.active {
			return i
		}
	}
	return -1
}

func (p *AppPicker) onInput(ctx app.Context, e app.Event) {
	p.query = ctx.JSSrc().Get("value").String()
	p.active = ""
	p.typed++
	typed, q := p.typed, p.query
	ctx.After(searchDelay, func(ctx app.Context) {
		if typed == p.typed {
			ctx.NewActionWithValue(actionSearch, q)
		}
	})
}

// onKeyDown moves the cursor and picks. go-app runs handlers after the
// browser's default action, which for these keys in a search field only
// moves the caret (or, for Escape, clears it, as the handler does).
func (p *AppPicker) onKeyDown(ctx app.Context, e app.Event) {
	n := len(p.Apps)
	i := p.activeIndex()
	switch e.Get("key").String() {
	case "ArrowDown":
		i = moveCursor(i, 1, n)
	case "ArrowUp":
		i = moveCursor(i, -1, n)
	case "Enter":
		if i < 0 && n > 0 {
			i = 0
		}
		if i >= 0 {
			p.pick(ctx, p.Apps[i])
		}
		return
	case "Escape":
		if p.query != "" {
			p.query, p.active = "", ""
			ctx.NewActionWithValue(actionSearch, "")
		}
		return
	default:
		return
	}
	if i < 0 {
		return
	}
	p.active = p.Apps[i].NameSlug
	slug := p.active
	ctx.Defer(func(app.Context) { revealOption(slug) })
}

// OnUpdate implements app.Updater: once the page has marked a newly chosen
// app (its row may have grown a line for the mark), the row shows whole.
// A list that has just filled with the chosen app first, as on the page's
// start, shows it whole unscrolled: it is not measured then, which would
// force the browser to lay the new page out in the middle of its start.
func (p *AppPicker) OnUpdate(ctx app.Context) {
	filled := p.rows == 0 && len(p.Apps) > 0
	p.rows = len(p.Apps)
	if p.Selected == p.revealed {
		return
	}
	p.revealed = p.Selected
	if filled && p.Apps[0].NameSlug == p.Selected {
		return
	}
	slug := p.Selected
	ctx.Defer(func(app.Context) { revealOption(slug) })
}

// revealOption scrolls the listbox, and nothing else, so that the row of
// the app slug shows whole.
func revealOption(slug string) {
	list := app.Window().GetElementByID(pickerListID)
	row := app.Window().GetElementByID(pickerOptionPre + slug)
	if !list.Truthy() || !row.Truthy() {
		return
	}
	l, r := list.Call("getBoundingClientRect"), row.Call("getBoundingClientRect")
	border := list.Get("clientTop").Float()
	top, bottom := l.Get("top").Float()+border, l.Get("top").Float()+border+list.Get("clientHeight").Float()
	switch {
	case r.Get("top").Float() < top:
		list.Set("scrollTop", list.Get("scrollTop").Float()-(top-r.Get("top").Float()))
	case r.Get("bottom").Float() > bottom:
		list.Set("scrollTop", list.Get("scrollTop").Float()+(r.Get("bottom").Float()-bottom))
	}
}

// pick makes a the chosen app.
func (p *AppPicker) pick(ctx app.Context, a App) {
	p.active = a.NameSlug
	ctx.NewActionWithValue(actionSelect, a)
}

// moveCursor moves index i by step within n options, wrapping around; -1
// when there are none.
func moveCursor(i, step, n int) int {
	switch {
	case n == 0:
		return -1
	case i < 0 && step > 0:
		return 0
	case i < 0:
		return n - 1
	}
	return ((i+step)%n + n) % n
}
