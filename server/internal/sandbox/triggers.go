package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/components"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/trigger"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// triggerRoutes adds the deployed-trigger API to the project mux p
// (/v1/connect/{project_id}).
func (s *Sandbox) triggerRoutes(mux *http.ServeMux, p string) {
	d := p + "/deployed-triggers/{trigger_id}"
	mux.HandleFunc("POST "+p+"/triggers/deploy", s.inProject(s.deployTrigger))
	mux.HandleFunc("GET "+p+"/deployed-triggers", s.inProject(s.listDeployedTriggers))
	mux.HandleFunc("GET "+d, s.inProject(s.getDeployedTrigger))
	mux.HandleFunc("PUT "+d, s.inProject(s.updateDeployedTrigger))
	mux.HandleFunc("DELETE "+d, s.inProject(s.deleteDeployedTrigger))
	mux.HandleFunc("GET "+d+"/events", s.inProject(s.listTriggerEvents))
	mux.HandleFunc("GET "+d+"/webhooks", s.inProject(s.triggerWebhooks))
	mux.HandleFunc("PUT "+d+"/webhooks", s.inProject(s.setTriggerWebhooks))
	mux.HandleFunc("GET "+d+"/webhooks/{webhook_id}", s.inProject(s.triggerWebhook))
	mux.HandleFunc("POST "+d+"/webhooks/{webhook_id}/regenerate_signing_key", s.inProject(s.triggerWebhook))
	mux.HandleFunc("GET "+d+"/pipelines", s.inProject(s.triggerPipelines))
	mux.HandleFunc("PUT "+d+"/pipelines", s.inProject(s.triggerPipelines))
}

// newTriggers builds the trigger engine and its deliverer.
func (s *Sandbox) newTriggers() (*trigger.Engine, *trigger.Deliverer, error) {
	dl, err := trigger.NewDeliverer(trigger.DeliverOptions{
		Origins:  s.opts.TriggerWebhookOrigins,
		AllowAny: s.opts.TriggerWebhooksAnywhere,
		Backoff:  s.opts.WebhookBackoff,
		Logger:   s.log.With("component", "trigger-delivery"),
		Now:      s.now,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	eng := trigger.New(trigger.Options{
		Definitions: trigger.Definitions(func(key string) (pipedream.Component, bool) {
			d, ok := s.components.Get(key)
			if !ok || d.ComponentType != pipedream.ComponentTrigger {
				return pipedream.Component{}, false
			}
			return d.Component, true
		}, s.recentItems()),
		Check:        s.checkTriggerProps,
		Watch:        s.watchProvider,
		OwnerID:      func(sc trigger.Scope) string { return s.userID(sc.Environment, sc.ExternalUserID) },
		Deliver:      dl,
		TimerMinimum: s.opts.TimerMinimum,
		Persist:      triggerPersister(s.store),
		Logger:       s.log.With("component", "triggers"),
		Now:          s.now,
	})
	return eng, dl, nil
}

// triggerPersister is st when it can keep deployed triggers (the bbolt
// store does), else nil: they live as long as the process.
func triggerPersister(st store.Store) trigger.Persister {
	if p, ok := st.(trigger.Persister); ok {
		return p
	}
	return nil
}

// checkTriggerProps validates a trigger's props as the registry checks an
// action's (types, bounds, options, the user's own healthy account of the
// app) and returns them completed, with the app prop's account.
func (s *Sandbox) checkTriggerProps(ctx context.Context, sc trigger.Scope, def *trigger.Definition, props pipedream.ConfiguredProps) (pipedream.ConfiguredProps, string, error) {
	d, ok := s.components.Get(def.Component.Key)
	if !ok {
		return nil, "", fmt.Errorf("%w: no trigger %s", trigger.ErrNotFound, def.Component.Key)
	}
	checked, accounts, err := d.Check(ctx, s.provider, s.now(), props, s.resolver(ctx, caller{env: sc.Environment}, sc.ExternalUserID))
	var pe *components.PropError
	switch {
	case errors.As(err, &pe):
		return nil, "", fmt.Errorf("%w: %w", trigger.ErrInvalid, err)
	case err != nil:
		return nil, "", err
	}
	return checked, accounts[def.AppProp].ID, nil
}

// watchProvider subscribes fn to the simulated provider's changes of one
// account, as the trigger engine sees them: items as their API shows
// them, an issue with its repository.
func (s *Sandbox) watchProvider(accountID string, fn func(trigger.Change)) func() {
	return s.provider.Subscribe(accountID, func(ch provider.Change) {
		item := itemMap(ch.Item)
		if item == nil {
			return
		}
		if ch.Kind == provider.KindGitHubIssue {
			item["repo"] = ch.Key
		}
		fn(trigger.Change{AccountID: ch.AccountID, Kind: ch.Kind, Item: item})
	})
}

// itemMap is a provider item as JSON's map, or nil.
func itemMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}

// recentItems reads the simulated provider's newest items for
// emit_on_deploy, by change kind.
func (s *Sandbox) recentItems() map[string]trigger.RecentFunc {
	account := func(ctx context.Context, id string) (provider.Account, bool) {
		a, err := s.store.Account(ctx, s.opts.ProjectID, id)
		return providerAccount(a), err == nil
	}
	return map[string]trigger.RecentFunc{
		trigger.KindGitHubIssue: func(ctx context.Context, id string, props pipedream.ConfiguredProps) []map[string]any {
			a, ok := account(ctx, id)
			v, _ := props.Value("repo")
			repo, _ := v.(string)
			if !ok || repo == "" {
				return nil
			}
			issues, err := s.provider.GitHubIssues(ctx, a, repo, "open")
			if err != nil {
				return nil
			}
			slices.SortFunc(issues, func(x, y provider.GitHubIssue) int { return y.CreatedAt.Compare(x.CreatedAt) })
			var out []map[string]any
			for _, is := range issues {
				if m := itemMap(is); m != nil {
					m["repo"] = repo
					out = append(out, m)
				}
			}
			return out
		},
		trigger.KindSlackMessage: func(ctx context.Context, id string, props pipedream.ConfiguredProps) []map[string]any {
			a, ok := account(ctx, id)
			if !ok {
				return nil
			}
			var out []map[string]any
			v, _ := props.Value("conversations")
			chans, _ := v.([]any)
			for _, c := range chans {
				ch, _ := c.(string)
				msgs, _, err := s.provider.SlackMessages(ctx, a, ch, 10)
				if err != nil {
					continue
				}
				for _, m := range msgs {
					if mm := itemMap(m); mm != nil {
						out = append(out, mm)
					}
				}
			}
			slices.SortFunc(out, func(x, y map[string]any) int { return strings.Compare(fmt.Sprint(y["ts"]), fmt.Sprint(x["ts"])) })
			return out
		},
	}
}

// dropTriggersOfDeletedAccounts removes the triggers whose account is gone.
func (s *Sandbox) dropTriggersOfDeletedAccounts(ctx context.Context) {
	s.triggers.DropAccounts(func(id string) bool {
		_, err := s.store.Account(ctx, s.opts.ProjectID, id)
		return errors.Is(err, store.ErrNotFound)
	})
}

// triggerScope is the request's user in the project and environment; it
// answers 400 itself when external_user_id is missing.
func triggerScope(w http.ResponseWriter, r *http.Request, projectID, user string) (trigger.Scope, bool) {
	if user == "" {
		user = r.URL.Query().Get("external_user_id")
	}
	if user == "" {
		writeError(w, http.StatusBadRequest, "external_user_id is required")
		return trigger.Scope{}, false
	}
	if len(user) > 250 {
		writeError(w, http.StatusBadRequest, "external_user_id must be at most 250 characters")
		return trigger.Scope{}, false
	}
	return trigger.Scope{ProjectID: projectID, Environment: environment(r), ExternalUserID: user}, true
}

// triggerError answers an engine error.
func (s *Sandbox) triggerError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, trigger.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, trigger.ErrInvalid):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, trigger.ErrLimit):
		writeError(w, http.StatusTooManyRequests, err.Error())
	default:
		s.internalError(w, r, err)
	}
}

type deployTriggerBody struct {
	ID              string                    `json:"id"`
	Version         string                    `json:"version"`
	ExternalUserID  string                    `json:"external_user_id"`
	ConfiguredProps pipedream.ConfiguredProps `json:"configured_props"`
	DynamicPropsID  string                    `json:"dynamic_props_id"`
	WorkflowID      string                    `json:"workflow_id"`
	WebhookURL      string                    `json:"webhook_url"`
	EmitOnDeploy    *bool                     `json:"emit_on_deploy"`
}

// deployTrigger serves POST /triggers/deploy.
func (s *Sandbox) deployTrigger(w http.ResponseWriter, r *http.Request) {
	var req deployTriggerBody
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	sc, ok := triggerScope(w, r, s.opts.ProjectID, req.ExternalUserID)
	if !ok {
		return
	}
	if req.ID == "" {
		writeError(w, http.StatusBadRequest, "id (the trigger's key) is required")
		return
	}
	if req.WebhookURL == "" && req.WorkflowID == "" {
		writeError(w, http.StatusBadRequest, "webhook_url or workflow_id is required")
		return
	}
	if req.WorkflowID != "" && !isWorkflowID(req.WorkflowID) {
		writeError(w, http.StatusBadRequest, "workflow_id must be a workflow id (p_...)")
		return
	}
	t, err := s.triggers.Deploy(r.Context(), sc, trigger.DeployRequest{
		Key: req.ID, ConfiguredProps: req.ConfiguredProps, WebhookURL: req.WebhookURL,
		WorkflowID: req.WorkflowID, EmitOnDeploy: req.EmitOnDeploy != nil && *req.EmitOnDeploy,
	})
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": t})
}

// listDeployedTriggers serves GET /deployed-triggers: a user's, oldest
// first, paged.
func (s *Sandbox) listDeployedTriggers(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	page, err := readPageQuery(r, "dtrg")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	all := s.triggers.List(sc)
	switch et := r.URL.Query().Get("emitter_type"); et {
	case "", "source":
	case "email", "http", "timer":
		all = nil // the sandbox deploys sources only
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("emitter_type %q must be email, http, source or timer", truncate(et, 32)))
		return
	}
	items, info := paginate(all, page, compareTrigger, triggerKey, "dtrg")
	if items == nil {
		items = []pipedream.DeployedTrigger{}
	}
	writeJSON(w, http.StatusOK, pipedream.DeployedTriggerList{Data: items, PageInfo: info})
}

func triggerKey(t pipedream.DeployedTrigger) string { return timeKey(t.CreatedAt.Time(), t.ID) }

func compareTrigger(t pipedream.DeployedTrigger, key string) int {
	return compareTimeKey(t.CreatedAt.Time(), t.ID, key)
}

// getDeployedTrigger serves GET /deployed-triggers/{trigger_id}.
func (s *Sandbox) getDeployedTrigger(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	t, err := s.triggers.Get(sc, r.PathValue("trigger_id"))
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": t})
}

// updateDeployedTrigger serves PUT /deployed-triggers/{trigger_id}.
func (s *Sandbox) updateDeployedTrigger(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	var u pipedream.TriggerUpdate
	if err := decodeJSON(w, r, &u); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	t, err := s.triggers.Update(r.Context(), sc, r.PathValue("trigger_id"), u)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": t})
}

// deleteDeployedTrigger serves DELETE /deployed-triggers/{trigger_id}.
func (s *Sandbox) deleteDeployedTrigger(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	if err := s.triggers.Delete(sc, r.PathValue("trigger_id")); err != nil {
		s.triggerError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listTriggerEvents serves GET /deployed-triggers/{trigger_id}/events:
// the n newest (default 20, at most 100).
func (s *Sandbox) listTriggerEvents(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	n := pipedream.DefaultTriggerEvents
	if v := r.URL.Query().Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > trigger.MaxEvents {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("n must be a whole number from 1 to %d", trigger.MaxEvents))
			return
		}
	}
	evs, err := s.triggers.Events(sc, r.PathValue("trigger_id"), n)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	if evs == nil {
		evs = []pipedream.EmittedEvent{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": evs})
}

// triggerWebhooks serves GET /deployed-triggers/{trigger_id}/webhooks.
func (s *Sandbox) triggerWebhooks(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	hooks, err := s.triggers.Webhooks(sc, r.PathValue("trigger_id"), true)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, hooks)
}

// setTriggerWebhooks serves PUT /deployed-triggers/{trigger_id}/webhooks.
func (s *Sandbox) setTriggerWebhooks(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	var body struct {
		WebhookURLs *[]string `json:"webhook_urls"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if body.WebhookURLs == nil {
		writeError(w, http.StatusBadRequest, "webhook_urls is required")
		return
	}
	hooks, err := s.triggers.SetWebhooks(sc, r.PathValue("trigger_id"), *body.WebhookURLs, true)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, hooks)
}

// triggerWebhook serves GET .../webhooks/{webhook_id} and POST
// .../webhooks/{webhook_id}/regenerate_signing_key.
func (s *Sandbox) triggerWebhook(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	h, err := s.triggers.Webhook(sc, r.PathValue("trigger_id"), r.PathValue("webhook_id"), r.Method == http.MethodPost)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": h})
}

// triggerPipelines serves GET and PUT .../pipelines: the workflows a
// trigger runs (kept; the sandbox runs none of them on events).
func (s *Sandbox) triggerPipelines(w http.ResponseWriter, r *http.Request) {
	sc, ok := triggerScope(w, r, s.opts.ProjectID, "")
	if !ok {
		return
	}
	var set []string
	if r.Method == http.MethodPut {
		var body struct {
			WorkflowIDs *[]string `json:"workflow_ids"`
		}
		if err := decodeJSON(w, r, &body); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if body.WorkflowIDs == nil {
			writeError(w, http.StatusBadRequest, "workflow_ids is required")
			return
		}
		set = *body.WorkflowIDs
		if set == nil {
			set = []string{}
		}
		for _, id := range set {
			if !isWorkflowID(id) {
				writeError(w, http.StatusBadRequest, "workflow_ids must be workflow ids (p_...)")
				return
			}
		}
	}
	ids, err := s.triggers.Pipelines(sc, r.PathValue("trigger_id"), set)
	if err != nil {
		s.triggerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workflow_ids": ids})
}

// TriggerDeliveries reports how many trigger events the sandbox has
// delivered (answered 2xx) and given up on, since it started.
func (s *Sandbox) TriggerDeliveries() (delivered, abandoned int64) {
	return s.deliveries.Stats()
}

// isWorkflowID reports whether id may name a workflow: short, without a
// space or slash.
func isWorkflowID(id string) bool {
	return id != "" && len(id) <= 64 && !strings.ContainsAny(id, " /")
}
