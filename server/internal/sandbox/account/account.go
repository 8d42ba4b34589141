// Package account builds the accounts the sandbox's simulated Connect
// flows create: apn_ ids, display names, authorized scopes and plausible
// credentials (OAuth tokens for oauth apps, the entered fields for keys
// apps).
package account

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// OAuth token lifetimes of simulated accounts.
const (
	accessTokenLife = time.Hour
	refreshLead     = 10 * time.Minute // next refresh this long before expiry
)

// Request describes an account a finished flow connects.
type Request struct {
	App   *catalog.App // the app connected
	Token store.Token  // the Connect token of the flow
	// Values are the fields entered for a keys app, checked by Build.
	Values map[string]string
	// ScopeProfile is the OAuth scope profile granted; "" grants the
	// app's default profile.
	ScopeProfile string
	// Replace is the account being reconnected, if any: its id and
	// creation time are kept.
	Replace *store.Account
	// Name is the account's display name; "" keeps a reconnected
	// account's, or names a new one as its provider would (see Name):
	// Taken are the names of the user's other accounts of the app, which
	// it avoids.
	Name  string
	Taken []string
}

// ErrScopeProfile reports a scope profile the app does not offer.
var ErrScopeProfile = errors.New("account: unknown scope profile")

// ErrWrongApp reports a reconnect of an account to another app or user.
var ErrWrongApp = errors.New("account: the account to reconnect belongs to another app or user")

// Build returns the account r connects at now. For keys apps it validates
// r.Values with catalog.App.CheckFields and returns its *catalog.FieldError.
func Build(r Request, now time.Time) (store.Account, error) {
	now = now.UTC()
	app := r.App.Wire()
	a := store.Account{
		Account: pipedream.Account{
			ID:         NewID(),
			Name:       r.Name,
			ExternalID: r.Token.ExternalUserID,
			Healthy:    true,
			App:        &app,
			CreatedAt:  now,
			UpdatedAt:  now,
		},
		ProjectID:   r.Token.ProjectID,
		Environment: r.Token.Environment,
		AppSlug:     r.App.NameSlug,
		OAuthAppID:  r.Token.OAuthAppID,
	}
	if old := r.Replace; old != nil {
		if old.AppSlug != r.App.NameSlug || old.ExternalID != r.Token.ExternalUserID || old.ProjectID != r.Token.ProjectID {
			return store.Account{}, ErrWrongApp
		}
		a.ID, a.CreatedAt = old.ID, old.CreatedAt
		if a.Name == "" {
			a.Name = old.Name
		}
	}
	for n := len(r.Taken); a.Name == ""; n++ {
		if name := Name(r.App.NameSlug, r.Token.ExternalUserID, n); !slices.Contains(r.Taken, name) {
			a.Name = name
		}
	}
	switch r.App.AuthType {
	case pipedream.AuthOAuth:
		scopes, ok := r.App.Scopes(r.ScopeProfile)
		if !ok {
			return store.Account{}, fmt.Errorf("%w %q for %s", ErrScopeProfile, r.ScopeProfile, r.App.NameSlug)
		}
		exp, next := now.Add(accessTokenLife), now.Add(accessTokenLife-refreshLead)
		a.AuthorizedScopes = scopes
		a.ExpiresAt, a.LastRefreshedAt, a.NextRefreshAt = &exp, &now, &next
		clientID := r.Token.OAuthAppID
		if clientID == "" {
			clientID = "oa_sandbox_" + r.App.NameSlug
		}
		a.Credentials = map[string]any{
			"oauth_access_token":  "sbx_oat_" + random(20),
			"oauth_refresh_token": "sbx_ort_" + random(20),
			"oauth_client_id":     clientID,
			"oauth_uid":           "uid_" + random(8),
			"expires_at":          exp.Format(time.RFC3339),
		}
	case pipedream.AuthKeys:
		values, err := r.App.CheckFields(r.Values)
		if err != nil {
			return store.Account{}, fmt.Errorf("account: %w", err)
		}
		a.AuthorizedScopes = []string{}
		a.Credentials = make(map[string]any, len(values))
		for k, v := range values {
			a.Credentials[k] = v
		}
	default:
		a.AuthorizedScopes = []string{}
		a.Credentials = map[string]any{}
	}
	return a, nil
}

// NewID returns a fresh account id: apn_ and random characters.
func NewID() string { return "apn_" + random(8) }

// random returns n random bytes as hex.
func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
