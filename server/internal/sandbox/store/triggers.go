package store

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// LoadTriggers returns every saved deployed trigger, by id. With
// SaveTriggers, it makes *Bolt a trigger.Persister, so deployed triggers
// and their events survive a restart.
func (b *Bolt) LoadTriggers(context.Context) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := b.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTriggers).ForEach(func(k, v []byte) error {
			out[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("load triggers: %w", err)
	}
	return out, nil
}

// SaveTriggers saves put and removes remove, in one transaction shared
// with concurrent writes.
func (b *Bolt) SaveTriggers(_ context.Context, put map[string][]byte, remove []string) error {
	err := b.batch(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketTriggers)
		for id, v := range put {
			if err := bk.Put([]byte(id), v); err != nil {
				return err
			}
		}
		for _, id := range remove {
			if err := bk.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save triggers: %w", err)
	}
	return nil
}
