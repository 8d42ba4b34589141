package pwa

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uikit"
)

// storageKey is where localStorage remembers the last app chosen.
const storageKey = "pdconnect.app"

// catalog is the app search, which the AppPicker shows, and the chosen app,
// which the Connect and Link panels use.
type catalog struct {
	apps     []App
	loading  bool
	err      string // why the search failed
	query    string
	searches int // searches started, to drop stale answers
	selected *App
}

// mount restores the last app chosen, handles the picker's actions and
// loads the catalog's first page.
func (c *catalog) mount(ctx app.Context, n *network) {
	var last App
	if err := ctx.LocalStorage().Get(storageKey, &last); err == nil && last.NameSlug != "" {
		c.selected = &last
	}
	ctx.Handle(actionSearch, func(ctx app.Context, a app.Action) {
		if q, ok := a.Value.(string); ok {
			c.search(ctx, n, q)
		}
	})
	ctx.Handle(actionSelect, c.onSelect)
	c.search(ctx, n, "")
}

// search looks the catalog up; only the latest search's answer shows. The
// first app of the first page is chosen when none is.
func (c *catalog) search(ctx app.Context, n *network, q string) {
	c.searches++
	id := c.searches
	c.query, c.loading, c.err = q, true, ""
	ctx.Async(func() {
		apps, err := n.api.apps(ctx, q)
		ctx.Dispatch(func(ctx app.Context) {
			if id != c.searches {
				return
			}
			c.loading = false
			if n.failed(ctx, err) {
				c.err = uikit.Describe("search the apps", err)
				return
			}
			c.apps = apps
			if c.selected == nil && q == "" && len(apps) > 0 {
				c.selected = &apps[0]
			}
		})
	})
}

func (c *catalog) onSelect(ctx app.Context, a app.Action) {
	chosen, ok := a.Value.(App)
	if !ok {
		return
	}
	c.selected = &chosen
	// Remembering is a convenience: a full or blocked storage changes
	// nothing else.
	_ = ctx.LocalStorage().Set(storageKey, chosen)
}

func slug(a *App) string {
	if a == nil {
		return ""
	}
	return a.NameSlug
}
