package pipedream

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// DeployTriggerRequest deploys a trigger for one end user.
type DeployTriggerRequest struct {
	ID              string          `json:"id"` // the trigger's key, for example github-new-issue
	Version         string          `json:"version,omitempty"`
	ExternalUserID  string          `json:"external_user_id"`
	ConfiguredProps ConfiguredProps `json:"configured_props,omitempty"`
	DynamicPropsID  string          `json:"dynamic_props_id,omitempty"`
	// WebhookURL receives every event, signed (see [TriggerVerifier]).
	WebhookURL string `json:"webhook_url,omitempty"`
	WorkflowID string `json:"workflow_id,omitempty"` // a workflow to run on every event instead
	// EmitOnDeploy, when true, emits the most recent items once at deploy.
	EmitOnDeploy *bool `json:"emit_on_deploy,omitempty"`
}

// TriggerUpdate changes a deployed trigger; nil and empty fields are left
// as they are.
type TriggerUpdate struct {
	Active          *bool           `json:"active,omitempty"`
	ConfiguredProps ConfiguredProps `json:"configured_props,omitempty"`
	Name            string          `json:"name,omitempty"`
	EmitOnDeploy    *bool           `json:"emit_on_deploy,omitempty"`
}

// DeployedTriggersQuery selects and pages one end user's deployed
// triggers. ExternalUserID is required.
type DeployedTriggersQuery struct {
	ExternalUserID string // external_user_id
	EmitterType    string // emitter_type: email, http, source or timer
	Limit          int
	After, Before  string
}

// DeployedTriggerList is one page of deployed triggers.
type DeployedTriggerList struct {
	Data     []DeployedTrigger `json:"data"`
	PageInfo PageInfo          `json:"page_info"`
}

// DeployTrigger deploys a trigger for req.ExternalUserID and returns it,
// with its WebhookSigningKey when req.WebhookURL is set.
func (c *Client) DeployTrigger(ctx context.Context, req DeployTriggerRequest) (DeployedTrigger, error) {
	if req.ID == "" || req.ExternalUserID == "" {
		return DeployedTrigger{}, failed("deploy trigger", fmt.Errorf("%w: id and external_user_id are required", ErrInvalidRequest))
	}
	var out dataOf[DeployedTrigger]
	err := c.do(ctx, call{
		op:     "deploy trigger",
		method: http.MethodPost,
		path:   c.projectPath("/triggers/deploy"),
		body:   req,
		out:    &out,
	})
	return out.Data, err
}

// ListDeployedTriggers returns one page of an end user's deployed triggers.
func (c *Client) ListDeployedTriggers(ctx context.Context, q DeployedTriggersQuery) (DeployedTriggerList, error) {
	var list DeployedTriggerList
	if q.ExternalUserID == "" {
		return list, failed("list deployed triggers", fmt.Errorf("%w: external_user_id is required", ErrInvalidRequest))
	}
	v := url.Values{"external_user_id": {q.ExternalUserID}}
	setNonEmpty(v, "emitter_type", q.EmitterType)
	setPaging(v, q.Limit, q.After, q.Before)
	err := c.do(ctx, call{
		op:     "list deployed triggers",
		method: http.MethodGet,
		path:   c.projectPath("/deployed-triggers"),
		query:  v,
		out:    &list,
	})
	return list, err
}

// DeployedTriggers iterates over every deployed trigger matching q,
// following page_info.end_cursor. On an error it yields the error once and
// stops.
func (c *Client) DeployedTriggers(ctx context.Context, q DeployedTriggersQuery) iter.Seq2[DeployedTrigger, error] {
	q.Before = ""
	return pages(q.After, func(after string) ([]DeployedTrigger, PageInfo, error) {
		q.After = after
		page, err := c.ListDeployedTriggers(ctx, q)
		return page.Data, page.PageInfo, err
	})
}

// triggerCall is a call on /deployed-triggers/{id}{rest} for one user.
func (c *Client) triggerCall(op, method, externalUserID, id, rest string) (call, error) {
	if externalUserID == "" {
		return call{}, failed(op, fmt.Errorf("%w: external_user_id is required", ErrInvalidRequest))
	}
	seg, err := segment("trigger id", id)
	if err != nil {
		return call{}, failed(op, err)
	}
	return call{
		op:     op,
		method: method,
		path:   c.projectPath("/deployed-triggers/" + seg + rest),
		query:  url.Values{"external_user_id": {externalUserID}},
	}, nil
}

// GetDeployedTrigger returns one of an end user's deployed triggers. Another
// user's trigger is an *APIError with status 404 (see IsNotFound).
func (c *Client) GetDeployedTrigger(ctx context.Context, externalUserID, id string) (DeployedTrigger, error) {
	r, err := c.triggerCall("get deployed trigger", http.MethodGet, externalUserID, id, "")
	if err != nil {
		return DeployedTrigger{}, err
	}
	var out dataOf[DeployedTrigger]
	r.out = &out
	err = c.do(ctx, r)
	return out.Data, err
}

// UpdateDeployedTrigger changes a deployed trigger and returns it as it is
// now.
func (c *Client) UpdateDeployedTrigger(ctx context.Context, externalUserID, id string, u TriggerUpdate) (DeployedTrigger, error) {
	r, err := c.triggerCall("update deployed trigger", http.MethodPut, externalUserID, id, "")
	if err != nil {
		return DeployedTrigger{}, err
	}
	var out dataOf[DeployedTrigger]
	r.body, r.out = u, &out
	err = c.do(ctx, r)
	return out.Data, err
}

// PauseDeployedTrigger deactivates a trigger: it emits nothing until
// resumed.
func (c *Client) PauseDeployedTrigger(ctx context.Context, externalUserID, id string) (DeployedTrigger, error) {
	active := false
	return c.UpdateDeployedTrigger(ctx, externalUserID, id, TriggerUpdate{Active: &active})
}

// ResumeDeployedTrigger activates a paused trigger.
func (c *Client) ResumeDeployedTrigger(ctx context.Context, externalUserID, id string) (DeployedTrigger, error) {
	active := true
	return c.UpdateDeployedTrigger(ctx, externalUserID, id, TriggerUpdate{Active: &active})
}

// DeleteDeployedTrigger deletes a deployed trigger and its events.
func (c *Client) DeleteDeployedTrigger(ctx context.Context, externalUserID, id string) error {
	r, err := c.triggerCall("delete deployed trigger", http.MethodDelete, externalUserID, id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, r)
}

// dataOf decodes {"data": T}.
type dataOf[T any] struct {
	Data T `json:"data"`
}
