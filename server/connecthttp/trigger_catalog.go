package connecthttp

import (
	"context"
	"net/http"
	"regexp"

	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Components lists the component registry and computes props' options.
// *pipedream.Client implements it.
type Components interface {
	ListComponents(ctx context.Context, q pipedream.ComponentsQuery) (pipedream.ComponentList, error)
	ConfigureProp(ctx context.Context, req pipedream.ConfigurePropRequest) (pipedream.ConfigurePropResult, error)
}

var _ Components = (*pipedream.Client)(nil)

// appSlugPattern is an app's name slug.
var appSlugPattern = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// triggerCatalog answers GET /connect/trigger-catalog?app=: the
// triggers of one app the user can deploy (the first page of 100).
func (a *Handler) triggerCatalog(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.user(w, r); !ok {
		return
	}
	slug := r.URL.Query().Get("app")
	if !appSlugPattern.MatchString(slug) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "app must be an app's name slug, such as github")
		return
	}
	list, err := a.opts.Components.ListComponents(r.Context(), pipedream.ComponentsQuery{Type: pipedream.ComponentTrigger, App: slug, Limit: maxLimit})
	if err != nil {
		a.upstreamError(w, r, "list the app's triggers", err)
		return
	}
	if list.Data == nil {
		list.Data = []pipedream.Component{}
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"data": list.Data})
}

// triggerOptions answers POST /connect/trigger-options,
// {"id", "prop_name", "configured_props", "query"}: the first page of a
// trigger prop's options for the user, as {options, errors}.
func (a *Handler) triggerOptions(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	var in struct {
		ID              string                    `json:"id"`
		PropName        string                    `json:"prop_name"`
		ConfiguredProps pipedream.ConfiguredProps `json:"configured_props"`
		Query           string                    `json:"query"`
	}
	if err := optionalObject(w, r, &in); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	if !componentKeyPattern.MatchString(in.ID) || !componentKeyPattern.MatchString(in.PropName) || len(in.Query) > maxQuery {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "send a trigger's id, one of its prop_name and a query of at most 100 characters")
		return
	}
	if !a.ownAccounts(w, r, user, in.ConfiguredProps) {
		return
	}
	res, err := a.opts.Components.ConfigureProp(r.Context(), pipedream.ConfigurePropRequest{
		ID: in.ID, ExternalUserID: user, PropName: in.PropName, ConfiguredProps: in.ConfiguredProps, Query: in.Query,
	})
	if err != nil {
		a.upstreamError(w, r, "list the prop's options", err)
		return
	}
	opts := res.Options
	for _, s := range res.StringOptions {
		opts = append(opts, pipedream.PropOption{Label: s, Value: s})
	}
	if opts == nil {
		opts = []pipedream.PropOption{}
	}
	jsonhttp.Write(w, http.StatusOK, map[string]any{"options": opts, "errors": res.Errors})
}
