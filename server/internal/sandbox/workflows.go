package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/components"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// WorkflowPath is where the sandbox hosts its workflow endpoints:
// POST {BaseURL}/workflows/{endpoint_id}, as workflows.invokeForExternalUser
// sends it (the project's OAuth access token as the bearer, the end user in
// X-PD-External-User-ID). A client reaches them with its workflow domain
// set to the sandbox's host.
const WorkflowPath = "/workflows/"

// Sandbox workflow endpoints.
const (
	// WorkflowEcho answers what it was sent and for whom:
	// {"external_user_id", "body"}.
	WorkflowEcho = "en-echo"
	// WorkflowRunAction runs one of the sandbox's actions for the user,
	// body {"id": "slack-send-message", "configured_props": {...}}, with
	// their newest healthy account of each app prop left out, and answers
	// the run: {exports, os, ret}.
	WorkflowRunAction = "en-run-action"
)

// maxWorkflowBody bounds a workflow invocation's body.
const maxWorkflowBody = 256 << 10

// invokeWorkflow serves POST /workflows/{endpoint_id}.
func (s *Sandbox) invokeWorkflow(w http.ResponseWriter, r *http.Request) {
	if err := s.checkBearer(r); err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pipedream sandbox"`)
		writeError(w, http.StatusUnauthorized, err.Error())
		return
	}
	user := r.Header.Get(pipedream.ExternalUserHeader)
	if strings.TrimSpace(user) == "" || len(user) > 250 {
		writeError(w, http.StatusBadRequest, pipedream.ExternalUserHeader+" header is required (at most 250 characters)")
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWorkflowBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", maxWorkflowBody))
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "could not read the body")
		return
	}
	var body any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &body); err != nil {
			writeError(w, http.StatusBadRequest, "the body must be JSON")
			return
		}
	}
	switch id := r.PathValue("endpoint_id"); id {
	case WorkflowEcho:
		writeJSON(w, http.StatusOK, map[string]any{"external_user_id": user, "body": body})
	case WorkflowRunAction:
		s.workflowRunAction(w, r, user, b)
	default:
		writeError(w, http.StatusNotFound, fmt.Sprintf("workflow endpoint %s not found", truncate(id, 64)))
	}
}

// workflowRunAction runs the action a WorkflowRunAction body names for
// user, filling its app props with the user's accounts.
func (s *Sandbox) workflowRunAction(w http.ResponseWriter, r *http.Request, user string, body []byte) {
	var in struct {
		ID              string                    `json:"id"`
		ConfiguredProps pipedream.ConfiguredProps `json:"configured_props"`
	}
	if err := json.Unmarshal(body, &in); err != nil || in.ID == "" {
		writeError(w, http.StatusBadRequest, `the body must be {"id": "<action key>", "configured_props": {...}}`)
		return
	}
	d, ok := s.components.Get(in.ID)
	if !ok || d.ComponentType != pipedream.ComponentAction {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("no action %s", truncate(in.ID, 64)))
		return
	}
	env := string(pipedream.Development)
	if e := environment(r); e == string(pipedream.Production) {
		env = e
	}
	props := pipedream.ConfiguredProps{}
	for k, v := range in.ConfiguredProps {
		props[k] = v
	}
	for _, p := range d.ConfigurableProps {
		if p.Type != pipedream.PropApp || props[p.Name] != nil {
			continue
		}
		accts, err := s.store.Accounts(r.Context(), store.AccountFilter{ProjectID: s.opts.ProjectID, Environment: env, ExternalID: user, AppSlug: p.App})
		if err != nil {
			s.internalError(w, r, fmt.Errorf("workflow: accounts: %w", err))
			return
		}
		for _, a := range accts { // oldest first: the newest healthy one wins
			if a.Healthy && !a.Dead {
				props.SetApp(p.Name, a.ID)
			}
		}
		if props[p.Name] == nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s has no healthy %s account to run %s with", truncate(user, 64), p.App, d.Key))
			return
		}
	}
	res, err := d.RunAction(r.Context(), s.provider, s.now(), components.Request{Configured: props}, s.resolver(r.Context(), caller{env: env}, user))
	if err != nil {
		s.componentError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
