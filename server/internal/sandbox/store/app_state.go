package store

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// LoadState returns the simulated provider's saved state of an account,
// or nil when there is none. With SaveState, it makes *Bolt a
// provider.Persister, so what actions and the proxy changed survives a
// restart; deleting the account deletes its state.
func (b *Bolt) LoadState(_ context.Context, accountID string) ([]byte, error) {
	var out []byte
	err := b.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketAppState).Get([]byte(accountID)); v != nil {
			out = bytes.Clone(v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load state of %s: %w", accountID, err)
	}
	return out, nil
}

// SaveState saves an account's state; concurrent saves share a
// transaction.
func (b *Bolt) SaveState(_ context.Context, accountID string, state []byte) error {
	err := b.batch(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Get([]byte(accountID)) == nil {
			return nil // the account was deleted meanwhile: keep nothing
		}
		return tx.Bucket(bucketAppState).Put([]byte(accountID), state)
	})
	if err != nil {
		return fmt.Errorf("save state of %s: %w", accountID, err)
	}
	return nil
}
