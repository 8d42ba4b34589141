package connecthttp

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Triggers deploys and manages end users' triggers. *pipedream.Client
// implements it.
type Triggers interface {
	DeployTrigger(ctx context.Context, req pipedream.DeployTriggerRequest) (pipedream.DeployedTrigger, error)
	DeployedTriggers(ctx context.Context, q pipedream.DeployedTriggersQuery) iter.Seq2[pipedream.DeployedTrigger, error]
	GetDeployedTrigger(ctx context.Context, externalUserID, id string) (pipedream.DeployedTrigger, error)
	UpdateDeployedTrigger(ctx context.Context, externalUserID, id string, u pipedream.TriggerUpdate) (pipedream.DeployedTrigger, error)
	DeleteDeployedTrigger(ctx context.Context, externalUserID, id string) error
	ListTriggerEvents(ctx context.Context, externalUserID, id string, n int) ([]pipedream.EmittedEvent, error)
}

var _ Triggers = (*pipedream.Client)(nil)

// Trigger limits.
const (
	// DefaultTriggerDeployRate is how many triggers a user may deploy per
	// minute.
	DefaultTriggerDeployRate = 10
	// maxTriggers bounds the triggers one listing gathers.
	maxTriggers = 200
	// maxListedEvents is the most events GET .../events returns.
	maxListedEvents = 100
)

// componentKeyPattern is a component key, such as github-new-issue.
var componentKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// browserTrigger is a deployed trigger as the browser sees it: no signing
// key.
func browserTrigger(t pipedream.DeployedTrigger) pipedream.DeployedTrigger {
	t.WebhookSigningKey = ""
	return t
}

// deployTrigger answers POST /connect/triggers,
// {"id", "configured_props", "emit_on_deploy"}: it deploys the trigger for
// the user with this server's own event URI as its webhook_url (the
// browser never chooses where events go) and answers the trigger.
func (a *Handler) deployTrigger(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	var in struct {
		ID              string                    `json:"id"`
		ConfiguredProps pipedream.ConfiguredProps `json:"configured_props"`
		EmitOnDeploy    *bool                     `json:"emit_on_deploy"`
	}
	if err := optionalObject(w, r, &in); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	if !componentKeyPattern.MatchString(in.ID) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "id must be a trigger's key, such as github-new-issue")
		return
	}
	if ok, wait := a.deploys.Allow(r.Context(), user, a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many triggers deployed; try again shortly")
		return
	}
	if !a.ownAccounts(w, r, user, in.ConfiguredProps) {
		return
	}
	t, err := a.opts.Triggers.DeployTrigger(r.Context(), pipedream.DeployTriggerRequest{
		ID: in.ID, ExternalUserID: user, ConfiguredProps: in.ConfiguredProps, EmitOnDeploy: in.EmitOnDeploy,
		WebhookURL: a.opts.TriggerWebhooks.URI(user, a.opts.Now()),
	})
	if err != nil {
		a.upstreamError(w, r, "deploy the trigger", err)
		return
	}
	a.keys.put(t.ID, user, t.WebhookSigningKey, a.opts.Now())
	jsonhttp.Write(w, http.StatusCreated, map[string]any{"data": browserTrigger(t)})
}

// listTriggers answers GET /connect/triggers: the user's deployed triggers.
func (a *Handler) listTriggers(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	done, wait, ok := a.triggerLists.begin(r.Context(), user, a.opts.Now())
	if !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many listings of your triggers; wait a moment and try again")
		return
	}
	defer done()
	out := []pipedream.DeployedTrigger{}
	for t, err := range a.opts.Triggers.DeployedTriggers(r.Context(), pipedream.DeployedTriggersQuery{ExternalUserID: user, Limit: maxLimit}) {
		if err != nil {
			a.upstreamError(w, r, "list triggers", err)
			return
		}
		out = append(out, browserTrigger(t))
		if len(out) == maxTriggers {
			break
		}
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"data": out})
}

// updateTrigger answers PATCH /connect/triggers/{id}, {"active": bool}
// and/or {"name": "..."}: pause, resume or rename one of the user's
// triggers.
func (a *Handler) updateTrigger(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "trigger")
	if !ok {
		return
	}
	var in struct {
		Active *bool  `json:"active"`
		Name   string `json:"name"`
	}
	if err := optionalObject(w, r, &in); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	if in.Active == nil && in.Name == "" {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "send active (true or false) or name")
		return
	}
	if len(in.Name) > 200 {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "name is longer than 200 characters")
		return
	}
	t, err := a.opts.Triggers.UpdateDeployedTrigger(r.Context(), user, id, pipedream.TriggerUpdate{Active: in.Active, Name: in.Name})
	if err != nil {
		a.upstreamError(w, r, "update the trigger", err)
		return
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"data": browserTrigger(t)})
}

// deleteTrigger answers DELETE /connect/triggers/{id}: 204, or 404 when
// it is not the user's.
func (a *Handler) deleteTrigger(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "trigger")
	if !ok {
		return
	}
	if err := a.opts.Triggers.DeleteDeployedTrigger(r.Context(), user, id); err != nil {
		a.upstreamError(w, r, "delete the trigger", err)
		return
	}
	a.keys.drop(id)
	w.WriteHeader(http.StatusNoContent)
}

// triggerEvents answers GET /connect/triggers/{id}/events?n=: the
// trigger's newest events, newest first.
func (a *Handler) triggerEvents(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "trigger")
	if !ok {
		return
	}
	n := pipedream.DefaultTriggerEvents
	if v := r.URL.Query().Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > maxListedEvents {
			writeError(w, http.StatusBadRequest, CodeBadRequest, fmt.Sprintf("n must be a whole number from 1 to %d", maxListedEvents))
			return
		}
	}
	evs, err := a.opts.Triggers.ListTriggerEvents(r.Context(), user, id, n)
	if err != nil {
		a.upstreamError(w, r, "list the trigger's events", err)
		return
	}
	if evs == nil {
		evs = []pipedream.EmittedEvent{}
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"data": evs})
}

// keyTTL is how long a trigger's signing key is trusted from the cache; a
// regenerated key is picked up after it.
const keyTTL = time.Minute

// maxAppProps bounds the accounts one request's props may name.
const maxAppProps = 8

// ownAccounts checks that every account the props name (an app prop's
// {"authProvisionId"}) is the user's, before the service is asked: a 400
// answered otherwise. The service checks too; this keeps another user's
// account id from ever reaching it on this user's behalf.
func (a *Handler) ownAccounts(w http.ResponseWriter, r *http.Request, user string, props pipedream.ConfiguredProps) bool {
	n := 0
	for name := range props {
		id, ok := props.AccountID(name)
		if !ok {
			continue
		}
		if n++; n > maxAppProps || !accountIDPattern.MatchString(id) {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "prop "+truncate(name, 64)+" does not name one of your accounts")
			return false
		}
		acc, err := a.opts.Connect.GetAccount(r.Context(), id, pipedream.AccountOptions{})
		if pipedream.IsNotFound(err) || err == nil && acc.ExternalID != user {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "prop "+truncate(name, 64)+" does not name one of your accounts")
			return false
		}
		if err != nil {
			a.upstreamError(w, r, "look up an account", err)
			return false
		}
	}
	return true
}
