package account

import (
	"context"
	"fmt"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
)

// Connect ends a successful flow: it builds the account r describes (a new
// one named apart from the user's other accounts of the app), spends
// the token and saves the account in one step (store.ErrSpent,
// store.ErrExpired or store.ErrNotFound when the token cannot be used),
// then queues CONNECTION_SUCCESS for the token's webhook_uri, if any.
// hooks may be nil.
func Connect(ctx context.Context, st store.Store, hooks webhook.Sender, r Request, sessionID int64, now time.Time) (store.Account, error) {
	if r.Name == "" && r.Replace == nil {
		// Named after the user's other accounts of the app, two of
		// which would otherwise read the same.
		others, err := st.Accounts(ctx, store.AccountFilter{ProjectID: r.Token.ProjectID, Environment: r.Token.Environment,
			ExternalID: r.Token.ExternalUserID, AppSlug: r.App.NameSlug})
		if err != nil {
			return store.Account{}, fmt.Errorf("account: the user's accounts: %w", err)
		}
		for _, o := range others {
			r.Taken = append(r.Taken, o.Name)
		}
	}
	a, err := Build(r, now)
	if err != nil {
		return store.Account{}, err
	}
	if err := st.Connect(ctx, r.Token.Token, a, now); err != nil {
		return store.Account{}, fmt.Errorf("account: %w", err)
	}
	if hooks != nil && r.Token.WebhookURI != "" {
		hooks.Send(r.Token.ExternalUserID, webhook.Success(r.Token.Token, r.Token.Environment, sessionID, a.Account), r.Token.WebhookURI)
	}
	return a, nil
}

// Fail ends a failed flow (the user denied access, the provider failed):
// it queues CONNECTION_ERROR with msg for the token's webhook_uri, if any.
// The token stays unspent. hooks may be nil.
func Fail(hooks webhook.Sender, tok store.Token, sessionID int64, msg string) {
	if hooks != nil && tok.WebhookURI != "" {
		hooks.Send(tok.ExternalUserID, webhook.Failure(tok.Token, tok.Environment, sessionID, msg), tok.WebhookURI)
	}
}
