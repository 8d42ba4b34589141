package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

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
	default:
		writeError(w, http.StatusNotFound, fmt.Sprintf("workflow endpoint %s not found", truncate(id, 64)))
	}
}
