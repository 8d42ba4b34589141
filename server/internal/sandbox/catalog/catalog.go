// Package catalog is the sandbox's embedded app catalog: well-known apps
// with their real names and slugs, auth types, categories, OAuth scope
// profiles, the fields key-based apps ask for, and logos drawn as SVG.
package catalog

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Field is one input a key-based app asks for. The catalog encodes an
// app's fields as its custom_fields_json.
type Field struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Type     string `json:"type"`               // always "string"
	Secret   bool   `json:"secret,omitempty"`   // mask it in forms; never echo it
	Optional bool   `json:"optional,omitempty"` // may be left empty
	Pattern  string `json:"pattern,omitempty"`  // RE2 the whole value must match
	Hint     string `json:"hint,omitempty"`     // help shown next to the input
}

// App is one catalog app with everything the sandbox knows about it.
type App struct {
	pipedream.App
	// Color is the logo's background, as #rrggbb.
	Color string
	// Fields are what a keys app asks for; empty for other auth types.
	Fields []Field

	patterns []*regexp.Regexp // compiled Fields[i].Pattern, nil when none
	cred     credential       // where the proxy puts the credential
}

// Catalog is an immutable set of apps. It is safe for concurrent use.
type Catalog struct {
	apps   []*App // by featured_weight, highest first
	bySlug map[string]*App
	byID   map[string]*App
}

// New returns the built-in catalog with logos served under baseURL
// (img_src is {baseURL}/img/{slug}.svg).
func New(baseURL string) *Catalog {
	baseURL = strings.TrimRight(baseURL, "/")
	c := &Catalog{bySlug: map[string]*App{}, byID: map[string]*App{}}
	for _, e := range entries {
		a := &App{Color: e.color, Fields: e.fields}
		a.App = pipedream.App{
			ID:             appID(e.slug),
			NameSlug:       e.slug,
			Name:           e.name,
			AuthType:       pipedream.AuthType(e.auth),
			Description:    e.desc,
			ImgSrc:         baseURL + "/img/" + e.slug + ".svg",
			Categories:     slices.Clone(e.cats),
			FeaturedWeight: e.weight,
			ScopeProfiles:  profiles(e.scopes),
		}
		a.Connect, a.cred = connect(e.slug, a.AuthType)
		if len(e.fields) > 0 {
			b, err := json.Marshal(e.fields)
			if err != nil {
				panic(fmt.Sprintf("catalog: encode fields of %s: %v", e.slug, err))
			}
			a.CustomFieldsJSON = string(b)
		}
		for _, f := range e.fields {
			var re *regexp.Regexp
			if f.Pattern != "" {
				re = regexp.MustCompile(f.Pattern)
			}
			a.patterns = append(a.patterns, re)
		}
		c.apps = append(c.apps, a)
		c.bySlug[a.NameSlug] = a
		c.byID[a.ID] = a
	}
	slices.SortStableFunc(c.apps, func(x, y *App) int {
		switch {
		case x.FeaturedWeight > y.FeaturedWeight:
			return -1
		case x.FeaturedWeight < y.FeaturedWeight:
			return 1
		}
		return strings.Compare(x.NameSlug, y.NameSlug)
	})
	return c
}

// Apps returns every app's wire form, highest featured_weight first.
// The slice and its apps are the caller's to change.
func (c *Catalog) Apps() []pipedream.App {
	out := make([]pipedream.App, len(c.apps))
	for i, a := range c.apps {
		out[i] = a.Wire()
	}
	return out
}

// All returns every app, highest featured_weight first. The apps are
// shared and must not be changed.
func (c *Catalog) All() []*App { return slices.Clone(c.apps) }

// Lookup finds an app by id (app_...) or name slug.
func (c *Catalog) Lookup(idOrSlug string) (*App, bool) {
	if a, ok := c.byID[idOrSlug]; ok {
		return a, true
	}
	a, ok := c.bySlug[idOrSlug]
	return a, ok
}

// Wire returns a copy of the app's wire form, sharing no memory with the
// catalog.
func (a *App) Wire() pipedream.App {
	w := a.App
	w.Categories = slices.Clone(w.Categories)
	w.ScopeProfiles = make([]pipedream.ScopeProfile, len(a.ScopeProfiles))
	for i, p := range a.ScopeProfiles {
		w.ScopeProfiles[i] = pipedream.ScopeProfile{Name: p.Name, Scopes: slices.Clone(p.Scopes)}
	}
	c := *a.Connect
	c.AllowedDomains = slices.Clone(c.AllowedDomains)
	w.Connect = &c
	return w
}

// Scopes returns the scopes of the named profile, or of the broadest
// non-admin profile when name is empty; ok is false for an unknown name.
func (a *App) Scopes(profile string) (scopes []string, ok bool) {
	if profile == "" {
		for _, name := range []string{"read_write", "read_only"} {
			if s, ok := a.Scopes(name); ok {
				return s, true
			}
		}
		return []string{}, true
	}
	for _, p := range a.ScopeProfiles {
		if p.Name == profile {
			return slices.Clone(p.Scopes), true
		}
	}
	return nil, false
}

// FieldError reports one field a keys app refused.
type FieldError struct {
	Field   string // the field's name
	Label   string // the field's label
	Message string // what is wrong, for people
}

// Error returns "Label: message".
func (e *FieldError) Error() string { return e.Label + ": " + e.Message }

// CheckFields validates the values entered for a keys app, returning a
// *FieldError for the first wrong field, and the values kept: every known
// non-empty field, trimmed. Unknown fields are refused.
func (a *App) CheckFields(values map[string]string) (map[string]string, error) {
	kept := make(map[string]string, len(a.Fields))
	known := make(map[string]bool, len(a.Fields))
	for i, f := range a.Fields {
		known[f.Name] = true
		v := strings.TrimSpace(values[f.Name])
		switch {
		case v == "" && f.Optional:
			continue
		case v == "":
			return nil, &FieldError{Field: f.Name, Label: f.Label, Message: "is required"}
		case len(v) > maxFieldValue:
			return nil, &FieldError{Field: f.Name, Label: f.Label, Message: fmt.Sprintf("is longer than %d characters", maxFieldValue)}
		case a.patterns[i] != nil && !a.patterns[i].MatchString(v):
			msg := "has an unexpected format"
			if f.Hint != "" {
				msg += ": " + f.Hint
			}
			return nil, &FieldError{Field: f.Name, Label: f.Label, Message: msg}
		}
		kept[f.Name] = v
	}
	for name := range values {
		if !known[name] {
			return nil, &FieldError{Field: name, Label: name, Message: "is not a field of " + a.Name}
		}
	}
	return kept, nil
}

// maxFieldValue bounds each entered value.
const maxFieldValue = 4096

// profiles turns an entry's scopes into scope profiles, never nil.
func profiles(s scopes) []pipedream.ScopeProfile {
	out := []pipedream.ScopeProfile{}
	for _, p := range []struct {
		name   string
		scopes []string
	}{{"read_only", s.ro}, {"read_write", s.rw}, {"admin", s.admin}} {
		if len(p.scopes) > 0 {
			out = append(out, pipedream.ScopeProfile{Name: p.name, Scopes: slices.Clone(p.scopes)})
		}
	}
	return out
}

// appID derives a stable app_ id from a slug, so ids survive restarts.
func appID(slug string) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	sum := sha256.Sum256([]byte("pdconnect app " + slug))
	id := []byte("app_")
	for _, b := range sum[:8] {
		id = append(id, alphabet[int(b)%len(alphabet)])
	}
	return string(id)
}
