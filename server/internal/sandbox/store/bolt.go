package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Bucket names of the bbolt store. The index buckets hold keys only; see
// index.go.
var (
	bucketTokens       = []byte("tokens")
	bucketAccounts     = []byte("accounts")
	bucketTokenEnds    = []byte("token_ends")
	bucketAccountIndex = []byte("account_index")
	bucketUnspent      = []byte("unspent_tokens")
	bucketAppState     = []byte("app_state") // the simulated provider's state, by account id
	bucketTriggers     = []byte("triggers")  // deployed triggers with their events, by trigger id
	allBuckets         = [][]byte{bucketTokens, bucketAccounts, bucketTokenEnds, bucketAccountIndex, bucketUnspent, bucketAppState, bucketTriggers}
)

// batchDelay is how long a token write waits for others to share its
// transaction.
const batchDelay = 2 * time.Millisecond

// DefaultCompactAbove is the file size from which Sweep compacts a file
// that is at most half in use.
const DefaultCompactAbove = 8 << 20

// Bolt is a Store in a bbolt database file, so state survives restarts.
type Bolt struct {
	path string
	// CompactAbove is the file size in bytes from which Sweep compacts the
	// file when at most half of it is in use; set it before use.
	CompactAbove int64

	// mu guards db: every operation holds it for reading, compaction (which
	// swaps the file) for writing.
	mu sync.RWMutex
	db *bolt.DB
}

// OpenBolt opens (creating it and its folder when needed) the database at
// path, e.g. data/sandbox.db. It fails after a second if another process
// holds the file. A file written before the indexes existed gets them.
func OpenBolt(path string) (*Bolt, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db, err := openDB(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.Update(migrate); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &Bolt{path: path, db: db, CompactAbove: DefaultCompactAbove}, nil
}

func openDB(path string) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	db.MaxBatchDelay = batchDelay
	return db, nil
}

// migrate creates the buckets, and builds the indexes when they are new.
// (Tokens minted before unspent_tokens existed are not in it: they count
// against no cap, and are gone within their life.)
func migrate(tx *bolt.Tx) error {
	fresh := tx.Bucket(bucketAccountIndex) == nil || tx.Bucket(bucketTokenEnds) == nil
	if err := createBuckets(tx); err != nil {
		return err
	}
	if !fresh {
		return nil
	}
	err := tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
		var a Account
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("decode account %s: %w", k, err)
		}
		return indexAccount(tx, a)
	})
	if err != nil {
		return fmt.Errorf("index accounts: %w", err)
	}
	err = tx.Bucket(bucketTokens).ForEach(func(k, v []byte) error {
		var t Token
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("decode token: %w", err)
		}
		return tx.Bucket(bucketTokenEnds).Put(tokenEndKey(t), nil)
	})
	if err != nil {
		return fmt.Errorf("index tokens: %w", err)
	}
	return nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// view, update and batch run fn in a transaction of the current file.
func (b *Bolt) view(fn func(*bolt.Tx) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.db.View(fn)
}

func (b *Bolt) update(fn func(*bolt.Tx) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.db.Update(fn)
}

func (b *Bolt) batch(fn func(*bolt.Tx) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.db.Batch(fn)
}

// PutToken saves a newly minted token. Concurrent calls share one
// transaction (and one fsync), which multiplies throughput under load.
func (b *Bolt) PutToken(_ context.Context, t Token) error {
	return b.batch(func(tx *bolt.Tx) error {
		if err := putToken(tx, t); err != nil {
			return fmt.Errorf("put token: %w", err)
		}
		if err := capUnspent(tx, t); err != nil {
			return fmt.Errorf("put token: %w", err)
		}
		return nil
	})
}

// capUnspent removes the oldest unspent tokens of t's user past
// MaxUnspentTokens.
func capUnspent(tx *bolt.Tx, t Token) error {
	unspent := tx.Bucket(bucketUnspent)
	prefix := unspentPrefix(t)
	var keys [][]byte
	c := unspent.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, k)
	}
	for _, k := range keys[:max(0, len(keys)-MaxUnspentTokens)] {
		k = bytes.Clone(k)
		if err := deleteToken(tx, string(k[len(prefix)+8:])); err != nil {
			return err
		}
		if err := unspent.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// deleteToken removes a token and its place in token_ends.
func deleteToken(tx *bolt.Tx, token string) error {
	var t Token
	switch err := get(tx.Bucket(bucketTokens), token, &t); {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	if err := tx.Bucket(bucketTokenEnds).Delete(tokenEndKey(t)); err != nil {
		return err
	}
	return tx.Bucket(bucketTokens).Delete([]byte(token))
}

// putToken saves t and its places in the indexes: token_ends, and
// unspent_tokens while it is unspent.
func putToken(tx *bolt.Tx, t Token) error {
	if t.SpentAt == nil {
		if err := tx.Bucket(bucketUnspent).Put(unspentKey(t), nil); err != nil {
			return err
		}
	} else if err := tx.Bucket(bucketUnspent).Delete(unspentKey(t)); err != nil {
		return err
	}
	tokens, ends := tx.Bucket(bucketTokens), tx.Bucket(bucketTokenEnds)
	var old Token
	switch err := get(tokens, t.Token, &old); {
	case err == nil:
		if err := ends.Delete(tokenEndKey(old)); err != nil {
			return err
		}
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if err := put(tokens, t.Token, t); err != nil {
		return err
	}
	return ends.Put(tokenEndKey(t), nil)
}

// Token returns a token by value.
func (b *Bolt) Token(_ context.Context, token string) (Token, error) {
	var t Token
	err := b.view(func(tx *bolt.Tx) error {
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
	err := b.update(func(tx *bolt.Tx) error {
		var t Token
		err := get(tx.Bucket(bucketTokens), token, &t)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := checkLive(t, err == nil, now); err != nil {
			return err
		}
		spent := now
		t.SpentAt, t.AccountID = &spent, a.ID
		if err := putToken(tx, t); err != nil {
			return err
		}
		if err := deleteAccount(tx, a.ID); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := put(tx.Bucket(bucketAccounts), a.ID, a); err != nil {
			return err
		}
		return indexAccount(tx, a)
	})
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return nil
}

// Account returns one account of a project.
func (b *Bolt) Account(_ context.Context, projectID, id string) (Account, error) {
	var a Account
	err := b.view(func(tx *bolt.Tx) error {
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

// Accounts lists the matching accounts, oldest first. With a project and
// an environment it reads only the accounts of the filter's user, app or
// environment, through the index.
func (b *Bolt) Accounts(_ context.Context, f AccountFilter) ([]Account, error) {
	var out []Account
	err := b.view(func(tx *bolt.Tx) error {
		return eachAccount(tx, f, func(a Account) error {
			out = append(out, a)
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
	err := b.update(func(tx *bolt.Tx) error {
		var doomed []string
		err := eachAccount(tx, f, func(a Account) error {
			doomed = append(doomed, a.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range doomed {
			if err := deleteAccount(tx, id); err != nil {
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
	err := b.update(func(tx *bolt.Tx) error {
		var a Account
		if err := get(tx.Bucket(bucketAccounts), id, &a); err != nil {
			return err
		}
		if a.ProjectID != projectID {
			return ErrNotFound
		}
		return deleteAccount(tx, id)
	})
	if err != nil {
		return fmt.Errorf("delete account %s: %w", id, err)
	}
	return nil
}

// deleteAccount removes an account and its index entries; ErrNotFound if
// unknown.
func deleteAccount(tx *bolt.Tx, id string) error {
	accounts := tx.Bucket(bucketAccounts)
	var a Account
	if err := get(accounts, id, &a); err != nil {
		return err
	}
	if err := unindexAccount(tx, a); err != nil {
		return err
	}
	if err := tx.Bucket(bucketAppState).Delete([]byte(id)); err != nil {
		return err
	}
	return accounts.Delete([]byte(id))
}

// Reset clears all state.
func (b *Bolt) Reset(context.Context) error {
	err := b.update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
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
	b.mu.Lock()
	defer b.mu.Unlock()
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
