package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// appOrder sorts apps for one list request.
type appOrder struct {
	key  string // name, name_slug or featured_weight
	desc bool
	// q, when the list is a search in the default order, ranks the apps
	// whose name or slug matches it before those only their description
	// matches (see matchRank).
	q string
}

// compare orders two apps, ties broken by slug so the order is total.
func (o appOrder) compare(a, b *catalog.App) int {
	if o.q != "" {
		if c := cmp.Compare(matchRank(a, o.q), matchRank(b, o.q)); c != 0 {
			return c
		}
	}
	var c int
	switch o.key {
	case "name":
		c = cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	case "featured_weight":
		c = cmp.Compare(a.FeaturedWeight, b.FeaturedWeight)
	}
	if c == 0 {
		c = strings.Compare(a.NameSlug, b.NameSlug)
	}
	if o.desc {
		return -c
	}
	return c
}

// Ranks of an app in a search for q, best first.
const (
	rankNamePrefix  = iota // its name, a word of its name, or its slug begins with q
	rankName               // its name or slug contains q
	rankDescription        // only its description does
)

// matchRank ranks a for the lower-case query q.
func matchRank(a *catalog.App, q string) int {
	name := strings.ToLower(a.Name)
	if strings.HasPrefix(a.NameSlug, q) || strings.HasPrefix(name, q) || strings.Contains(name, " "+q) {
		return rankNamePrefix
	}
	if strings.Contains(name, q) || strings.Contains(a.NameSlug, q) {
		return rankName
	}
	return rankDescription
}

// readAppOrder parses sort_key and sort_direction. The default is the
// most featured first, or for a search (q, lower case) the apps whose name
// or slug matches first, then the most featured; other keys default to
// ascending.
func readAppOrder(r *http.Request, q string) (appOrder, error) {
	v := r.URL.Query()
	o := appOrder{key: v.Get("sort_key")}
	switch o.key {
	case "":
		o.key = "featured_weight"
		o.desc = true
		o.q = q
	case "featured_weight":
		o.desc = true
	case "name", "name_slug":
	default:
		return o, fmt.Errorf("sort_key must be name, name_slug or featured_weight, got %q", truncate(o.key, 32))
	}
	switch d := v.Get("sort_direction"); d {
	case "":
	case "asc":
		o.desc = false
	case "desc":
		o.desc = true
	default:
		return o, fmt.Errorf("sort_direction must be asc or desc, got %q", truncate(d, 32))
	}
	return o, nil
}

// readHasComponents reads has_components, has_actions and has_triggers:
// the slugs of the apps the list keeps, those that have every kind of
// component asked for; nil keeps all.
func (s *Sandbox) readHasComponents(r *http.Request) (map[string]bool, error) {
	var with map[string]bool
	for _, f := range []struct {
		key   string
		types []pipedream.ComponentType
	}{
		{"has_components", []pipedream.ComponentType{pipedream.ComponentAction, pipedream.ComponentTrigger}},
		{"has_actions", []pipedream.ComponentType{pipedream.ComponentAction}},
		{"has_triggers", []pipedream.ComponentType{pipedream.ComponentTrigger}},
	} {
		switch v := r.URL.Query().Get(f.key); v {
		case "", "false":
			continue
		case "true":
		default:
			return nil, fmt.Errorf("%s must be true or false, got %q", f.key, truncate(v, 32))
		}
		apps := s.components.Apps(f.types...)
		if with == nil {
			with = apps
			continue
		}
		for slug := range with {
			if !apps[slug] {
				delete(with, slug)
			}
		}
	}
	return with, nil
}

// listApps serves GET /v1/connect/apps.
func (s *Sandbox) listApps(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	order, err := readAppOrder(r, q)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	page, err := readPageQuery(r, "app")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	with, err := s.readHasComponents(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var apps []*catalog.App
	for _, a := range s.catalog.All() {
		if with != nil && !with[a.NameSlug] {
			continue
		}
		if q == "" || strings.Contains(strings.ToLower(a.Name), q) || strings.Contains(a.NameSlug, q) ||
			strings.Contains(strings.ToLower(a.Description), q) {
			apps = append(apps, a)
		}
	}
	slices.SortFunc(apps, order.compare)
	cmpKey := func(a *catalog.App, slug string) int {
		at, ok := s.catalog.Lookup(slug)
		if !ok {
			return strings.Compare(a.NameSlug, slug) // not issued by us; any total order
		}
		return order.compare(a, at)
	}
	items, info := paginate(apps, page, cmpKey, func(a *catalog.App) string { return a.NameSlug }, "app")
	out := pipedream.AppList{Data: make([]pipedream.App, len(items)), PageInfo: info}
	for i, a := range items {
		out.Data[i] = a.Wire()
	}
	writeJSON(w, http.StatusOK, out)
}

// getApp serves GET /v1/connect/apps/{app_id} (an id or a name slug) as
// {"data": App}.
func (s *Sandbox) getApp(w http.ResponseWriter, r *http.Request) {
	a, ok := s.catalog.Lookup(r.PathValue("app_id"))
	if !ok {
		writeError(w, http.StatusNotFound, "app not found")
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Data pipedream.App `json:"data"`
	}{a.Wire()})
}

// appLogo serves GET /img/{slug}.svg, the logo drawn for an app.
func (s *Sandbox) appLogo(w http.ResponseWriter, r *http.Request) {
	slug, ok := strings.CutSuffix(r.PathValue("file"), ".svg")
	a, found := s.catalog.Lookup(slug)
	if !ok || !found || a.NameSlug != slug {
		writeError(w, http.StatusNotFound, "logo not found")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	_, _ = w.Write(a.Logo())
}
