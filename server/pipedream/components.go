package pipedream

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// ComponentsQuery searches and pages the component registry. Zero fields
// are not sent.
type ComponentsQuery struct {
	// Type picks the list: ComponentAction lists /actions,
	// ComponentTrigger /triggers, "" /components (both).
	Type     ComponentType
	Q        string // q: search text, matched against key, name and description
	App      string // app: an app's name slug
	Registry string // registry: RegistryPublic, RegistryPrivate or RegistryAll
	Limit    int    // page size
	After    string // cursor: the page after this one
	Before   string // cursor: the page before this one
}

func (q ComponentsQuery) values() url.Values {
	v := url.Values{}
	setNonEmpty(v, "q", q.Q)
	setNonEmpty(v, "app", q.App)
	setNonEmpty(v, "registry", q.Registry)
	setPaging(v, q.Limit, q.After, q.Before)
	return v
}

// componentsPath is the list path for a component type.
func componentsPath(t ComponentType) (string, error) {
	switch t {
	case "":
		return "/components", nil
	case ComponentAction:
		return "/actions", nil
	case ComponentTrigger:
		return "/triggers", nil
	}
	return "", fmt.Errorf("%w: component type %q is not %q or %q", ErrInvalidRequest, t, ComponentAction, ComponentTrigger)
}

// ListComponents returns one page of the project's actions, triggers or
// both (see ComponentsQuery.Type).
func (c *Client) ListComponents(ctx context.Context, q ComponentsQuery) (ComponentList, error) {
	var list ComponentList
	p, err := componentsPath(q.Type)
	if err != nil {
		return list, failed("list components", err)
	}
	err = c.do(ctx, call{
		op:     "list components",
		method: http.MethodGet,
		path:   c.projectPath(p),
		query:  q.values(),
		out:    &list,
	})
	return list, err
}

// Components iterates over every component matching q, fetching pages of
// q.Limit as needed by following page_info.end_cursor, starting after
// q.After. On an error it yields the error once and stops.
func (c *Client) Components(ctx context.Context, q ComponentsQuery) iter.Seq2[Component, error] {
	q.Before = ""
	return pages(q.After, func(after string) ([]Component, PageInfo, error) {
		q.After = after
		page, err := c.ListComponents(ctx, q)
		return page.Data, page.PageInfo, err
	})
}

// GetComponent returns one action or trigger by key, at its latest
// version. An unknown key is an *APIError with status 404.
func (c *Client) GetComponent(ctx context.Context, key string) (Component, error) {
	seg, err := segment("component key", key)
	if err != nil {
		return Component{}, failed("get component", err)
	}
	var comp Component
	err = c.do(ctx, call{
		op:     "get component",
		method: http.MethodGet,
		path:   c.projectPath("/components/" + seg),
		out:    &envelope[Component]{&comp},
	})
	return comp, err
}

// ConfigureProp returns one page of a prop's options for an end user. A
// prop the service cannot compute options for is not an error: the
// result's Errors says why.
func (c *Client) ConfigureProp(ctx context.Context, req ConfigurePropRequest) (ConfigurePropResult, error) {
	var res ConfigurePropResult
	if err := checkComponentCall(req.ID, req.ExternalUserID); err != nil {
		return res, failed("configure prop", err)
	}
	if req.PropName == "" {
		return res, failed("configure prop", fmt.Errorf("%w: prop_name is required", ErrInvalidRequest))
	}
	err := c.do(ctx, call{
		op:     "configure prop",
		method: http.MethodPost,
		path:   c.projectPath("/components/configure"),
		body:   req,
		out:    &res,
	})
	return res, err
}

// ReloadProps returns a component's props as they stand once the props
// marked ReloadProps have values.
func (c *Client) ReloadProps(ctx context.Context, req ReloadPropsRequest) (ReloadPropsResult, error) {
	var res ReloadPropsResult
	if err := checkComponentCall(req.ID, req.ExternalUserID); err != nil {
		return res, failed("reload props", err)
	}
	err := c.do(ctx, call{
		op:     "reload props",
		method: http.MethodPost,
		path:   c.projectPath("/components/props"),
		body:   req,
		out:    &res,
	})
	return res, err
}

// RunAction runs an action once for an end user and returns what it
// produced. When the run itself failed (the action raised an error), it
// returns the result together with a *RunError; invalid props are an
// *APIError with status 400 whose message names the prop. The call is not
// retried except on 429, since a run may have effects.
func (c *Client) RunAction(ctx context.Context, req RunActionRequest) (RunResult, error) {
	var res RunResult
	if err := checkComponentCall(req.ID, req.ExternalUserID); err != nil {
		return res, failed("run action", err)
	}
	if err := c.do(ctx, call{
		op:     "run action",
		method: http.MethodPost,
		path:   c.projectPath("/actions/run"),
		body:   req,
		out:    &res,
	}); err != nil {
		return res, err
	}
	return res, res.Err()
}

// checkComponentCall refuses a call without a component or a user, naming
// every value missing in one error.
func checkComponentCall(id, externalUserID string) error {
	var missing []string
	if id == "" {
		missing = append(missing, "id (the component key)")
	}
	if externalUserID == "" {
		missing = append(missing, "external_user_id")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s required", ErrInvalidRequest, strings.Join(missing, " and "))
}
