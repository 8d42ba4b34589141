// Package components is the sandbox's component registry: the actions
// (and triggers) the components API lists, configures and runs, each
// acting on the simulated provider's per-account state.
//
// A Definition is a component as the API shows it plus the Go that
// computes its remote options, its dynamic props and, for actions, its
// run. Actions live in actions_*.go, one file per app; triggers add their
// definitions the same way (see New).
package components

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Definition is one component.
type Definition struct {
	pipedream.Component
	// Options computes the remote options of the props marked
	// RemoteOptions, by prop name.
	Options map[string]func(*Call) (pipedream.ConfigurePropResult, error)
	// Reload returns the props that follow the static ones once the props
	// marked ReloadProps have values (nil: none are dynamic).
	Reload func(*Call) ([]pipedream.ConfigurableProp, error)
	// Run runs an action; nil for triggers.
	Run func(*Call) (Result, error)
}

// Result is what an action run produced.
type Result struct {
	Summary string         // the $summary export
	Exports map[string]any // other exports
	Ret     any            // the return value
}

// Registry is the set of components, sorted by key. It is immutable and
// safe for concurrent use.
type Registry struct {
	defs  []*Definition
	byKey map[string]*Definition
}

// New returns the built-in components, acting on p.
func New(p *provider.Provider) *Registry {
	var defs []*Definition
	for _, group := range [][]*Definition{
		slackActions(p), githubActions(p), sheetsActions(p), openaiActions(),
		notionActions(p), gmailActions(p), stripeActions(p), todoistActions(p), hubspotActions(p),
		triggers(p),
	} {
		defs = append(defs, group...)
	}
	r := &Registry{byKey: map[string]*Definition{}}
	for _, d := range defs {
		if r.byKey[d.Key] != nil {
			panic("components: duplicate key " + d.Key)
		}
		if d.ConfigurableProps == nil {
			d.ConfigurableProps = []pipedream.ConfigurableProp{}
		}
		r.byKey[d.Key] = d
		r.defs = append(r.defs, d)
	}
	slices.SortFunc(r.defs, func(a, b *Definition) int { return cmp.Compare(a.Key, b.Key) })
	return r
}

// Get returns the component with key, or false.
func (r *Registry) Get(key string) (*Definition, bool) {
	d, ok := r.byKey[key]
	return d, ok
}

// Filter selects components of a list request; zero fields match all.
type Filter struct {
	Type pipedream.ComponentType
	App  string // an app prop's app
	Q    string // case-insensitive, in key, name or description
}

// List returns the components matching f, by key.
func (r *Registry) List(f Filter) []*Definition {
	q := strings.ToLower(f.Q)
	var out []*Definition
	for _, d := range r.defs {
		if f.Type != "" && d.ComponentType != f.Type {
			continue
		}
		if f.App != "" && !slices.ContainsFunc(d.ConfigurableProps, func(p pipedream.ConfigurableProp) bool {
			return p.Type == pipedream.PropApp && p.App == f.App
		}) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(d.Key+"\n"+d.Name+"\n"+d.Description), q) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Apps returns the slugs of the apps that have components of any of the
// types: those their app props name.
func (r *Registry) Apps(types ...pipedream.ComponentType) map[string]bool {
	out := map[string]bool{}
	for _, d := range r.defs {
		if !slices.Contains(types, d.ComponentType) {
			continue
		}
		for _, p := range d.ConfigurableProps {
			if p.Type == pipedream.PropApp {
				out[p.App] = true
			}
		}
	}
	return out
}

// action builds an action's definition with its annotations.
func action(c pipedream.Component, readOnly bool) *Definition {
	c.ComponentType = pipedream.ComponentAction
	if c.Version == "" {
		c.Version = "0.1.0"
	}
	t, f := true, false
	c.Annotations = &pipedream.Annotations{Title: c.Name, ReadOnlyHint: &f, DestructiveHint: &f, OpenWorldHint: &t, IdempotentHint: &f}
	if readOnly {
		c.Annotations.ReadOnlyHint, c.Annotations.IdempotentHint = &t, &t
	}
	return &Definition{Component: c}
}

// appProp is the account prop of an app.
func appProp(app string) pipedream.ConfigurableProp {
	return pipedream.ConfigurableProp{Name: app, Type: pipedream.PropApp, App: app}
}
