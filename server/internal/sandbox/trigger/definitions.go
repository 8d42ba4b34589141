package trigger

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Definition is a trigger component the sandbox can deploy.
type Definition struct {
	Component pipedream.Component
	App       string // the app of its app prop; "" for none
	AppProp   string // the name of its app prop
	// Kind is the provider change it watches (see Change); "" for timers.
	Kind string
	// Match returns the event a new provider item makes for a trigger
	// configured with props, or false when the props do not select it.
	Match func(props pipedream.ConfiguredProps, item map[string]any) (Event, bool)
	// Recent returns the account's newest items of Kind, newest first, for
	// emit_on_deploy; nil emits nothing at deploy.
	Recent func(ctx context.Context, accountID string) []map[string]any
	// Interval is a timer's interval from its props; nil for watchers.
	Interval func(props pipedream.ConfiguredProps) time.Duration
	// Validate checks the props other than the app prop.
	Validate func(props pipedream.ConfiguredProps) error
}

// emitOnDeployItems is how many recent items emit_on_deploy emits.
const emitOnDeployItems = 10

// recent is what emit_on_deploy emits, oldest first so that the newest
// ends up first among the events.
func (d *Definition) recent(ctx context.Context, accountID string, props pipedream.ConfiguredProps, now time.Time) []Event {
	if d.Interval != nil {
		return []Event{tick(props, d.Interval(props), now)}
	}
	if d.Recent == nil || d.Match == nil {
		return nil
	}
	var out []Event
	for _, it := range d.Recent(ctx, accountID) {
		if ev, ok := d.Match(props, it); ok {
			out = append(out, ev)
			if len(out) == emitOnDeployItems {
				break
			}
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Keys of the sandbox's trigger components.
const (
	GitHubNewIssue        = "github-new-issue"
	SlackNewMessage       = "slack-new-message-in-channels"
	ScheduleEveryNSeconds = "schedule-every-n-seconds"
)

// Kinds of provider changes the triggers watch.
const (
	KindGitHubIssue  = "github.issue"
	KindSlackMessage = "slack.message"
)

func boolPtr(b bool) *bool { return &b }

var triggerAnnotations = &pipedream.Annotations{ReadOnlyHint: boolPtr(true), DestructiveHint: boolPtr(false), IdempotentHint: boolPtr(true), OpenWorldHint: boolPtr(true)}

// Definitions returns the sandbox's trigger components. recent, keyed by
// Kind, reads the provider's newest items for emit_on_deploy (nil: none).
func Definitions(recent map[string]func(ctx context.Context, accountID string) []map[string]any) map[string]*Definition {
	defs := []*Definition{
		{
			Component: pipedream.Component{
				Key: GitHubNewIssue, Name: "New Issue", Version: "0.1.0", ComponentType: pipedream.ComponentTrigger,
				Description: "Emit new event when an issue is created in a repository.",
				Annotations: triggerAnnotations,
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "github", Type: "app", App: "github", Label: "GitHub account"},
					{Name: "repo", Type: "string", Label: "Repository", Description: "The repository to watch for new issues.", RemoteOptions: true},
				},
			},
			App: "github", AppProp: "github", Kind: KindGitHubIssue,
			Validate: requireStrings("repo"),
			Match: func(p pipedream.ConfiguredProps, it map[string]any) (Event, bool) {
				repo := propString(p, "repo")
				if itemString(it, "repo") != repo && itemString(it, "repository") != repo {
					return Event{}, false
				}
				return Event{Body: it, Summary: fmt.Sprintf("New issue #%v: %s", it["number"], itemString(it, "title"))}, true
			},
		},
		{
			Component: pipedream.Component{
				Key: SlackNewMessage, Name: "New Message In Channels", Version: "0.1.0", ComponentType: pipedream.ComponentTrigger,
				Description: "Emit new event when a message is posted to one of the selected channels.",
				Annotations: triggerAnnotations,
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "slack", Type: "app", App: "slack", Label: "Slack account"},
					{Name: "conversations", Type: "string[]", Label: "Channels", Description: "The channels to watch for new messages.", RemoteOptions: true, UseQuery: true},
				},
			},
			App: "slack", AppProp: "slack", Kind: KindSlackMessage,
			Validate: func(p pipedream.ConfiguredProps) error {
				if len(propStrings(p, "conversations")) == 0 {
					return fmt.Errorf("prop conversations: choose at least one channel")
				}
				return nil
			},
			Match: func(p pipedream.ConfiguredProps, it map[string]any) (Event, bool) {
				ch := itemString(it, "channel")
				for _, c := range propStrings(p, "conversations") {
					if c == ch {
						return Event{Body: it, Summary: "New message in " + ch}, true
					}
				}
				return Event{}, false
			},
		},
		{
			Component: pipedream.Component{
				Key: ScheduleEveryNSeconds, Name: "Schedule: Every N Seconds", Version: "0.1.0", ComponentType: pipedream.ComponentTrigger,
				Description: "Emit an event on a fixed interval.",
				Annotations: triggerAnnotations,
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "interval", Type: "integer", Label: "Interval (seconds)", Description: "How often to emit an event. The service fires at most once a minute.", Min: pipedream.Int64(1), Max: pipedream.Int64(86400), Default: 60},
				},
			},
			Interval: func(p pipedream.ConfiguredProps) time.Duration {
				n, _ := propInt(p, "interval")
				if n <= 0 {
					n = 60
				}
				return time.Duration(n) * time.Second
			},
			Validate: func(p pipedream.ConfiguredProps) error {
				if _, ok := p["interval"]; !ok {
					return nil
				}
				n, ok := propInt(p, "interval")
				if !ok || n < 1 || n > 86400 {
					return fmt.Errorf("prop interval: a whole number of seconds from 1 to 86400")
				}
				return nil
			},
		},
	}
	out := map[string]*Definition{}
	for _, d := range defs {
		if d.Kind != "" && recent != nil {
			d.Recent = recent[d.Kind]
		}
		out[d.Component.Key] = d
	}
	return out
}

func tick(p pipedream.ConfiguredProps, every time.Duration, now time.Time) Event {
	return Event{
		Body:    map[string]any{"timestamp": now.Unix(), "interval_seconds": int64(every / time.Second)},
		Summary: "Timer fired at " + now.UTC().Format(time.RFC3339),
	}
}

func requireStrings(names ...string) func(pipedream.ConfiguredProps) error {
	return func(p pipedream.ConfiguredProps) error {
		for _, n := range names {
			if propString(p, n) == "" {
				return fmt.Errorf("prop %s is required", n)
			}
		}
		return nil
	}
}

// propString is a string prop's value, given bare or as a labeled value.
func propString(p pipedream.ConfiguredProps, name string) string {
	return asString(p[name])
}

func asString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if lv, ok := v["__lv"].(map[string]any); ok {
			return asString(lv["value"])
		}
		if val, ok := v["value"]; ok {
			return asString(val)
		}
	}
	return ""
}

func propStrings(p pipedream.ConfiguredProps, name string) []string {
	var out []string
	switch v := p[name].(type) {
	case []any:
		for _, e := range v {
			if s := asString(e); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		out = v
	case string:
		if v != "" {
			out = []string{v}
		}
	}
	return out
}

func propInt(p pipedream.ConfiguredProps, name string) (int64, bool) {
	switch v := p[name].(type) {
	case float64:
		if v == float64(int64(v)) {
			return int64(v), true
		}
	case int:
		return int64(v), true
	case int64:
		return v, true
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func itemString(it map[string]any, key string) string {
	s, _ := it[key].(string)
	return s
}
