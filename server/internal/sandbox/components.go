package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/components"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The components API: /actions, /triggers and /components, each with
// list, retrieve, configure and props, and /actions/run. Under
// /v1/connect/{project_id} a request authenticates with the OAuth token
// and names the user in external_user_id; under /v1/connect with a
// Connect token it acts for that token's user only (see connect_token.go).

// componentKinds maps a path's kind to the component type it lists ("":
// both).
var componentKinds = map[string]pipedream.ComponentType{
	"actions": pipedream.ComponentAction, "triggers": pipedream.ComponentTrigger, "components": "",
}

// caller is who a components request acts for.
type caller struct {
	env  string // the project environment
	user string // the Connect token's external user; "" with the OAuth token
}

// componentHandler serves one components route for a caller.
type componentHandler func(w http.ResponseWriter, r *http.Request, kind string, who caller)

// registerComponents adds the components routes for OAuth callers to the
// project mux, under prefix p.
func (s *Sandbox) registerComponents(project *http.ServeMux, p string) {
	for kind := range componentKinds {
		oauth := func(h componentHandler) http.HandlerFunc {
			return s.inProject(func(w http.ResponseWriter, r *http.Request) {
				h(w, r, kind, caller{env: environment(r)})
			})
		}
		project.HandleFunc("GET "+p+"/"+kind, oauth(s.listComponents))
		project.HandleFunc("GET "+p+"/"+kind+"/{key}", oauth(s.getComponent))
		project.HandleFunc("POST "+p+"/"+kind+"/configure", oauth(s.configureProp))
		project.HandleFunc("POST "+p+"/"+kind+"/props", oauth(s.reloadProps))
	}
	project.HandleFunc("POST "+p+"/actions/run", s.inProject(func(w http.ResponseWriter, r *http.Request) {
		s.runAction(w, r, "actions", caller{env: environment(r)})
	}))
}

// listComponents serves GET .../{kind}: one page of components.
func (s *Sandbox) listComponents(w http.ResponseWriter, r *http.Request, kind string, _ caller) {
	page, err := readPageQuery(r, "comp")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	f := components.Filter{Type: componentKinds[kind], App: q.Get("app"), Q: q.Get("q")}
	if t := q.Get("component_type"); t != "" && kind == "components" {
		if t != string(pipedream.ComponentAction) && t != string(pipedream.ComponentTrigger) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("component_type %q must be action or trigger", truncate(t, 32)))
			return
		}
		f.Type = pipedream.ComponentType(t)
	}
	var defs []*components.Definition
	switch reg := q.Get("registry"); reg {
	case "", pipedream.RegistryAll, pipedream.RegistryPublic:
		defs = s.components.List(f)
	case pipedream.RegistryPrivate: // the sandbox project has no private components
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("registry %q must be public, private or all", truncate(reg, 32)))
		return
	}
	items, info := paginate(defs, page, func(d *components.Definition, key string) int { return strings.Compare(d.Key, key) },
		func(d *components.Definition) string { return d.Key }, "comp")
	out := pipedream.ComponentList{Data: make([]pipedream.Component, len(items)), PageInfo: info}
	for i, d := range items {
		out.Data[i] = d.Component
	}
	writeJSON(w, http.StatusOK, out)
}

// findComponent returns the component key of kind, or answers 404.
func (s *Sandbox) findComponent(w http.ResponseWriter, kind, key string) (*components.Definition, bool) {
	d, ok := s.components.Get(key)
	if ok && (componentKinds[kind] == "" || d.ComponentType == componentKinds[kind]) {
		return d, true
	}
	noun := strings.TrimSuffix(kind, "s")
	if key == "" {
		writeError(w, http.StatusBadRequest, "id (the "+noun+"'s key) is required")
		return nil, false
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("%s %s not found", noun, truncate(key, 64)))
	return nil, false
}

// getComponent serves GET .../{kind}/{key}: {data: component}.
func (s *Sandbox) getComponent(w http.ResponseWriter, r *http.Request, kind string, _ caller) {
	d, ok := s.findComponent(w, kind, r.PathValue("key"))
	if !ok {
		return
	}
	if v := r.URL.Query().Get("version"); v != "" && v != "latest" && v != d.Version {
		writeError(w, http.StatusNotFound, fmt.Sprintf("version %s of %s not found", truncate(v, 32), d.Key))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": d.Component})
}

// componentRequest is the body of configure, props and run.
type componentRequest struct {
	ID              string                    `json:"id"`
	Version         string                    `json:"version"`
	ExternalUserID  string                    `json:"external_user_id"`
	PropName        string                    `json:"prop_name"`
	Blocking        bool                      `json:"blocking"`
	ConfiguredProps pipedream.ConfiguredProps `json:"configured_props"`
	DynamicPropsID  string                    `json:"dynamic_props_id"`
	Page            int                       `json:"page"`
	PrevContext     map[string]any            `json:"prev_context"`
	Query           string                    `json:"query"`
	StashID         json.RawMessage           `json:"stash_id"` // a string, "NEW" or a boolean; the sandbox keeps no stash
}

// readComponentRequest decodes and checks a configure, props or run body
// and finds its component; it answers the request itself on failure.
func (s *Sandbox) readComponentRequest(w http.ResponseWriter, r *http.Request, kind string, who caller) (componentRequest, *components.Definition, bool) {
	var req componentRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return req, nil, false
	}
	switch {
	case who.user != "" && req.ExternalUserID == "":
		req.ExternalUserID = who.user
	case who.user != "" && req.ExternalUserID != who.user:
		writeError(w, http.StatusForbidden, "external_user_id does not match the Connect token's user")
		return req, nil, false
	case req.ExternalUserID == "":
		writeError(w, http.StatusBadRequest, "external_user_id is required")
		return req, nil, false
	}
	d, ok := s.findComponent(w, kind, req.ID)
	if !ok {
		return req, nil, false
	}
	if req.Version != "" && req.Version != "latest" && req.Version != d.Version {
		writeError(w, http.StatusNotFound, fmt.Sprintf("version %s of %s not found", truncate(req.Version, 32), d.Key))
		return req, nil, false
	}
	if req.Page < 0 {
		writeError(w, http.StatusBadRequest, "page must not be negative")
		return req, nil, false
	}
	return req, d, true
}

// resolver returns the accounts app props may use: the user's own, in the
// caller's environment, healthy and of the prop's app.
func (s *Sandbox) resolver(ctx context.Context, who caller, user string) components.ResolveFunc {
	return func(prop pipedream.ConfigurableProp, id string) (provider.Account, error) {
		a, err := s.store.Account(ctx, s.opts.ProjectID, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && (a.Environment != who.env || a.ExternalID != user) {
			return provider.Account{}, &components.PropError{Prop: prop.Name, Message: fmt.Sprintf("account %s is not one of external user %s's accounts", truncate(id, 64), truncate(user, 64))}
		}
		if err != nil {
			return provider.Account{}, fmt.Errorf("resolve account: %w", err)
		}
		if a.AppSlug != prop.App {
			return provider.Account{}, &components.PropError{Prop: prop.Name, Message: fmt.Sprintf("account %s is a %s account, not %s", a.ID, a.AppSlug, prop.App)}
		}
		if !a.Healthy || a.Dead {
			return provider.Account{}, &components.PropError{Prop: prop.Name, Message: fmt.Sprintf("account %s is not healthy: reconnect it", a.ID)}
		}
		return providerAccount(a), nil
	}
}

// providerAccount is whose state in the simulated provider a is.
func providerAccount(a store.Account) provider.Account {
	return provider.Account{ID: a.ID, App: a.AppSlug, Name: a.Name}
}

func (req componentRequest) call() components.Request {
	return components.Request{Configured: req.ConfiguredProps, DynamicPropsID: req.DynamicPropsID, PropName: req.PropName,
		Query: req.Query, Page: req.Page, Prev: req.PrevContext}
}

// componentError answers a failed configure, props or run call.
func (s *Sandbox) componentError(w http.ResponseWriter, r *http.Request, err error) {
	var pe *components.PropError
	var re *components.RequestError
	switch {
	case errors.As(err, &pe):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": pe.Error(), "code": "invalid_prop", "details": map[string]any{"prop": pe.Prop}})
	case errors.As(err, &re):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": re.Error(), "code": "invalid_request"})
	default:
		s.internalError(w, r, err)
	}
}

// configureProp serves POST .../{kind}/configure: one page of a prop's options.
func (s *Sandbox) configureProp(w http.ResponseWriter, r *http.Request, kind string, who caller) {
	req, d, ok := s.readComponentRequest(w, r, kind, who)
	if !ok {
		return
	}
	if req.PropName == "" {
		writeError(w, http.StatusBadRequest, "prop_name is required")
		return
	}
	res, err := d.Configure(r.Context(), s.provider, s.now(), req.call(), s.resolver(r.Context(), who, req.ExternalUserID))
	if err != nil {
		s.componentError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// reloadProps serves POST .../{kind}/props: the props as they now stand.
func (s *Sandbox) reloadProps(w http.ResponseWriter, r *http.Request, kind string, who caller) {
	req, d, ok := s.readComponentRequest(w, r, kind, who)
	if !ok {
		return
	}
	res, err := d.ReloadProps(r.Context(), s.provider, s.now(), req.call(), s.resolver(r.Context(), who, req.ExternalUserID))
	if err != nil {
		s.componentError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// runAction serves POST .../actions/run.
func (s *Sandbox) runAction(w http.ResponseWriter, r *http.Request, kind string, who caller) {
	req, d, ok := s.readComponentRequest(w, r, kind, who)
	if !ok {
		return
	}
	res, err := d.RunAction(r.Context(), s.provider, s.now(), req.call(), s.resolver(r.Context(), who, req.ExternalUserID))
	if err != nil {
		s.componentError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
