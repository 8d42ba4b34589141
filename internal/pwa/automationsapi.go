package pwa

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/pdconnect/pdconnect/internal/fetch"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// triggerCatalog lists the triggers of an app the user may deploy.
func (a api) triggerCatalog(ctx context.Context, app string) ([]connectapi.Component, error) {
	var l struct {
		Data []connectapi.Component `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/connect/trigger-catalog?app="+url.QueryEscape(app), &l); err != nil {
		return nil, fmt.Errorf("list triggers: %w", err)
	}
	return l.Data, nil
}

// triggerOptions lists the first page of a trigger prop's options whose
// label or value holds query, for props configured so far.
func (a api) triggerOptions(ctx context.Context, key, prop string, props connectapi.ConfiguredProps, query string) ([]connectapi.PropOption, error) {
	var out struct {
		Options []connectapi.PropOption `json:"options"`
	}
	err := a.send(ctx, "POST", "/api/connect/trigger-options", map[string]any{"id": key, "prop_name": prop, "configured_props": props, "query": query}, &out)
	if err != nil {
		return nil, fmt.Errorf("list the prop's options: %w", err)
	}
	return out.Options, nil
}

// deployTrigger deploys a trigger for the user; the server chooses where
// its events go.
func (a api) deployTrigger(ctx context.Context, key string, props connectapi.ConfiguredProps) (connectapi.DeployedTrigger, error) {
	var out struct {
		Data connectapi.DeployedTrigger `json:"data"`
	}
	err := a.send(ctx, "POST", "/api/connect/triggers", map[string]any{"id": key, "configured_props": props}, &out)
	if err != nil {
		return out.Data, fmt.Errorf("deploy the trigger: %w", err)
	}
	return out.Data, nil
}

// listTriggers lists the user's deployed triggers.
func (a api) listTriggers(ctx context.Context) ([]connectapi.DeployedTrigger, error) {
	var l struct {
		Data []connectapi.DeployedTrigger `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/connect/triggers", &l); err != nil {
		return nil, fmt.Errorf("list your automations: %w", err)
	}
	return l.Data, nil
}

// setTriggerActive pauses or resumes a trigger.
func (a api) setTriggerActive(ctx context.Context, id string, active bool) (connectapi.DeployedTrigger, error) {
	var out struct {
		Data connectapi.DeployedTrigger `json:"data"`
	}
	if err := a.send(ctx, "PATCH", "/api/connect/triggers/"+url.PathEscape(id), map[string]any{"active": active}, &out); err != nil {
		return out.Data, fmt.Errorf("update the automation: %w", err)
	}
	return out.Data, nil
}

// deleteTrigger deletes a trigger and its events.
func (a api) deleteTrigger(ctx context.Context, id string) error {
	if err := a.send(ctx, "DELETE", "/api/connect/triggers/"+url.PathEscape(id), nil, nil); err != nil {
		return fmt.Errorf("delete the automation: %w", err)
	}
	return nil
}

// triggerEvents lists a trigger's newest events.
func (a api) triggerEvents(ctx context.Context, id string) ([]connectapi.EmittedEvent, error) {
	var l struct {
		Data []connectapi.EmittedEvent `json:"data"`
	}
	if err := a.call(ctx, "GET", "/api/connect/triggers/"+url.PathEscape(id)+"/events?n="+fmt.Sprint(maxTriggerEvents), &l); err != nil {
		return nil, fmt.Errorf("list the events: %w", err)
	}
	return l.Data, nil
}

// send does one request with in as its JSON body (none when nil) and
// decodes a 2xx body into out (when not nil).
func (a api) send(ctx context.Context, method, path string, in, out any) error {
	r := fetch.Request{Method: method, URL: a.origin + path}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		r.Body, r.Header = string(b), map[string]string{"Content-Type": "application/json"}
	}
	res, err := fetch.Send(ctx, r)
	if err != nil {
		return err
	}
	if res.Status < 200 || res.Status > 299 {
		return fetch.NewStatusError(res, time.Now())
	}
	if out == nil || len(res.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(res.Body, out); err != nil {
		return &fetch.StatusError{StatusCode: res.Status, Code: "bad_response", Message: "the server's answer was not understood"}
	}
	return nil
}
