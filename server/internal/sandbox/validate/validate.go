// Package validate checks a Connect token for the hosted Connect page, as
// GET /v1/connect/tokens/{token}/validate does: the token must exist, be
// unspent and unexpired, and the app, OAuth client and account asked for
// must exist and fit the token.
package validate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Error texts of a failed validation, close to the official service's.
const (
	MsgInvalidToken    = "invalid token"
	MsgExpired         = "This link has expired. Please request a new one from the app developer."
	MsgSpent           = "This link has already been used. Please request a new one from the app developer."
	MsgAppNotFound     = "app not found"
	MsgAppMismatch     = "this token is limited to another app"
	MsgOAuthAppFixed   = "this token is limited to another OAuth client"
	MsgOAuthAppNotOK   = "oauth_app_id applies only to OAuth apps"
	MsgAccountNotFound = "account not found"
	MsgAccountMismatch = "the account belongs to another app"
	MsgOverrideMissing = "app override not found"
)

// Project describes the project tokens belong to.
type Project struct {
	ID           string
	Name         string // project_app_name
	SupportEmail string // project_support_email
}

// Query is what the hosted page asks about, from its URL.
type Query struct {
	AppID         string // app id or name slug
	OAuthAppID    string
	AccountID     string // an account to reconnect
	AppOverrideID string // not supported by the sandbox: always refused
}

// Result is a validation with what it resolved.
type Result struct {
	pipedream.TokenValidation
	Token   store.Token    // the token; zero when unknown
	App     *catalog.App   // the app, when one was identified
	Account *store.Account // the account to reconnect, when asked
}

// Check validates token against q at now. A failed validation is a Result
// with Success false and Error set; the error is for store failures only.
func Check(ctx context.Context, st store.Store, cat *catalog.Catalog, p Project, token string, q Query, now time.Time) (Result, error) {
	var r Result
	t, err := st.Token(ctx, token)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fail(r, MsgInvalidToken), nil
	case err != nil:
		return r, fmt.Errorf("validate token: %w", err)
	case t.ProjectID != p.ID:
		return fail(r, MsgInvalidToken), nil
	}
	r.Token = t
	r.SuccessRedirectURI, r.ErrorRedirectURI = t.SuccessRedirectURI, t.ErrorRedirectURI
	if err := t.Usable(now); err != nil {
		return fail(r, TokenMessage(err)), nil
	}
	if q.AppOverrideID != "" {
		return fail(r, MsgOverrideMissing), nil
	}

	if q.AppID != "" {
		app, ok := cat.Lookup(q.AppID)
		if !ok {
			return fail(r, MsgAppNotFound), nil
		}
		r.App = app
	}
	if t.AppID != "" {
		pinned, ok := cat.Lookup(t.AppID)
		switch {
		case !ok:
			return fail(r, MsgAppNotFound), nil
		case r.App != nil && r.App != pinned:
			return fail(r, MsgAppMismatch), nil
		}
		r.App = pinned
	}
	if q.AccountID != "" {
		a, err := st.Account(ctx, p.ID, q.AccountID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return fail(r, MsgAccountNotFound), nil
		case err != nil:
			return r, fmt.Errorf("validate token: %w", err)
		case a.ExternalID != t.ExternalUserID || a.Environment != t.Environment:
			return fail(r, MsgAccountNotFound), nil
		}
		app, ok := cat.Lookup(a.AppSlug)
		switch {
		case !ok:
			return fail(r, MsgAppNotFound), nil
		case r.App != nil && r.App != app:
			return fail(r, MsgAccountMismatch), nil
		}
		r.App, r.Account = app, &a
	}

	oauthApp := q.OAuthAppID
	if t.OAuthAppID != "" {
		if oauthApp != "" && oauthApp != t.OAuthAppID {
			return fail(r, MsgOAuthAppFixed), nil
		}
		oauthApp = t.OAuthAppID
	}
	if oauthApp != "" && r.App != nil && r.App.AuthType != pipedream.AuthOAuth {
		return fail(r, MsgOAuthAppNotOK), nil
	}

	r.Success = true
	r.ProjectID = p.ID
	r.ProjectEnvironment = pipedream.Environment(t.Environment)
	r.ProjectAppName = p.Name
	r.ProjectSupportEmail = p.SupportEmail
	r.OAuthAppID = oauthApp
	if r.App != nil {
		w := r.App.Wire()
		r.TokenValidation.App = &w
	}
	return r, nil
}

// TokenMessage is the one text for why a token cannot be used, from the
// store's ErrNotFound or Token.Usable's ErrSpent and ErrExpired (also what
// store.Connect returns); "" for any other error.
func TokenMessage(err error) string {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return MsgInvalidToken
	case errors.Is(err, store.ErrSpent):
		return MsgSpent
	case errors.Is(err, store.ErrExpired):
		return MsgExpired
	}
	return ""
}

func fail(r Result, msg string) Result {
	r.Success, r.Error = false, msg
	return r
}
