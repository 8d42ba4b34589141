package pipedream

import (
	"context"
	"net/http"
	"net/url"
)

// App catalog sort keys and directions.
const (
	SortByName           = "name"
	SortByNameSlug       = "name_slug"
	SortByFeaturedWeight = "featured_weight"
	SortAsc              = "asc"
	SortDesc             = "desc"
)

// AppsQuery searches and pages the app catalog. Zero fields are not sent.
type AppsQuery struct {
	Q             string // q: search text
	Limit         int    // page size
	After         string // cursor: the page after this one
	Before        string // cursor: the page before this one
	SortKey       string // sort_key: SortByName, SortByNameSlug or SortByFeaturedWeight
	SortDirection string // sort_direction: SortAsc or SortDesc
	// Only the apps that have components (actions or triggers), actions,
	// or triggers: has_components, has_actions, has_triggers.
	HasComponents, HasActions, HasTriggers bool
}

func (q AppsQuery) values() url.Values {
	v := url.Values{}
	setNonEmpty(v, "q", q.Q)
	setPaging(v, q.Limit, q.After, q.Before)
	setNonEmpty(v, "sort_key", q.SortKey)
	setNonEmpty(v, "sort_direction", q.SortDirection)
	for key, on := range map[string]bool{"has_components": q.HasComponents, "has_actions": q.HasActions, "has_triggers": q.HasTriggers} {
		if on {
			v.Set(key, "true")
		}
	}
	return v
}

// ListApps returns one page of the app catalog.
func (c *Client) ListApps(ctx context.Context, q AppsQuery) (AppList, error) {
	var list AppList
	err := c.do(ctx, call{
		op:     "list apps",
		method: http.MethodGet,
		path:   "/v1/connect/apps",
		query:  q.values(),
		out:    &list,
	})
	return list, err
}

// GetApp returns one app by id (app_...) or name slug. It accepts the
// app bare or wrapped as {"data": app}.
func (c *Client) GetApp(ctx context.Context, idOrSlug string) (App, error) {
	seg, err := segment("app id", idOrSlug)
	if err != nil {
		return App{}, failed("get app", err)
	}
	var app App
	err = c.do(ctx, call{
		op:     "get app",
		method: http.MethodGet,
		path:   "/v1/connect/apps/" + seg,
		out:    &envelope[App]{&app},
	})
	return app, err
}
