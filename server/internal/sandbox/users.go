package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// deleteUser serves DELETE /v1/connect/{project_id}/users/{external_user_id}:
// the user's accounts go with it.
func (s *Sandbox) deleteUser(w http.ResponseWriter, r *http.Request) {
	s.deleteAccounts(w, r, store.AccountFilter{ExternalID: r.PathValue("external_user_id")})
}

// listUsers serves GET /v1/connect/{project_id}/users: the external users
// with accounts in the request's environment, first connected first,
// filtered by q (part of the external id, any case) and paginated.
func (s *Sandbox) listUsers(w http.ResponseWriter, r *http.Request) {
	page, err := readPageQuery(r, "user")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	accounts, err := s.store.Accounts(r.Context(), store.AccountFilter{ProjectID: s.opts.ProjectID, Environment: environment(r)})
	if err != nil {
		s.internalError(w, r, fmt.Errorf("list users: %w", err))
		return
	}
	q := strings.ToLower(r.URL.Query().Get("q"))
	byID := map[string]int{}
	var users []pipedream.ExternalUser
	for _, a := range accounts { // oldest first, so a user's first account comes first
		if !strings.Contains(strings.ToLower(a.ExternalID), q) {
			continue
		}
		if i, ok := byID[a.ExternalID]; ok {
			if a.UpdatedAt.After(users[i].UpdatedAt) {
				users[i].UpdatedAt = a.UpdatedAt
			}
			continue
		}
		byID[a.ExternalID] = len(users)
		users = append(users, pipedream.ExternalUser{
			ID: s.userID(environment(r), a.ExternalID), ExternalID: a.ExternalID,
			CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
		})
	}
	slices.SortStableFunc(users, func(a, b pipedream.ExternalUser) int { return compareUser(a, userKey(b)) })
	items, info := paginate(users, page, compareUser, userKey, "user")
	if items == nil {
		items = []pipedream.ExternalUser{}
	}
	writeJSON(w, http.StatusOK, pipedream.UserList{Data: items, PageInfo: info})
}

// userID is a stable id for an external user of the project.
func (s *Sandbox) userID(env, externalID string) string {
	sum := sha256.Sum256([]byte(s.opts.ProjectID + "\x00" + env + "\x00" + externalID))
	return "exu_" + hex.EncodeToString(sum[:8])
}

// userKey is a user's position in the first-connected-first order.
func userKey(u pipedream.ExternalUser) string { return timeKey(u.CreatedAt, u.ExternalID) }

// compareUser compares a user with a cursor key.
func compareUser(u pipedream.ExternalUser, key string) int {
	return compareTimeKey(u.CreatedAt, u.ExternalID, key)
}
