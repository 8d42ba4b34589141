package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/wasm/connectui"
)

// componentApps knows which apps have components of a kind, so that only
// their accounts offer what uses them: "Run an action" the apps with
// actions, Automations those with triggers. It asks the apps listing for
// them (has_actions or has_triggers) once, when the first row wants to
// know: one request whatever the number of accounts. An app past that
// first page of 100 is looked up by its slug, once.
type componentApps struct {
	filter string // has_actions or has_triggers
	want   string // the action a row posts, with its app's slug, to know

	first  firstPage       // where the first page of such apps is
	has    map[string]bool // by slug: has such components
	asked  map[string]bool // slugs looked up alone
	wanted []string        // slugs wanted while the first page loads
}

// firstPage is where componentApps' first page of such apps is.
type firstPage uint8

const (
	firstUnasked  firstPage = iota
	firstLoading            // asked: rows wait for it
	firstFailed             // every account offers what uses the components
	firstPartial            // more such apps past it, looked up alone
	firstComplete           // it held every such app: one not on it has none
)

// The two kinds the page follows: the filters and the rows' actions.
const (
	filterActions  = "has_actions"
	filterTriggers = "has_triggers"
	wantActions    = "pdconnect/want-actions"  // string: an app's slug
	wantTriggers   = "pdconnect/want-triggers" // string: an app's slug
)

func (c *componentApps) init() { c.has, c.asked = map[string]bool{}, map[string]bool{} }

// mount handles the rows' c.want.
func (c *componentApps) mount(ctx app.Context, n *network) {
	c.init()
	ctx.Handle(c.want, func(ctx app.Context, a app.Action) {
		if slug, ok := a.Value.(string); ok {
			c.lookFor(ctx, n, slug)
		}
	})
}

// shows reports whether accounts of the app slug offer what uses such
// components, and whether that is known yet.
func (c *componentApps) shows(slug string) (show, known bool) {
	if c.first == firstFailed {
		return true, true
	}
	if has, ok := c.has[slug]; ok {
		return has, true
	}
	return false, c.first == firstComplete
}

// lookFor finds out whether the app slug has such components, unless that
// is known or on its way.
func (c *componentApps) lookFor(ctx app.Context, n *network, slug string) {
	q, ok := c.ask(slug)
	if !ok {
		return
	}
	ctx.Async(func() {
		list, err := n.api.appsWith(ctx, c.filter, q)
		ctx.Dispatch(func(ctx app.Context) {
			for _, slug := range c.record(q, list, err) {
				c.lookFor(ctx, n, slug)
			}
		})
	})
}

// ask returns the lookup to send for slug, if any: "" for the first page
// of such apps, or slug alone for an app past it.
func (c *componentApps) ask(slug string) (q string, ok bool) {
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

// record keeps the answer to the lookup q (such apps whose name or slug
// holds q): q's own app has none when it is not among them. A failed
// lookup shows the button rather than hide it from an app that may have
// such components. It returns the slugs wanted while the first page
// loaded, to want again.
func (c *componentApps) record(q string, list connectapi.AppList, err error) []string {
	for _, a := range list.Data {
		c.has[a.NameSlug] = true
	}
	if q != "" {
		if _, ok := c.has[q]; !ok {
			c.has[q] = err != nil
		}
		return nil
	}
	switch {
	case err != nil:
		c.first = firstFailed
	case list.PageInfo.EndCursor != "":
		c.first = firstPartial
	default:
		c.first = firstComplete
	}
	wanted := c.wanted
	c.wanted = nil
	return wanted
}

// PanelButton is an account's button that opens a panel ("Run an
// action", Automations) shown once the account's app is known to have the
// components the panel uses.
type PanelButton struct {
	app.Compo

	Account     connectui.Account
	Panel       accountPanel
	Text, Label string // the button's text and accessible name
	Want        string // the action to post to know whether to show it
	Ready       bool   // the wasm runs
	Show, Known bool   // the app has the components; whether that is known

	asked string // the app asked about
}

// OnMount implements app.Mounter.
func (b *PanelButton) OnMount(ctx app.Context) { b.ask(ctx) }

// OnUpdate implements app.Updater.
func (b *PanelButton) OnUpdate(ctx app.Context) { b.ask(ctx) }

func (b *PanelButton) ask(ctx app.Context) {
	if slug := b.Account.App.NameSlug; !b.Known && b.asked != slug {
		b.asked = slug
		ctx.NewActionWithValue(b.Want, slug)
	}
}

// Render implements app.Composer.
func (b *PanelButton) Render() app.UI {
	if !b.Show {
		return app.Span().Hidden(true) // takes no room among the row's buttons
	}
	return b.Panel.button(b.Account, b.Ready, b.Text, b.Label)
}

// panelButton is the button of panel p for account a when apps says its
// app has the components p uses.
func panelButton(p accountPanel, apps *componentApps, a connectui.Account, ready bool, text, label string) app.UI {
	show, known := apps.shows(a.App.NameSlug)
	return &PanelButton{Account: a, Panel: p, Text: text, Label: label, Want: apps.want, Ready: ready, Show: show, Known: known}
}
