package pipedream

import (
	"context"
	"net/http"
)

// TriggerWebhook is one URL a deployed trigger sends its events to.
// SigningKey is present only in answers to a server holding the project's
// OAuth client.
type TriggerWebhook struct {
	ID            string      `json:"id"`
	URL           string      `json:"url"`
	SigningKey    string      `json:"signing_key,omitempty"`
	SigningKeySet bool        `json:"signing_key_set"`
	CreatedAt     EpochMillis `json:"created_at,omitempty"`
	UpdatedAt     EpochMillis `json:"updated_at,omitempty"`
}

// TriggerWebhooks are the webhooks of a deployed trigger.
type TriggerWebhooks struct {
	WebhookURLs []string         `json:"webhook_urls"`
	Webhooks    []TriggerWebhook `json:"webhooks,omitempty"`
}

// TriggerWebhooks returns the URLs a deployed trigger sends its events to.
func (c *Client) TriggerWebhooks(ctx context.Context, externalUserID, id string) (TriggerWebhooks, error) {
	var out TriggerWebhooks
	r, err := c.triggerCall("get trigger webhooks", http.MethodGet, externalUserID, id, "/webhooks")
	if err != nil {
		return out, err
	}
	r.out = &out
	err = c.do(ctx, r)
	return out, err
}

// SetTriggerWebhooks replaces the URLs a deployed trigger sends its events
// to. A URL kept keeps its webhook and signing key; a new one gets its own.
func (c *Client) SetTriggerWebhooks(ctx context.Context, externalUserID, id string, urls []string) (TriggerWebhooks, error) {
	var out TriggerWebhooks
	r, err := c.triggerCall("set trigger webhooks", http.MethodPut, externalUserID, id, "/webhooks")
	if err != nil {
		return out, err
	}
	if urls == nil {
		urls = []string{}
	}
	r.body = map[string][]string{"webhook_urls": urls}
	r.out = &out
	err = c.do(ctx, r)
	return out, err
}

// TriggerWebhook returns one webhook of a deployed trigger with its signing
// key.
func (c *Client) TriggerWebhook(ctx context.Context, externalUserID, id, webhookID string) (TriggerWebhook, error) {
	return c.webhookCall(ctx, "get trigger webhook", http.MethodGet, externalUserID, id, webhookID, "")
}

// RegenerateTriggerWebhookKey replaces a webhook's signing key and returns
// the webhook with the new one. Events are signed with it from then on.
func (c *Client) RegenerateTriggerWebhookKey(ctx context.Context, externalUserID, id, webhookID string) (TriggerWebhook, error) {
	return c.webhookCall(ctx, "regenerate trigger webhook key", http.MethodPost, externalUserID, id, webhookID, "/regenerate_signing_key")
}

func (c *Client) webhookCall(ctx context.Context, op, method, externalUserID, id, webhookID, rest string) (TriggerWebhook, error) {
	var out dataOf[TriggerWebhook]
	seg, err := segment("webhook id", webhookID)
	if err != nil {
		return out.Data, failed(op, err)
	}
	r, err := c.triggerCall(op, method, externalUserID, id, "/webhooks/"+seg+rest)
	if err != nil {
		return out.Data, err
	}
	r.out = &out
	err = c.do(ctx, r)
	return out.Data, err
}

// TriggerWorkflows returns the ids of the workflows a deployed trigger
// runs on each event.
func (c *Client) TriggerWorkflows(ctx context.Context, externalUserID, id string) ([]string, error) {
	return c.workflowsCall(ctx, "get trigger workflows", http.MethodGet, externalUserID, id, nil)
}

// SetTriggerWorkflows replaces the workflows a deployed trigger runs on
// each event.
func (c *Client) SetTriggerWorkflows(ctx context.Context, externalUserID, id string, workflowIDs []string) ([]string, error) {
	if workflowIDs == nil {
		workflowIDs = []string{}
	}
	return c.workflowsCall(ctx, "set trigger workflows", http.MethodPut, externalUserID, id, workflowIDs)
}

func (c *Client) workflowsCall(ctx context.Context, op, method, externalUserID, id string, ids []string) ([]string, error) {
	r, err := c.triggerCall(op, method, externalUserID, id, "/pipelines")
	if err != nil {
		return nil, err
	}
	if ids != nil {
		r.body = map[string][]string{"workflow_ids": ids}
	}
	var out struct {
		WorkflowIDs []string `json:"workflow_ids"`
	}
	r.out = &out
	err = c.do(ctx, r)
	return out.WorkflowIDs, err
}
