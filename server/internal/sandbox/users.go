package sandbox

import (
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
)

// deleteUser serves DELETE /v1/connect/{project_id}/users/{external_user_id}:
// the user's accounts go with it.
func (s *Sandbox) deleteUser(w http.ResponseWriter, r *http.Request) {
	s.deleteAccounts(w, r, store.AccountFilter{ExternalID: r.PathValue("external_user_id")})
}
