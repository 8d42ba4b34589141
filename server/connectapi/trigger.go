package connectapi

import (
	"encoding/json"
	"fmt"
	"time"
)

// EpochMillis is a time the components API reports as milliseconds since
// the Unix epoch (created_at, updated_at).
type EpochMillis int64

// Time returns m as a time.Time.
func (m EpochMillis) Time() time.Time { return time.UnixMilli(int64(m)) }

// DeployedTriggerType is the type of a trigger deployed with
// pipedream's Client.DeployTrigger (the SDK's DeployedComponent).
const DeployedTriggerType = "DeployedComponent"

// DeployedTrigger is a trigger deployed for one end user: the component it
// runs, the props it was configured with, and whether it is active. The
// SDK calls it an Emitter of type DeployedComponent.
type DeployedTrigger struct {
	ID                string             `json:"id"`       // dc_...
	OwnerID           string             `json:"owner_id"` // the owner in Pipedream's terms, not the external user id
	ComponentID       string             `json:"component_id"`
	ComponentKey      string             `json:"component_key,omitempty"` // for example github-new-issue
	ConfigurableProps []ConfigurableProp `json:"configurable_props"`
	ConfiguredProps   ConfiguredProps    `json:"configured_props"`
	Active            bool               `json:"active"` // false while paused
	CreatedAt         EpochMillis        `json:"created_at"`
	UpdatedAt         EpochMillis        `json:"updated_at"`
	Name              string             `json:"name"`
	NameSlug          string             `json:"name_slug"`
	EmitOnDeploy      *bool              `json:"emit_on_deploy,omitempty"`
	Type              string             `json:"type"` // DeployedTriggerType
	// WebhookSigningKey signs the events sent to the trigger's webhook_url
	// (see pipedream.TriggerVerifier). The service sends it only to a server
	// holding the project's OAuth client: never forward it to a browser.
	WebhookSigningKey string `json:"webhook_signing_key,omitempty"`
}

// EmittedEvent is one event a deployed trigger emitted: what
// pipedream's Client.ListTriggerEvents returns and what the trigger's webhooks
// receive (see pipedream.TriggerEvent).
type EmittedEvent struct {
	ID  string          `json:"id"`
	TS  EpochMillis     `json:"ts"`            // when it was emitted
	K   string          `json:"k"`             // kind: "emit"
	E   json.RawMessage `json:"e"`             // the event itself, a JSON object
	Sum string          `json:"sum,omitempty"` // a one-line summary
}

// Decode unmarshals the event itself (E) into v.
func (e EmittedEvent) Decode(v any) error {
	if err := json.Unmarshal(e.E, v); err != nil {
		return fmt.Errorf("pipedream: decode event %s: %w", e.ID, err)
	}
	return nil
}
