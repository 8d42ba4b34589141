package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// button is one Connect button on the home page: the app's slug, and its
// name as the catalog spells it ("GitHub"; empty until the catalog said).
type button struct{ Slug, Name string }

// catalog looks up the apps' names in Pipedream's app catalog, once each:
// a name it could not get (the API did not answer) is asked again for the
// next page, which meanwhile lets the widget make one from the slug.
type catalog struct {
	pd    *pipedream.Client
	slugs []string

	mu    sync.Mutex
	names map[string]string
}

func newCatalog(pd *pipedream.Client, slugs ...string) *catalog {
	return &catalog{pd: pd, slugs: slugs, names: map[string]string{}}
}

// buttons returns the page's buttons, asking the catalog for the names it
// does not know yet (all together, for at most two seconds).
func (c *catalog) buttons(ctx context.Context) []button {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, slug := range c.slugs {
		if c.name(slug) != "" {
			continue
		}
		wg.Go(func() {
			app, err := c.pd.GetApp(ctx, slug)
			if err != nil {
				slog.Warn("app catalog", "app", slug, "err", err)
				return
			}
			c.mu.Lock()
			c.names[slug] = app.Name
			c.mu.Unlock()
		})
	}
	wg.Wait()
	bs := make([]button, len(c.slugs))
	for i, slug := range c.slugs {
		bs[i] = button{Slug: slug, Name: c.name(slug)}
	}
	return bs
}

func (c *catalog) name(slug string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.names[slug]
}
