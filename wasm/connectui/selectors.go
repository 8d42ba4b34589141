package connectui

import (
	"context"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/componentsapi"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// pickerPageSize is how many apps or components a picker asks for at once.
const pickerPageSize = 20

// SelectApp searches the catalog's apps that have actions or triggers,
// page by page, through the app server's apps route (Endpoints.AppsURL),
// and picks one: OnSelect gets it.
type SelectApp struct {
	app.Compo

	Endpoints   Endpoints
	Selected    string // the chosen app's name slug
	ID          string // the element's id, which starts its parts' ids; "pd-select-app" when empty
	ClassPrefix string // DefaultClassPrefix when empty
	OnSelect    func(ctx app.Context, a App)

	api     formAPI
	reqs    context.Context
	cancel  context.CancelFunc
	mounted bool
	list    searchList
}

// OnMount implements app.Mounter: it loads the first page.
func (s *SelectApp) OnMount(ctx app.Context) {
	s.mounted = true
	s.reqs, s.cancel = context.WithCancel(ctx)
	if s.api == nil {
		s.api = apiFor(s.Endpoints)
	}
	s.init()
	s.list.fetch(ctx, s.reqs, false)
}

// OnDismount implements app.Dismounter: it ends the requests.
func (s *SelectApp) OnDismount() {
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *SelectApp) init() {
	l := &s.list
	l.id, l.label, l.noun = or(s.ID, "pd-select-app"), "Search apps", "app"
	l.prefix = s.ClassPrefix
	l.selected = s.Selected
	api, appsURL := s.api, or(s.Endpoints.AppsURL, DefaultAppsURL)
	l.load = func(ctx context.Context, q, after string) (page, error) {
		var list connectapi.AppList
		err := api.get(ctx, appsURL+componentsapi.Query("after", after, "has_components", "true", "limit", strconv.Itoa(pickerPageSize), "q", q), &list)
		var p page
		for _, a := range list.Data {
			p.items = append(p.items, choice{ID: a.NameSlug, Label: a.Name, Description: a.Description, ImgSrc: a.ImgSrc})
		}
		if len(list.Data) == pickerPageSize {
			p.next = list.PageInfo.EndCursor
		}
		return p, err
	}
	l.pick = func(ctx app.Context, c choice) {
		if s.OnSelect != nil {
			s.OnSelect(ctx, App{NameSlug: c.ID, Name: c.Label, ImgSrc: c.ImgSrc})
		}
	}
}

// Render implements app.Composer.
func (s *SelectApp) Render() app.UI {
	if s.list.load == nil {
		s.init()
	}
	return markup(s.ClassPrefix, or(s.ID, "pd-select-app"), "div.select-app id=~ @", nil, []app.UI{s.list.render(s.reqs, s.mounted)})
}

// SelectComponent lists one app's actions (or, with Triggers, its
// triggers), searchable and page by page, and picks one: OnSelect gets it,
// ready for a [ComponentForm].
type SelectComponent struct {
	app.Compo

	App         string // the app's name slug; required
	AppName     string // its display name, for the search box's label
	Endpoints   Endpoints
	Triggers    bool   // list triggers instead of actions
	Selected    string // the chosen component's key
	ID          string // "pd-select-component" when empty
	ClassPrefix string // DefaultClassPrefix when empty
	OnSelect    func(ctx app.Context, c connectapi.Component)

	api     formAPI
	reqs    context.Context
	cancel  context.CancelFunc
	mounted bool
	list    searchList
	loaded  string // the app listed
}

// OnMount implements app.Mounter: it loads the first page.
func (s *SelectComponent) OnMount(ctx app.Context) {
	s.mounted = true
	s.reqs, s.cancel = context.WithCancel(ctx)
	if s.api == nil {
		s.api = apiFor(s.Endpoints)
	}
	s.reload(ctx)
}

// OnUpdate implements app.Updater: another app lists afresh.
func (s *SelectComponent) OnUpdate(ctx app.Context) {
	if s.mounted && s.loaded != s.App {
		s.reload(ctx)
	}
}

// OnDismount implements app.Dismounter: it ends the requests.
func (s *SelectComponent) OnDismount() {
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *SelectComponent) reload(ctx app.Context) {
	s.list = searchList{}
	s.init()
	s.loaded = s.App
	s.list.fetch(ctx, s.reqs, false)
}

func (s *SelectComponent) kind() componentsapi.Kind {
	if s.Triggers {
		return componentsapi.Triggers
	}
	return componentsapi.Actions
}

func (s *SelectComponent) init() {
	l := &s.list
	noun := "action"
	if s.Triggers {
		noun = "trigger"
	}
	l.id, l.noun = or(s.ID, "pd-select-component"), noun
	l.label = "Search " + or(s.AppName, s.App) + " " + noun + "s"
	l.prefix = s.ClassPrefix
	l.selected = s.Selected
	api, kind, appSlug := s.api, s.kind(), s.App
	l.load = func(ctx context.Context, q, after string) (page, error) {
		var list connectapi.ComponentList
		err := api.call(ctx, "GET", "/"+string(kind)+componentsapi.Query("after", after, "app", appSlug, "limit", strconv.Itoa(pickerPageSize), "q", q), nil, &list)
		var p page
		for _, c := range list.Data {
			p.items = append(p.items, choice{ID: c.Key, Label: c.Name, Description: c.Description, data: c})
		}
		if len(list.Data) == pickerPageSize {
			p.next = list.PageInfo.EndCursor
		}
		return p, err
	}
	l.pick = func(ctx app.Context, c choice) {
		if comp, ok := c.data.(connectapi.Component); ok && s.OnSelect != nil {
			s.OnSelect(ctx, comp)
		}
	}
}

// Render implements app.Composer.
func (s *SelectComponent) Render() app.UI {
	if s.list.load == nil {
		s.init()
	}
	return markup(s.ClassPrefix, or(s.ID, "pd-select-component"), "div.select-component id=~ @", nil, []app.UI{s.list.render(s.reqs, s.mounted)})
}

// classes prefixes the space-separated class names of s with prefix,
// DefaultClassPrefix when empty.
func classes(prefix, s string) string {
	p := or(prefix, DefaultClassPrefix)
	return p + strings.ReplaceAll(s, " ", " "+p)
}
