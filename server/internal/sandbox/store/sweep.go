package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// sweepChunk is how many tokens one sweep transaction removes at most, so
// a large sweep never holds the writer for long.
const sweepChunk = 5000

// compactTxSize is how many bytes compaction copies per transaction.
const compactTxSize = 16 << 20

// Sweep removes the tokens that stopped being usable (spent or expired)
// before the given time, reading only those, then compacts the file when
// it pays (see CompactAbove).
func (b *Bolt) Sweep(_ context.Context, before time.Time) (int, error) {
	total := 0
	for {
		n := 0
		err := b.update(func(tx *bolt.Tx) error {
			tokens, ends := tx.Bucket(bucketTokens), tx.Bucket(bucketTokenEnds)
			limit := timeKey(before)
			var doomed [][]byte
			c := ends.Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0 && len(doomed) < sweepChunk; k, _ = c.Next() {
				doomed = append(doomed, bytes.Clone(k))
			}
			for _, k := range doomed {
				var t Token
				if get(tokens, string(k[8:]), &t) == nil && t.SpentAt == nil {
					if err := tx.Bucket(bucketUnspent).Delete(unspentKey(t)); err != nil {
						return err
					}
				}
				if err := tokens.Delete(k[8:]); err != nil {
					return err
				}
				if err := ends.Delete(k); err != nil {
					return err
				}
			}
			n = len(doomed)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("sweep tokens: %w", err)
		}
		total += n
		if n < sweepChunk {
			break
		}
	}
	if _, err := b.compactIfWorth(); err != nil {
		return total, err
	}
	return total, nil
}

// compactIfWorth rewrites the file without its free space when it is at
// least CompactAbove bytes and at most half of it is in use, and reports
// whether it did. Other operations wait meanwhile.
func (b *Bolt) compactIfWorth() (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	info, err := os.Stat(b.path)
	if err != nil {
		return false, fmt.Errorf("compact: %w", err)
	}
	// In use: the pages up to the high-water mark less the free ones; the
	// rest of the file is free pages and the room bbolt grew it by ahead.
	var highWater int64
	if err := b.db.View(func(tx *bolt.Tx) error { highWater = tx.Size(); return nil }); err != nil {
		return false, fmt.Errorf("compact: %w", err)
	}
	if used := highWater - int64(b.db.Stats().FreeAlloc); info.Size() < b.CompactAbove || used*2 > info.Size() {
		return false, nil
	}
	tmp := b.path + ".compact"
	if err := compactInto(tmp, b.db); err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("compact %s: %w", b.path, err)
	}
	if err := b.db.Close(); err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("compact %s: %w", b.path, err)
	}
	renameErr := os.Rename(tmp, b.path)
	// Reopen whichever file is in place, so the store keeps working.
	db, err := openDB(b.path)
	if err != nil {
		return false, fmt.Errorf("compact: reopen %s: %w", b.path, errors.Join(renameErr, err))
	}
	b.db = db
	if renameErr != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("compact %s: %w", b.path, renameErr)
	}
	return true, nil
}

// compactInto copies src's data into a new file at path.
func compactInto(path string, src *bolt.DB) error {
	os.Remove(path) // a leftover of an interrupted compaction
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, src, compactTxSize); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// Sweep removes the tokens that stopped being usable before the given time.
func (m *Memory) Sweep(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, t := range m.tokens {
		if tokenEnd(t).Before(before) {
			delete(m.tokens, k)
			n++
		}
	}
	for user, ts := range m.unspent {
		if m.unspent[user] = m.stillUnspent(ts); len(m.unspent[user]) == 0 {
			delete(m.unspent, user)
		}
	}
	return n, nil
}
