package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Bucket names of the bbolt store.
var (
	bucketTokens   = []byte("tokens")
	bucketAccounts = []byte("accounts")
)

// batchDelay is how long a token write waits for others to share its
// transaction.
const batchDelay = 2 * time.Millisecond

// Bolt is a Store in a bbolt database file, so state survives restarts.
type Bolt struct {
	db *bolt.DB
}

// OpenBolt opens (creating it and its folder when needed) the database at
// path, e.g. data/sandbox.db. It fails after a second if another process
// holds the file.
func OpenBolt(path string) (*Bolt, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.MaxBatchDelay = batchDelay
	b := &Bolt{db: db}
	if err := db.Update(createBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return b, nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketTokens, bucketAccounts} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// PutToken saves a newly minted token. Concurrent calls share one
// transaction (and one fsync), which multiplies throughput under load.
func (b *Bolt) PutToken(_ context.Context, t Token) error {
	return b.db.Batch(func(tx *bolt.Tx) error {
		if err := put(tx.Bucket(bucketTokens), t.Token, t); err != nil {
			return fmt.Errorf("put token: %w", err)
		}
		return nil
	})
}

// Token returns a token by value.
func (b *Bolt) Token(_ context.Context, token string) (Token, error) {
	var t Token
	err := b.db.View(func(tx *bolt.Tx) error {
		return get(tx.Bucket(bucketTokens), token, &t)
	})
	if err != nil {
		return Token{}, fmt.Errorf("token: %w", err)
	}
	return t, nil
}

// Connect spends a live token and saves the account connected with it, in
// one transaction.
func (b *Bolt) Connect(_ context.Context, token string, a Account, now time.Time) error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		tokens := tx.Bucket(bucketTokens)
		var t Token
		err := get(tokens, token, &t)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := checkLive(t, err == nil, now); err != nil {
			return err
		}
		spent := now
		t.SpentAt, t.AccountID = &spent, a.ID
		if err := put(tokens, token, t); err != nil {
			return err
		}
		return put(tx.Bucket(bucketAccounts), a.ID, a)
	})
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return nil
}

// Account returns one account of a project.
func (b *Bolt) Account(_ context.Context, projectID, id string) (Account, error) {
	var a Account
	err := b.db.View(func(tx *bolt.Tx) error {
		return get(tx.Bucket(bucketAccounts), id, &a)
	})
	if err == nil && a.ProjectID != projectID {
		err = ErrNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("account %s: %w", id, err)
	}
	return a, nil
}

// Accounts lists the matching accounts, oldest first.
func (b *Bolt) Accounts(_ context.Context, f AccountFilter) ([]Account, error) {
	var out []Account
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode account %s: %w", k, err)
			}
			if f.Match(a) {
				out = append(out, a)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	SortAccounts(out)
	return out, nil
}

// DeleteAccounts removes the matching accounts.
func (b *Bolt) DeleteAccounts(_ context.Context, f AccountFilter) (int, error) {
	n := 0
	err := b.db.Update(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(bucketAccounts)
		var doomed [][]byte
		err := bucket.ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode account %s: %w", k, err)
			}
			if f.Match(a) {
				doomed = append(doomed, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := bucket.Delete(k); err != nil {
				return err
			}
		}
		n = len(doomed)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete accounts: %w", err)
	}
	return n, nil
}

// DeleteAccount removes one account.
func (b *Bolt) DeleteAccount(_ context.Context, projectID, id string) error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(bucketAccounts)
		var a Account
		if err := get(bucket, id, &a); err != nil {
			return err
		}
		if a.ProjectID != projectID {
			return ErrNotFound
		}
		return bucket.Delete([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("delete account %s: %w", id, err)
	}
	return nil
}

// Reset clears all state.
func (b *Bolt) Reset(context.Context) error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketTokens, bucketAccounts} {
			if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
				return err
			}
		}
		return createBuckets(tx)
	})
	if err != nil {
		return fmt.Errorf("reset store: %w", err)
	}
	return nil
}

// Close closes the database file.
func (b *Bolt) Close() error {
	if err := b.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// put stores v as JSON under key.
func put(bucket *bolt.Bucket, key string, v any) error {
	buf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return bucket.Put([]byte(key), buf)
}

// get decodes the JSON under key into v, or returns ErrNotFound.
func get(bucket *bolt.Bucket, key string, v any) error {
	buf := bucket.Get([]byte(key))
	if buf == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}
