package connectui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// fetchOptions asks for fl's remote options: the first page for the
// current query, or with next the page after the last one. Only the latest
// request's answer lands, so a slow answer to an older query never
// replaces a newer one.
func (f *ComponentForm) fetchOptions(ctx app.Context, fl *field, next bool) {
	r := &fl.remote
	if next && (!r.more || r.loading) {
		return
	}
	query := ""
	if fl.prop.UseQuery {
		query = fl.text // what the user typed, or the chosen option's label
	}
	req := connectapi.ConfigurePropRequest{
		ID: f.component.Key, Version: f.Version, PropName: fl.prop.Name,
		ConfiguredProps: f.state.configured(f.state.index(fl)),
		DynamicPropsID:  f.state.dynamicID,
		Query:           query,
	}
	if next {
		req.Page, req.PrevContext = r.page, r.context
	}
	r.seq++
	seq := r.seq
	r.loading, r.err = true, ""
	st := f.state
	var res connectapi.ConfigurePropResult
	f.request(ctx, "POST", "/"+string(f.kind())+"/configure", &req, &res, func(ctx app.Context, err error) {
		if f.state == st {
			f.optionsAnswer(fl, seq, query, next, res, err)
		}
	})
}

// optionsAnswer takes the answer to fl's options request seq, unless a
// newer request went out since: a slow answer to an older query never
// replaces a newer one.
func (f *ComponentForm) optionsAnswer(fl *field, seq int, query string, next bool, res connectapi.ConfigurePropResult, err error) {
	r := &fl.remote
	if r.seq != seq {
		return
	}
	r.loading = false
	switch {
	case err != nil:
		r.err = uikit.Describe("load the options", err)
		return
	case len(res.Errors) > 0:
		r.err = strings.Join(res.Errors, " ")
		return
	}
	opts := optionsOf(res)
	if !next {
		r.options, r.page, r.active = nil, 0, -1
	}
	r.options = appendNew(r.options, opts)
	r.page++
	r.context = res.Context
	r.query = query
	r.loaded = true
	r.more = len(opts) > 0 && len(res.Context) > 0
}

// appendNew appends the options of more whose values are not in opts.
func appendNew(opts, more []option) []option {
	seen := make(map[string]bool, len(opts))
	for _, o := range opts {
		seen[fmt.Sprint(o.Value)] = true
	}
	for _, o := range more {
		if k := fmt.Sprint(o.Value); !seen[k] {
			seen[k] = true
			opts = append(opts, o)
		}
	}
	return opts
}

// sameValue compares option values as the API sends them.
func sameValue(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// chosen reports whether o is fl's choice, or one of its picks.
func (fl *field) chosen(o option) bool {
	on := fl.choice != nil && sameValue(fl.choice.Value, o.Value)
	for _, p := range fl.picks {
		on = on || sameValue(p.Value, o.Value)
	}
	return on
}

// shownOptions are the options the listbox lists: all of them when the
// API searched, else those whose label has the typed text.
func (fl *field) shownOptions() []option {
	r := &fl.remote
	q := strings.ToLower(strings.TrimSpace(fl.text))
	if fl.prop.UseQuery || q == "" || (fl.choice != nil && fl.text == fl.choice.Label) {
		return r.options
	}
	var out []option
	for _, o := range r.options {
		if strings.Contains(strings.ToLower(o.Label), q) {
			out = append(out, o)
		}
	}
	return out
}

// renderCombobox is a remote-options prop: a searchable, paged combobox
// (the WAI-ARIA combobox pattern with a listbox popup).
func (f *ComponentForm) renderCombobox(fl *field) app.UI {
	r := &fl.remote
	id := f.fieldID(fl)
	waiting := f.state.waitingFor(fl) != ""
	opts := fl.shownOptions()
	active := ""
	if r.open && r.active >= 0 && r.active < len(opts) {
		active = id + "-opt-" + strconv.Itoa(r.active)
	}
	var status string
	switch {
	case r.loading:
		status = "Loading options…"
	case r.err != "":
		status = r.err
	case r.loaded && len(opts) == 0:
		status = "No matches."
	case r.loaded:
		status = uikit.Plural(len(opts), "option")
		if r.more {
			status += "; more to load"
		}
		status += "."
	}
	multi := fl.prop.Type == connectapi.PropStringArray
	h := f.event
	var picks app.UI
	if multi && len(fl.picks) > 0 {
		items := make([]app.UI, len(fl.picks))
		for i, p := range fl.picks {
			items[i] = f.tree(id+"-pick-"+strconv.Itoa(i), `li.pick <span " > `+
				`<button.button.button-link type=button id=~ aria-label disabled !click "`, h, nil,
				p.Label, "Remove "+p.Label, flag(!f.mounted), "×")
		}
		picks = f.el("ul.picks aria-label", "Chosen "+lower(fl.label())).Body(items...)
	}
	var popup app.UI
	if r.open {
		// Only while open: a closed combobox's popup and listbox were 2
		// elements, 6 attributes and a listener of every mount. Its
		// aria-controls may name a missing popup while aria-expanded is
		// false (ARIA 1.2's combobox pattern). It comes after the status
		// (the stylesheet shows it before) so that the status, a live
		// region, is never remade. It takes its options' and More's
		// mousedown (comboEvent).
		items := make([]app.UI, len(opts))
		for i, o := range opts {
			class := ""
			if i == r.active {
				class = "option-active"
			}
			items[i] = f.el(`li.option id class role=option aria-selected "`, id+"-opt-"+strconv.Itoa(i), class, tf(fl.chosen(o)), o.Label)
		}
		more := ""
		if r.more {
			more = "More"
		}
		listbox := f.tree(id, "ul.listbox id=~-list role=listbox aria-labelledby=~-label aria-multiselectable !scroll", h, nil,
			flag(multi)).Body(items...)
		popup = f.tree(id, `div.popup !mousedown @ <button.button.button-link.more? type=button tabindex=-1 id=~-more disabled "`,
			h, []app.UI{listbox}, flag(r.loading), more)
	}
	return f.tree(id, `div.combobox @ `+
		`<input.input aria-invalid aria-describedby disabled id=~ role=combobox aria-autocomplete=list aria-expanded `+
		`aria-controls=~-list aria-activedescendant required autocomplete=off placeholder value `+
		`!focus !click !input !keydown !keyup !blur > `+
		`<p.help.status id=~-status aria-live=polite " > @`, h, []app.UI{picks, popup},
		flag(fl.err != ""), f.describedBy(fl, id+"-status"), flag(!f.mounted || waiting || fl.prop.Disabled),
		tf(r.open), active, flag(!fl.prop.Optional && !multi), placeholder(fl), fl.text, status)
}

// comboEvent handles the combobox's events: focus and click open the
// list, a keystroke searches, keys move through it (Enter's keyup ends
// its choice, see comboKey), blur closes it, a mousedown in the popup
// chooses an option or loads the next page (keeping the focus in the
// input), scrolling the list to its end loads the next page too, and a
// chosen option's "×" removes it. What removes the control its event
// came from (choosing closes the popup) goes through the form's own
// context: go-app drops what a removed element dispatches.
func (f *ComponentForm) comboEvent(ctx app.Context, e app.Event, fl *field) {
	src := ctx.JSSrc()
	id := f.fieldID(fl)
	switch e.Get("type").String() {
	case "focus", "click":
		if i, ok := indexIn(src.Get("id").String(), id+"-pick-"); ok && i < len(fl.picks) {
			fl.picks = toggled(fl.picks, fl.picks[i], false)
			f.edited(f.self, fl)
			return
		}
		f.openList(ctx, fl)
	case "mousedown": // its default is prevented (event)
		target := e.Get("target").Get("id").String()
		if target == id+"-more" {
			f.fetchOptions(f.self, fl, true)
		} else if i, ok := indexIn(target, id+"-opt-"); ok {
			if opts := fl.shownOptions(); i < len(opts) {
				f.choose(f.self, fl, opts[i])
			}
		}
	case "input":
		f.typedQuery(ctx, fl, src.Get("value").String())
	case "keydown":
		f.comboKey(ctx, e, fl)
	case "keyup":
		if e.Get("key").String() == "Enter" {
			f.enterChose = false
		}
	case "blur":
		f.enterChose = false
		f.closeList(fl)
	case "scroll":
		if src.Get("scrollTop").Int()+src.Get("clientHeight").Int() >= src.Get("scrollHeight").Int()-24 {
			f.fetchOptions(f.self, fl, true) // the listbox goes when the list closes
		}
	}
}

// indexIn is the number after prefix in id ("pd-form-x-opt-" and
// "pd-form-x-opt-3": 3).
func indexIn(id, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil && i >= 0
}

// placeholder is the combobox's hint.
func placeholder(fl *field) string {
	if fl.prop.UseQuery {
		return "Type to search"
	}
	return "Choose"
}

// openList shows the listbox, loading the first page when none is loaded.
func (f *ComponentForm) openList(ctx app.Context, fl *field) {
	if f.state.waitingFor(fl) != "" {
		return
	}
	fl.remote.open = true
	if !fl.remote.loaded && !fl.remote.loading {
		f.fetchOptions(ctx, fl, false)
	}
}

// closeList hides the listbox and shows the chosen option's label again.
func (f *ComponentForm) closeList(fl *field) {
	fl.remote.open, fl.remote.active = false, -1
	switch {
	case fl.choice != nil:
		fl.text = fl.choice.Label
	case fl.prop.Type == connectapi.PropStringArray:
		fl.text = ""
	}
}

// typedQuery takes a keystroke: with useQuery the API searches (each
// keystroke's answer replaces the last, stale ones dropped), else the
// loaded options are filtered.
func (f *ComponentForm) typedQuery(ctx app.Context, fl *field, s string) {
	fl.text = s
	if fl.choice != nil && s != fl.choice.Label {
		fl.choice = nil
	}
	fl.remote.open, fl.remote.active = true, -1
	if fl.prop.UseQuery || !fl.remote.loaded {
		f.fetchOptions(ctx, fl, false)
	}
}

// choose takes an option.
func (f *ComponentForm) choose(ctx app.Context, fl *field, o option) {
	if fl.prop.Type == connectapi.PropStringArray {
		fl.picks = toggled(fl.picks, o, !fl.chosen(o))
		fl.text = ""
	} else {
		fl.choice = &o
		fl.text = o.Label
		fl.remote.open, fl.remote.active = false, -1
	}
	f.edited(ctx, fl)
}

// comboKey is the combobox's keyboard: arrows move through the options
// (and open the list), Enter chooses, Escape closes, then clears.
func (f *ComponentForm) comboKey(ctx app.Context, e app.Event, fl *field) {
	r := &fl.remote
	opts := fl.shownOptions()
	switch e.Get("key").String() {
	case "ArrowDown":
		e.PreventDefault()
		if !r.open {
			f.openList(ctx, fl)
			return
		}
		if r.active < len(opts)-1 {
			r.active++
		} else if r.more {
			f.fetchOptions(ctx, fl, true)
		}
		f.scrollToActive(ctx, fl)
	case "ArrowUp":
		e.PreventDefault()
		if r.active > 0 {
			r.active--
			f.scrollToActive(ctx, fl)
		}
	case "Home", "End":
		if r.open && len(opts) > 0 {
			e.PreventDefault()
			r.active = 0
			if e.Get("key").String() == "End" {
				r.active = len(opts) - 1
			}
			f.scrollToActive(ctx, fl)
		}
	case "Enter":
		if r.open {
			// Not a submission: go-app may run this after the browser has
			// begun one, so the form's submit skips it; the key's keyup,
			// which comes after, ends that.
			e.PreventDefault()
			f.enterChose = true
			if r.active >= 0 && r.active < len(opts) {
				f.choose(ctx, fl, opts[r.active])
			}
		}
	case "Escape":
		if r.open {
			e.PreventDefault()
			f.closeList(fl)
		} else if fl.text != "" {
			e.PreventDefault()
			fl.text, fl.choice = "", nil
			f.edited(ctx, fl)
		}
	}
}

// scrollToActive keeps the highlighted option in view.
func (f *ComponentForm) scrollToActive(ctx app.Context, fl *field) {
	id := f.fieldID(fl) + "-opt-" + strconv.Itoa(fl.remote.active)
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	})
}
