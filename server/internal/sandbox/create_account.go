package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// createAccountRequest is the body of POST /v1/connect/{project_id}/accounts.
type createAccountRequest struct {
	AppSlug       string `json:"app_slug"`
	CfmapJSON     string `json:"cfmap_json"`
	ConnectToken  string `json:"connect_token"`
	Name          string `json:"name"`
	AccountID     string `json:"account_id"`
	AppOverrideID string `json:"app_override_id"`
}

// maxAccountName bounds an account's display name.
const maxAccountName = 200

// createAccount serves POST /v1/connect/{project_id}/accounts: it connects
// a keys (or none) app account with a Connect token and the app's fields,
// as the official API does for apps without OAuth. The token is spent and
// the token's webhook is sent.
func (s *Sandbox) createAccount(w http.ResponseWriter, r *http.Request) {
	var req createAccountRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	app, values, err := s.checkCreateAccount(req)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	now := s.now()
	tok, err := s.store.Token(r.Context(), req.ConnectToken)
	switch {
	case err == nil && (tok.ProjectID != s.opts.ProjectID || tok.Environment != environment(r)):
		err = store.ErrNotFound
	case err == nil:
		err = tok.Usable(now)
	}
	if msg := validate.TokenMessage(err); msg != "" {
		writeError(w, http.StatusBadRequest, "connect_token: "+msg)
		return
	} else if err != nil {
		s.internalError(w, r, fmt.Errorf("create account: %w", err))
		return
	}
	q := r.URL.Query()
	if u := q.Get("external_user_id"); u != "" && u != tok.ExternalUserID {
		writeError(w, http.StatusBadRequest, "external_user_id does not match the connect token")
		return
	}
	if tok.AppID != "" {
		if pinned, ok := s.catalog.Lookup(tok.AppID); !ok || pinned != app {
			writeError(w, http.StatusBadRequest, "app_slug: the connect token is limited to another app")
			return
		}
	}
	areq := account.Request{App: app, Token: tok, Values: values, Name: req.Name}
	if req.AccountID != "" {
		old, err := s.store.Account(r.Context(), s.opts.ProjectID, req.AccountID)
		if err != nil || old.Environment != tok.Environment {
			writeError(w, http.StatusBadRequest, "account_id: account not found")
			return
		}
		areq.Replace = &old
	}
	a, err := account.Connect(r.Context(), s.store, s.hooks, areq, webhook.NewSessionID(), now)
	var fieldErr *catalog.FieldError
	switch {
	case errors.As(err, &fieldErr):
		writeError(w, http.StatusBadRequest, "cfmap_json: "+fieldErr.Error())
	case errors.Is(err, account.ErrWrongApp):
		writeError(w, http.StatusBadRequest, "account_id: the account belongs to another app or user")
	case validate.TokenMessage(err) != "":
		writeError(w, http.StatusBadRequest, "connect_token: "+validate.TokenMessage(err))
	case err != nil:
		s.internalError(w, r, fmt.Errorf("create account: %w", err))
	default:
		writeJSON(w, http.StatusOK, s.wireAccount(a, false))
	}
}

// checkCreateAccount validates the request's shape: a known app without
// OAuth, field values as a JSON object of strings, a sane name.
func (s *Sandbox) checkCreateAccount(req createAccountRequest) (*catalog.App, map[string]string, error) {
	switch {
	case req.AppSlug == "":
		return nil, nil, errors.New("app_slug is required")
	case req.ConnectToken == "":
		return nil, nil, errors.New("connect_token is required")
	case req.AppOverrideID != "":
		return nil, nil, errors.New("app_override_id: app override not found")
	case utf8.RuneCountInString(req.Name) > maxAccountName || hasControl(req.Name) || !utf8.ValidString(req.Name):
		return nil, nil, fmt.Errorf("name must be printable text of at most %d characters", maxAccountName)
	}
	app, ok := s.catalog.Lookup(req.AppSlug)
	if !ok {
		return nil, nil, fmt.Errorf("app_slug: app %q not found", truncate(req.AppSlug, 64))
	}
	if app.AuthType == pipedream.AuthOAuth {
		return nil, nil, fmt.Errorf("app_slug: %s uses OAuth; connect it through the hosted Connect flow", app.NameSlug)
	}
	values := map[string]string{}
	if req.CfmapJSON != "" {
		if err := json.Unmarshal([]byte(req.CfmapJSON), &values); err != nil {
			return nil, nil, errors.New("cfmap_json must be a JSON object of string values")
		}
	}
	return app, values, nil
}
