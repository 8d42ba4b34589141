package connecthttp

import (
	"encoding/json"
	"net/http"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// maxAccounts bounds the accounts one listing gathers across pages.
const maxAccounts = 1000

// listAccounts answers GET /connect/accounts: the user's accounts,
// every page, without credentials. A user's listings are bounded
// (listings.go), so that one user listing without pause cannot slow
// everyone else's.
func (a *Handler) listAccounts(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	done, wait, ok := a.lists.begin(r.Context(), user, a.opts.Now())
	if !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many listings of your accounts; wait a moment and try again")
		return
	}
	defer done()
	accounts := []pipedream.Account{}
	for acc, err := range a.opts.Connect.Accounts(r.Context(), pipedream.AccountsQuery{ExternalUserID: user, Limit: maxLimit}) {
		if err != nil {
			a.upstreamError(w, r, "list accounts", err)
			return
		}
		if acc.ExternalID != user {
			continue // never another user's, whatever the upstream says
		}
		acc.Credentials = nil
		accounts = append(accounts, acc)
		if len(accounts) == maxAccounts {
			break
		}
	}
	jsonhttp.Write(w, http.StatusOK, connectapi.List[pipedream.Account]{Data: accounts})
}

// deleteAccount answers DELETE /connect/accounts/{id}: 204, or 404 when
// the account is not the user's (whether or not it exists).
func (a *Handler) deleteAccount(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	acc, ok := a.usersAccount(w, r, user)
	if !ok {
		return
	}
	if err := a.opts.Connect.DeleteAccount(r.Context(), acc.ID); err != nil && !pipedream.IsNotFound(err) {
		a.upstreamError(w, r, "delete an account", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	data, _ := json.Marshal(map[string]string{"id": acc.ID})
	if _, err := a.opts.Events.Publish(r.Context(), user, Event{Type: connectapi.EventAccountDeleted, Data: data}, ""); err != nil {
		a.opts.Logger.Warn("connecthttp: publish an account's deletion", "err", err)
	}
}

// usersAccount looks up the account the path's {id} names, or answers 400
// for a malformed id, 404 when the account is not user's (whether or not it
// exists), and 502 or 504 when Pipedream fails.
func (a *Handler) usersAccount(w http.ResponseWriter, r *http.Request, user string) (pipedream.Account, bool) {
	id, ok := pathID(w, r, "account")
	if !ok {
		return pipedream.Account{}, false
	}
	acc, err := a.opts.Connect.GetAccount(r.Context(), id, pipedream.AccountOptions{})
	if pipedream.IsNotFound(err) || (err == nil && acc.ExternalID != user) {
		writeError(w, http.StatusNotFound, CodeNotFound, "you have no account "+id)
		return pipedream.Account{}, false
	}
	if err != nil {
		a.upstreamError(w, r, "look up an account", err)
		return pipedream.Account{}, false
	}
	return acc, true
}
