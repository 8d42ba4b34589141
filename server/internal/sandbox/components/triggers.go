package components

import (
	"context"
	"slices"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The sandbox's triggers: what they are in the registry (listed,
// retrieved, configured like actions). What they watch and emit is
// package trigger's.
const (
	TriggerGitHubNewIssue  = "github-new-issue"
	TriggerSlackNewMessage = "slack-new-message-in-channels"
	TriggerEveryNSeconds   = "schedule-every-n-seconds"
)

func triggers(p *provider.Provider) []*Definition {
	newIssue := trigger(pipedream.Component{
		Key: TriggerGitHubNewIssue, Name: "New Issue",
		Description: "Emit an event when an issue is opened in a repository.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"),
			{Name: "repo", Type: pipedream.PropString, Label: "Repository", Description: "The repository to watch, as owner/name.", RemoteOptions: true, UseQuery: true},
		},
	})
	newIssue.Options = map[string]func(*Call) (pipedream.ConfigurePropResult, error){"repo": githubRepoOptions(p)}

	newMessage := trigger(pipedream.Component{
		Key: TriggerSlackNewMessage, Name: "New Message In Channels",
		Description: "Emit an event when a message is posted in one of the chosen channels.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"),
			{Name: "conversations", Type: pipedream.PropStringArray, Label: "Channels", Description: "The channels to watch.", RemoteOptions: true, UseQuery: true},
		},
	})
	newMessage.Options = map[string]func(*Call) (pipedream.ConfigurePropResult, error){"conversations": slackChannelOptions(p)}

	timer := trigger(pipedream.Component{
		Key: TriggerEveryNSeconds, Name: "Schedule: Every N Seconds",
		Description: "Emit an event at a fixed interval.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			{Name: "interval", Type: pipedream.PropInteger, Label: "Interval (seconds)", Description: "How often to emit an event. The service fires at most once a minute.",
				Min: pipedream.Int64(1), Max: pipedream.Int64(86400), Default: int64(60), Optional: true},
		},
	})
	return []*Definition{newIssue, newMessage, timer}
}

// trigger builds a trigger's definition with its annotations.
func trigger(c pipedream.Component) *Definition {
	c.ComponentType = pipedream.ComponentTrigger
	if c.Version == "" {
		c.Version = "0.1.0"
	}
	t, f := true, false
	c.Annotations = &pipedream.Annotations{Title: c.Name, ReadOnlyHint: &t, DestructiveHint: &f, OpenWorldHint: &t, IdempotentHint: &t}
	return &Definition{Component: c}
}

// Check validates the props a trigger is deployed (or updated) with, as a
// run checks an action's: it returns them completed with defaults and the
// accounts of its app props, or a *PropError.
func (d *Definition) Check(ctx context.Context, p *provider.Provider, now time.Time, configured pipedream.ConfiguredProps, resolve ResolveFunc) (pipedream.ConfiguredProps, map[string]provider.Account, error) {
	c, err := d.newCall(ctx, p, now, Request{Configured: configured}, resolve)
	if err != nil {
		return nil, nil, err
	}
	props, err := check(d.ConfigurableProps, c)
	if err != nil {
		return nil, nil, err
	}
	for name := range c.Accounts {
		props[name] = configured[name] // the account as given: {"authProvisionId"}
	}
	for name, v := range configured {
		if _, ok := props[name]; ok && labeled(v) {
			props[name] = v // kept with the labels the user saw, as the service keeps them
		}
	}
	return props, c.Accounts, nil
}

// labeled reports whether v holds option labels: {"__lv": ...}, or a list
// with such an item.
func labeled(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		_, ok := v["__lv"]
		return ok
	case []any:
		return slices.ContainsFunc(v, labeled)
	}
	return false
}
