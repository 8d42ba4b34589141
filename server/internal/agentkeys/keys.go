// Package agentkeys mints, checks and revokes the keys agents use to reach
// a user's tools at /api/mcp: random secrets shown once, stored only as
// SHA-256 hashes, each scoped to the user who minted it. Keys live in a
// Store: a file in the data directory by default, Redis when replicas
// share one (so every replica knows every key and every revocation).
package agentkeys

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Prefix begins every key, so a leaked one is recognisable in a scan.
const Prefix = "pdmcp_"

// MaxPerUser is how many keys one user may hold.
const MaxPerUser = 20

// MaxNameLen bounds a key's name, in bytes.
const MaxNameLen = 80

// touchEvery is how often a key's last use is written: a key used many
// times a minute is written once.
const touchEvery = time.Minute

// Record is a stored key: never the secret, only its hash.
type Record struct {
	ID       string    `json:"id"`
	User     string    `json:"user"`
	Name     string    `json:"name"`
	Hash     string    `json:"hash"`
	Created  time.Time `json:"created_at"`
	LastUsed time.Time `json:"last_used_at,omitzero"`
}

// Store keeps the records. Implementations are safe for concurrent use.
type Store interface {
	// Add stores r.
	Add(ctx context.Context, r Record) error
	// List is user's records, oldest first.
	List(ctx context.Context, user string) ([]Record, error)
	// Delete removes user's record id; false when user has none by that id.
	Delete(ctx context.Context, user, id string) (bool, error)
	// Find is the record of a hash; false when there is none.
	Find(ctx context.Context, hash string) (Record, bool, error)
	// Touch records that the key of hash was used at t.
	Touch(ctx context.Context, hash string, t time.Time) error
}

// Errors of Keys.
var (
	ErrUnknown  = errors.New("agentkeys: no such key")
	ErrTooMany  = fmt.Errorf("agentkeys: a user may hold at most %d keys", MaxPerUser)
	ErrBadInput = errors.New("agentkeys: invalid input")
)

// Keys mints and checks keys in a Store.
type Keys struct {
	store Store
	now   func() time.Time
}

// New returns Keys over store; now is the clock (nil means time.Now).
func New(store Store, now func() time.Time) *Keys {
	if now == nil {
		now = time.Now
	}
	return &Keys{store: store, now: now}
}

// Mint makes a key for user, named name, and returns its record and the
// secret, which is not kept anywhere.
func (k *Keys) Mint(ctx context.Context, user, name string) (Record, string, error) {
	name = strings.TrimSpace(name)
	if user == "" || len(name) > MaxNameLen {
		return Record{}, "", ErrBadInput
	}
	if name == "" {
		name = "Agent key"
	}
	have, err := k.store.List(ctx, user)
	if err != nil {
		return Record{}, "", err
	}
	if len(have) >= MaxPerUser {
		return Record{}, "", ErrTooMany
	}
	secret := Prefix + base64.RawURLEncoding.EncodeToString(random(32))
	r := Record{
		ID: "mk_" + hex.EncodeToString(random(8)), User: user, Name: name,
		Hash: Hash(secret), Created: k.now().UTC().Truncate(time.Second),
	}
	if err := k.store.Add(ctx, r); err != nil {
		return Record{}, "", err
	}
	return r, secret, nil
}

// List is user's keys, oldest first.
func (k *Keys) List(ctx context.Context, user string) ([]Record, error) {
	return k.store.List(ctx, user)
}

// Revoke deletes user's key id; ErrUnknown when user has none by that id.
func (k *Keys) Revoke(ctx context.Context, user, id string) error {
	ok, err := k.store.Delete(ctx, user, id)
	if err != nil {
		return err
	}
	if !ok {
		return ErrUnknown
	}
	return nil
}

// Check finds the key of secret and records its use; ErrUnknown when it
// is not a key (never minted, or revoked).
func (k *Keys) Check(ctx context.Context, secret string) (Record, error) {
	if !strings.HasPrefix(secret, Prefix) || len(secret) > 100 {
		return Record{}, ErrUnknown
	}
	h := Hash(secret)
	r, ok, err := k.store.Find(ctx, h)
	if err != nil {
		return Record{}, err
	}
	if !ok {
		return Record{}, ErrUnknown
	}
	if now := k.now(); now.Sub(r.LastUsed) >= touchEvery {
		r.LastUsed = now.UTC().Truncate(time.Second)
		if err := k.store.Touch(ctx, h, r.LastUsed); err != nil {
			return Record{}, err
		}
	}
	return r, nil
}

// Hash is the stored form of a secret. Secrets carry 256 random bits, so
// one SHA-256 suffices: there is nothing to guess.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return b
}
