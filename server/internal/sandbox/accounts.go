package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// listAccounts serves GET /v1/connect/{project_id}/accounts: one page.
func (s *Sandbox) listAccounts(w http.ResponseWriter, r *http.Request) {
	page, err := readPageQuery(r, "acct")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	list, creds, ok := s.matchingAccounts(w, r)
	if !ok {
		return
	}
	items, info := paginate(list, page, compareAccount, accountKey, "acct")
	out := pipedream.AccountList{Data: make([]pipedream.Account, len(items)), PageInfo: info}
	for i, a := range items {
		out.Data[i] = s.wireAccount(a, creds)
	}
	writeJSON(w, http.StatusOK, out)
}

// listUserAccounts serves GET /v1/connect/{project_id}/users/{external_user_id}/accounts:
// all of them, as a bare array.
func (s *Sandbox) listUserAccounts(w http.ResponseWriter, r *http.Request) {
	list, creds, ok := s.matchingAccounts(w, r)
	if !ok {
		return
	}
	out := make([]pipedream.Account, len(list))
	for i, a := range list {
		out[i] = s.wireAccount(a, creds)
	}
	writeJSON(w, http.StatusOK, out)
}

// matchingAccounts lists the accounts a list request's query (and path's
// external_user_id) selects, oldest first, and whether to include their
// credentials; it answers the request itself when that fails.
func (s *Sandbox) matchingAccounts(w http.ResponseWriter, r *http.Request) ([]store.Account, bool, bool) {
	q := r.URL.Query()
	f := store.AccountFilter{
		ProjectID:   s.opts.ProjectID,
		Environment: environment(r),
		ExternalID:  q.Get("external_user_id"),
		OAuthAppID:  q.Get("oauth_app_id"),
	}
	if u := r.PathValue("external_user_id"); u != "" {
		f.ExternalID = u
	}
	creds, err := includeCredentials(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return nil, false, false
	}
	if app := q.Get("app"); app != "" {
		a, ok := s.catalog.Lookup(app)
		if !ok {
			return []store.Account{}, creds, true // an unknown app has no accounts
		}
		f.AppSlug = a.NameSlug
	}
	list, err := s.store.Accounts(r.Context(), f)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("list accounts: %w", err))
		return nil, false, false
	}
	return list, creds, true
}

// getAccount serves GET /v1/connect/{project_id}/accounts/{account_id}.
func (s *Sandbox) getAccount(w http.ResponseWriter, r *http.Request) {
	creds, err := includeCredentials(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a, ok := s.findAccount(w, r)
	if ok {
		writeJSON(w, http.StatusOK, s.wireAccount(a, creds))
	}
}

// deleteAccount serves DELETE /v1/connect/{project_id}/accounts/{account_id}.
func (s *Sandbox) deleteAccount(w http.ResponseWriter, r *http.Request) {
	a, ok := s.findAccount(w, r)
	if !ok {
		return
	}
	err := s.store.DeleteAccount(r.Context(), s.opts.ProjectID, a.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "account not found")
	case err != nil:
		s.internalError(w, r, fmt.Errorf("delete account: %w", err))
	default:
		s.dropTriggersOfDeletedAccounts(r.Context())
		s.provider.Forget(a.ID)
		w.WriteHeader(http.StatusNoContent)
	}
}

// deleteAppAccounts serves DELETE /v1/connect/{project_id}/apps/{app_id}/accounts.
func (s *Sandbox) deleteAppAccounts(w http.ResponseWriter, r *http.Request) {
	app, ok := s.catalog.Lookup(r.PathValue("app_id"))
	if !ok {
		writeError(w, http.StatusNotFound, "app not found")
		return
	}
	s.deleteAccounts(w, r, store.AccountFilter{AppSlug: app.NameSlug})
}

// deleteAccounts removes the project's accounts matching f in the request's
// environment and answers 204.
func (s *Sandbox) deleteAccounts(w http.ResponseWriter, r *http.Request, f store.AccountFilter) {
	f.ProjectID, f.Environment = s.opts.ProjectID, environment(r)
	if _, err := s.store.DeleteAccounts(r.Context(), f); err != nil {
		s.internalError(w, r, fmt.Errorf("delete accounts: %w", err))
		return
	}
	s.dropTriggersOfDeletedAccounts(r.Context())
	w.WriteHeader(http.StatusNoContent)
}

// findAccount loads the path's account in the request's environment, or
// answers 404.
func (s *Sandbox) findAccount(w http.ResponseWriter, r *http.Request) (store.Account, bool) {
	a, err := s.store.Account(r.Context(), s.opts.ProjectID, r.PathValue("account_id"))
	if err == nil && a.Environment != environment(r) {
		err = store.ErrNotFound
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "account not found")
		return a, false
	case err != nil:
		s.internalError(w, r, fmt.Errorf("get account: %w", err))
		return a, false
	}
	return a, true
}

// wireAccount is an account as the API shows it: the app's current catalog
// entry, and credentials only when asked for.
func (s *Sandbox) wireAccount(a store.Account, withCredentials bool) pipedream.Account {
	out := a.Account
	if app, ok := s.catalog.Lookup(a.AppSlug); ok {
		w := app.Wire()
		out.App = &w
	}
	if !withCredentials {
		out.Credentials = nil
	}
	return out
}

// includeCredentials parses the include_credentials query parameter.
func includeCredentials(r *http.Request) (bool, error) {
	s := r.URL.Query().Get("include_credentials")
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("include_credentials must be true or false, got %q", truncate(s, 32))
	}
	return b, nil
}

// accountKey is an account's position in the oldest-first order.
func accountKey(a store.Account) string { return timeKey(a.CreatedAt, a.ID) }

// compareAccount compares an account with a cursor key.
func compareAccount(a store.Account, key string) int { return compareTimeKey(a.CreatedAt, a.ID, key) }
