package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// Memory is a Store kept in memory, for tests. The zero value is not
// usable; call NewMemory.
type Memory struct {
	mu       sync.RWMutex
	tokens   map[string]Token
	accounts map[string]Account
	unspent  map[string][]string // user (unspentPrefix) -> tokens minted for them, oldest first
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{tokens: map[string]Token{}, accounts: map[string]Account{}, unspent: map[string][]string{}}
}

// PutToken saves a newly minted token, and removes its user's oldest
// unspent tokens past MaxUnspentTokens.
func (m *Memory) PutToken(_ context.Context, t Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.Token] = cloneToken(t)
	if t.SpentAt != nil {
		return nil
	}
	user := string(unspentPrefix(t))
	ts := append(m.stillUnspent(m.unspent[user]), t.Token)
	for _, old := range ts[:max(0, len(ts)-MaxUnspentTokens)] {
		delete(m.tokens, old)
	}
	m.unspent[user] = ts[max(0, len(ts)-MaxUnspentTokens):]
	return nil
}

// stillUnspent keeps the tokens of ts that are still stored and unspent.
// m.mu is held.
func (m *Memory) stillUnspent(ts []string) []string {
	return slices.DeleteFunc(ts, func(tok string) bool {
		t, ok := m.tokens[tok]
		return !ok || t.SpentAt != nil
	})
}

// Token returns a token by value.
func (m *Memory) Token(_ context.Context, token string) (Token, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.tokens[token]
	if !ok {
		return Token{}, fmt.Errorf("token: %w", ErrNotFound)
	}
	return cloneToken(t), nil
}

// Connect spends a live token and saves the account connected with it.
func (m *Memory) Connect(_ context.Context, token string, a Account, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[token]
	if err := checkLive(t, ok, now); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	spent := now
	t.SpentAt = &spent
	t.AccountID = a.ID
	m.tokens[token] = t
	m.accounts[a.ID] = cloneAccount(a)
	return nil
}

// Account returns one account of a project.
func (m *Memory) Account(_ context.Context, projectID, id string) (Account, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	a, ok := m.accounts[id]
	if !ok || a.ProjectID != projectID {
		return Account{}, fmt.Errorf("account %s: %w", id, ErrNotFound)
	}
	return cloneAccount(a), nil
}

// Accounts lists the matching accounts, oldest first.
func (m *Memory) Accounts(_ context.Context, f AccountFilter) ([]Account, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Account
	for _, a := range m.accounts {
		if f.Match(a) {
			out = append(out, cloneAccount(a))
		}
	}
	SortAccounts(out)
	return out, nil
}

// DeleteAccounts removes the matching accounts.
func (m *Memory) DeleteAccounts(_ context.Context, f AccountFilter) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, a := range m.accounts {
		if f.Match(a) {
			delete(m.accounts, id)
			n++
		}
	}
	return n, nil
}

// DeleteAccount removes one account.
func (m *Memory) DeleteAccount(_ context.Context, projectID, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok || a.ProjectID != projectID {
		return fmt.Errorf("delete account %s: %w", id, ErrNotFound)
	}
	delete(m.accounts, id)
	return nil
}

// Reset clears all state.
func (m *Memory) Reset(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens = map[string]Token{}
	m.accounts = map[string]Account{}
	m.unspent = map[string][]string{}
	return nil
}

// Close does nothing; a Memory store holds no resources.
func (m *Memory) Close() error { return nil }

// Match reports whether a passes the filter.
func (f AccountFilter) Match(a Account) bool {
	return (f.ProjectID == "" || f.ProjectID == a.ProjectID) &&
		(f.Environment == "" || f.Environment == a.Environment) &&
		(f.ExternalID == "" || f.ExternalID == a.ExternalID) &&
		(f.AppSlug == "" || f.AppSlug == a.AppSlug) &&
		(f.OAuthAppID == "" || f.OAuthAppID == a.OAuthAppID)
}

// SortAccounts orders accounts oldest first, by CreatedAt then ID.
func SortAccounts(as []Account) {
	sort.Slice(as, func(i, j int) bool {
		if !as[i].CreatedAt.Equal(as[j].CreatedAt) {
			return as[i].CreatedAt.Before(as[j].CreatedAt)
		}
		return as[i].ID < as[j].ID
	})
}

// checkLive reports why a token cannot connect an account, if it cannot.
func checkLive(t Token, found bool, now time.Time) error {
	if !found {
		return ErrNotFound
	}
	return t.Usable(now)
}
