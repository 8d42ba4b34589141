// Package store keeps the sandbox's state: Connect tokens and connected
// accounts. Two implementations share one contract: an in-memory store for
// tests and an embedded bbolt database for `make run`, so state survives a
// restart. The bbolt store also keeps the simulated provider's state
// (app_state.go) and the deployed triggers (triggers.go).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Errors every implementation returns, for callers to test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	ErrSpent    = errors.New("store: token already used")
	ErrExpired  = errors.New("store: token expired")
)

// Token is a minted Connect token with everything it was created with.
type Token struct {
	pipedream.TokenRequest
	Token       string    `json:"token"`
	ProjectID   string    `json:"project_id"`
	Environment string    `json:"environment"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	// SpentAt is set once an account was connected with the token.
	SpentAt *time.Time `json:"spent_at,omitempty"`
	// AccountID is the account the token connected, once spent.
	AccountID string `json:"account_id,omitempty"`
}

// Usable is the one rule for a token's life: nil while it can connect an
// account at now, else ErrSpent (an account was connected with it) or
// ErrExpired (now is not before ExpiresAt). A spent token stays spent
// whether or not it has expired since.
func (t Token) Usable(now time.Time) error {
	switch {
	case t.SpentAt != nil:
		return ErrSpent
	case !now.Before(t.ExpiresAt):
		return ErrExpired
	}
	return nil
}

// Account is a connected account with the project it belongs to. Its
// Credentials are stored and returned only on request.
type Account struct {
	pipedream.Account
	ProjectID   string `json:"project_id"`
	Environment string `json:"environment"`
	AppSlug     string `json:"app_slug"`
	OAuthAppID  string `json:"oauth_app_id,omitempty"`
}

// AccountFilter selects accounts of one project and environment; empty
// fields match everything.
type AccountFilter struct {
	ProjectID   string
	Environment string
	ExternalID  string
	AppSlug     string
	OAuthAppID  string
}

// MaxUnspentTokens is how many unspent tokens one user (of a project and
// environment) keeps at most: a mint past it removes that user's oldest
// unspent ones, so that minting without end cannot fill the store.
const MaxUnspentTokens = 50

// Store is the sandbox's state. Implementations are safe for concurrent use.
type Store interface {
	// PutToken saves a newly minted token, and removes its user's oldest
	// unspent tokens past MaxUnspentTokens.
	PutToken(ctx context.Context, t Token) error
	// Token returns a token by value, spent or not; ErrNotFound if unknown.
	Token(ctx context.Context, token string) (Token, error)
	// Connect atomically spends a live token and saves the account connected
	// with it (created, or replaced when a.ID names an existing account). It
	// returns ErrNotFound, or Token.Usable's error at now, and saves nothing
	// then.
	Connect(ctx context.Context, token string, a Account, now time.Time) error

	// Account returns one account of a project; ErrNotFound if unknown.
	Account(ctx context.Context, projectID, id string) (Account, error)
	// Accounts lists the matching accounts, oldest first (by CreatedAt, then ID).
	Accounts(ctx context.Context, f AccountFilter) ([]Account, error)
	// DeleteAccounts removes the matching accounts and reports how many went.
	DeleteAccounts(ctx context.Context, f AccountFilter) (int, error)
	// DeleteAccount removes one account; ErrNotFound if unknown.
	DeleteAccount(ctx context.Context, projectID, id string) error

	// Sweep removes the tokens that stopped being usable (spent or
	// expired) before the given time and reports how many went; until then
	// Token still finds them, so validation can say why they no longer work.
	Sweep(ctx context.Context, before time.Time) (int, error)

	// Reset clears all state.
	Reset(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}
