package store

import (
	"maps"
	"slices"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// cloneToken returns a copy of t that shares no memory with it.
func cloneToken(t Token) Token {
	t.AllowedOrigins = slices.Clone(t.AllowedOrigins)
	t.SpentAt = cloneTime(t.SpentAt)
	return t
}

// cloneAccount returns a copy of a that shares no memory with it. Credential
// values are expected to be scalars (strings, numbers, booleans).
func cloneAccount(a Account) Account {
	if a.App != nil {
		app := cloneApp(*a.App)
		a.App = &app
	}
	a.AuthorizedScopes = slices.Clone(a.AuthorizedScopes)
	a.Credentials = maps.Clone(a.Credentials)
	a.ExpiresAt = cloneTime(a.ExpiresAt)
	a.LastRefreshedAt = cloneTime(a.LastRefreshedAt)
	a.NextRefreshAt = cloneTime(a.NextRefreshAt)
	return a
}

func cloneApp(app pipedream.App) pipedream.App {
	app.Categories = slices.Clone(app.Categories)
	profiles := make([]pipedream.ScopeProfile, len(app.ScopeProfiles))
	for i, p := range app.ScopeProfiles {
		profiles[i] = pipedream.ScopeProfile{Name: p.Name, Scopes: slices.Clone(p.Scopes)}
	}
	if app.ScopeProfiles != nil {
		app.ScopeProfiles = profiles
	}
	return app
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
