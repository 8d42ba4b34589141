package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// actionWant is posted by an account's row that waits to know whether its
// app has actions; its value is the app's slug.
const actionWant = "pdconnect/want-actions"

// actionApps knows which apps have actions, so that only their accounts
// offer "Run an action". It asks the apps listing for the apps with
// actions (has_actions) once, when the first row wants to know: one
// request whatever the number of accounts. An app past that first page of
// 100 is looked up by its slug, once.
type actionApps struct {
	has    map[string]bool // by slug: has actions
	first  int             // the first page: firstUnasked, firstLoading or firstLoaded
	all    bool            // the first page held every app with actions
	asked  map[string]bool // slugs looked up alone
	wanted []string        // slugs wanted while the first page loads
	failed bool            // the first page failed: every account offers it
}

func (c *actionApps) init() { c.has, c.asked = map[string]bool{}, map[string]bool{} }

// States of actionApps.first.
const (
	firstUnasked = iota
	firstLoading
	firstLoaded
)

// mount handles the rows' actionWant.
func (c *actionApps) mount(ctx app.Context, n *network) {
	c.init()
	ctx.Handle(actionWant, func(ctx app.Context, a app.Action) {
		if slug, ok := a.Value.(string); ok {
			c.want(ctx, n, slug)
		}
	})
}

// shows reports whether accounts of the app slug offer "Run an action",
// and whether that is known yet.
func (c *actionApps) shows(slug string) (show, known bool) {
	if c.failed {
		return true, true
	}
	if has, ok := c.has[slug]; ok {
		return has, true
	}
	return false, c.first == firstLoaded && c.all
}

// want finds out whether the app slug has actions, unless that is known
// or on its way.
func (c *actionApps) want(ctx app.Context, n *network, slug string) {
	q, ok := c.ask(slug)
	if !ok {
		return
	}
	ctx.Async(func() {
		list, err := n.api.appsWithActions(ctx, q)
		ctx.Dispatch(func(ctx app.Context) {
			for _, slug := range c.record(q, list, err) {
				c.want(ctx, n, slug)
			}
		})
	})
}

// ask returns the lookup to send for slug, if any: "" for the first page
// of the apps with actions, or slug alone for an app past it.
func (c *actionApps) ask(slug string) (q string, ok bool) {
	if _, known := c.shows(slug); known || c.asked[slug] {
		return "", false
	}
	switch c.first {
	case firstUnasked:
		c.first = firstLoading
		c.wanted = append(c.wanted, slug)
		return "", true
	case firstLoading:
		c.wanted = append(c.wanted, slug)
		return "", false
	}
	c.asked[slug] = true
	return slug, true
}

// record keeps the answer to the lookup q (the apps with actions whose
// name or slug holds q): q's own app has none when it is not among them.
// A failed lookup shows the button rather than hide it from an app that
// may have actions. It returns the slugs wanted while the first page
// loaded, to want again.
func (c *actionApps) record(q string, list connectapi.AppList, err error) []string {
	for _, a := range list.Data {
		c.has[a.NameSlug] = true
	}
	if q != "" {
		if _, ok := c.has[q]; !ok {
			c.has[q] = err != nil
		}
		return nil
	}
	c.first, c.failed, c.all = firstLoaded, err != nil, list.PageInfo.EndCursor == ""
	wanted := c.wanted
	c.wanted = nil
	return wanted
}

// RunButton is an account's "Run an action", shown once the app is known
// to have actions.
type RunButton struct {
	app.Compo

	Account     connectui.Account
	Ready       bool // the wasm runs
	Show, Known bool // the app has actions; whether that is known

	asked string // the app asked about
}

// OnMount implements app.Mounter.
func (b *RunButton) OnMount(ctx app.Context) { b.ask(ctx) }

// OnUpdate implements app.Updater.
func (b *RunButton) OnUpdate(ctx app.Context) { b.ask(ctx) }

func (b *RunButton) ask(ctx app.Context) {
	if slug := b.Account.App.NameSlug; !b.Known && b.asked != slug {
		b.asked = slug
		ctx.NewActionWithValue(actionWant, slug)
	}
}

// Render implements app.Composer.
func (b *RunButton) Render() app.UI {
	a := b.Account
	if !b.Show {
		return app.Span().Hidden(true) // takes no room among the row's buttons
	}
	return runPanel.button(a, b.Ready, "Run an action", "Run an action with "+a.Label())
}
