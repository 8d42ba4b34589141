package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The bbolt store's indexes, so that a listing reads what it returns and
// a sweep what it removes:
//
//   - account_index holds, for every account, one key per way it is listed:
//     kind, the owner's fields, then the account's place in the
//     oldest-first order (created time, id). Kinds: 'e' project and
//     environment, 'u' those and the external user, 'a' those and the app.
//   - token_ends holds, for every token, the time it stops being usable
//     (spent or expired) then the token, so the oldest come first.
//   - unspent_tokens holds, for every unspent token, its user (project,
//     environment, external user), its mint time and the token, so that a
//     mint finds the user's oldest unspent tokens past the cap.
//
// Fields are separated by 0, which no project, environment, user id or app
// slug holds (the API refuses control characters).
const (
	kindEnv  = 'e'
	kindUser = 'u'
	kindApp  = 'a'
)

// indexPrefix is the index prefix of kind for the given owner fields.
func indexPrefix(kind byte, fields ...string) []byte {
	p := []byte{kind, 0}
	for _, f := range fields {
		p = append(p, f...)
		p = append(p, 0)
	}
	return p
}

// accountIndexKeys are the index keys of a.
func accountIndexKeys(a Account) [][]byte {
	order := append(timeKey(a.CreatedAt), a.ID...)
	return [][]byte{
		append(indexPrefix(kindEnv, a.ProjectID, a.Environment), order...),
		append(indexPrefix(kindUser, a.ProjectID, a.Environment, a.ExternalID), order...),
		append(indexPrefix(kindApp, a.ProjectID, a.Environment, a.AppSlug), order...),
	}
}

func indexAccount(tx *bolt.Tx, a Account) error {
	idx := tx.Bucket(bucketAccountIndex)
	for _, k := range accountIndexKeys(a) {
		if err := idx.Put(k, nil); err != nil {
			return fmt.Errorf("index account %s: %w", a.ID, err)
		}
	}
	return nil
}

func unindexAccount(tx *bolt.Tx, a Account) error {
	idx := tx.Bucket(bucketAccountIndex)
	for _, k := range accountIndexKeys(a) {
		if err := idx.Delete(k); err != nil {
			return fmt.Errorf("unindex account %s: %w", a.ID, err)
		}
	}
	return nil
}

// eachAccount calls fn with every account matching f: through the
// narrowest index when f names a project and an environment, else by
// reading them all.
func eachAccount(tx *bolt.Tx, f AccountFilter, fn func(Account) error) error {
	accounts := tx.Bucket(bucketAccounts)
	if f.ProjectID == "" || f.Environment == "" {
		return accounts.ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode account %s: %w", k, err)
			}
			if !f.Match(a) {
				return nil
			}
			return fn(a)
		})
	}
	var prefix []byte
	switch {
	case f.ExternalID != "":
		prefix = indexPrefix(kindUser, f.ProjectID, f.Environment, f.ExternalID)
	case f.AppSlug != "":
		prefix = indexPrefix(kindApp, f.ProjectID, f.Environment, f.AppSlug)
	default:
		prefix = indexPrefix(kindEnv, f.ProjectID, f.Environment)
	}
	c := tx.Bucket(bucketAccountIndex).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[len(prefix)+8:])
		var a Account
		if err := get(accounts, id, &a); err != nil {
			return fmt.Errorf("indexed account: %w", err)
		}
		if f.Match(a) {
			if err := fn(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// tokenEnd is when t stops being usable: when it was spent, or expires.
func tokenEnd(t Token) time.Time {
	if t.SpentAt != nil && t.SpentAt.Before(t.ExpiresAt) {
		return *t.SpentAt
	}
	return t.ExpiresAt
}

// kindUnspent is the kind of unspent_tokens keys.
const kindUnspent = 't'

// unspentPrefix is the unspent_tokens prefix of t's user.
func unspentPrefix(t Token) []byte {
	return indexPrefix(kindUnspent, t.ProjectID, t.Environment, t.ExternalUserID)
}

// unspentKey is t's key in unspent_tokens.
func unspentKey(t Token) []byte {
	return append(append(unspentPrefix(t), timeKey(t.CreatedAt)...), t.Token...)
}

// tokenEndKey is t's key in token_ends.
func tokenEndKey(t Token) []byte {
	return append(timeKey(tokenEnd(t)), t.Token...)
}

// timeKey encodes t in 8 bytes that sort as the times do.
func timeKey(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())^(1<<63))
}
