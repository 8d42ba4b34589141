package trigger

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Definition is a trigger component the sandbox can deploy: the registry's
// component, and what it watches and emits.
type Definition struct {
	Component pipedream.Component
	AppProp   string // the name of its app prop; "" for none
	// Kind is the provider change it watches (see Change); "" for timers.
	Kind string
	// Match returns the event a new provider item makes for a trigger
	// configured with props, or false when the props do not select it.
	Match func(props pipedream.ConfiguredProps, item map[string]any) (Event, bool)
	// Recent returns the account's newest items the props select, newest
	// first, for emit_on_deploy; nil emits nothing at deploy.
	Recent RecentFunc
	// Interval is a timer's interval from its props; nil for watchers.
	Interval func(props pipedream.ConfiguredProps) time.Duration
}

// RecentFunc reads the simulated provider's newest items of one kind.
type RecentFunc func(ctx context.Context, accountID string, props pipedream.ConfiguredProps) []map[string]any

// emitOnDeployItems is how many recent items emit_on_deploy emits.
const emitOnDeployItems = 10

// recent is what emit_on_deploy emits, oldest first so that the newest
// ends up first among the events.
func (d *Definition) recent(ctx context.Context, accountID string, props pipedream.ConfiguredProps, now time.Time) []Event {
	if d.Interval != nil {
		return []Event{tick(d.Interval(props), now)}
	}
	if d.Recent == nil || d.Match == nil {
		return nil
	}
	var out []Event
	for _, it := range d.Recent(ctx, accountID, props) {
		if ev, ok := d.Match(props, it); ok {
			out = append(out, ev)
			if len(out) == emitOnDeployItems {
				break
			}
		}
	}
	slices.Reverse(out)
	return out
}

// Keys of the sandbox's trigger components (components.Trigger*).
const (
	GitHubNewIssue        = "github-new-issue"
	SlackNewMessage       = "slack-new-message-in-channels"
	ScheduleEveryNSeconds = "schedule-every-n-seconds"
)

// Kinds of provider changes the triggers watch (provider.Kind*).
const (
	KindGitHubIssue  = "github.issue"
	KindSlackMessage = "slack.message"
)

// Definitions returns the sandbox's triggers: component looks each one's
// component up in the registry (a key it lacks is left out), and recent,
// by Kind, reads the provider for emit_on_deploy.
func Definitions(component func(key string) (pipedream.Component, bool), recent map[string]RecentFunc) map[string]*Definition {
	defs := []*Definition{
		{
			Component: pipedream.Component{Key: GitHubNewIssue}, AppProp: "github", Kind: KindGitHubIssue,
			Match: func(p pipedream.ConfiguredProps, it map[string]any) (Event, bool) {
				if itemString(it, "repo") != propString(p, "repo") || itemString(it, "state") == "closed" {
					return Event{}, false
				}
				return Event{Body: it, Summary: fmt.Sprintf("New issue #%v: %s", it["number"], itemString(it, "title"))}, true
			},
		},
		{
			Component: pipedream.Component{Key: SlackNewMessage}, AppProp: "slack", Kind: KindSlackMessage,
			Match: func(p pipedream.ConfiguredProps, it map[string]any) (Event, bool) {
				ch := itemString(it, "channel")
				if !slices.Contains(propStrings(p, "conversations"), ch) {
					return Event{}, false
				}
				return Event{Body: it, Summary: "New message: " + cutText(itemString(it, "text"), 80)}, true
			},
		},
		{
			Component: pipedream.Component{Key: ScheduleEveryNSeconds},
			Interval: func(p pipedream.ConfiguredProps) time.Duration {
				n, _ := propInt(p, "interval")
				if n <= 0 {
					n = 60
				}
				return time.Duration(n) * time.Second
			},
		},
	}
	out := map[string]*Definition{}
	for _, d := range defs {
		c, ok := component(d.Component.Key)
		if !ok {
			continue
		}
		d.Component = c
		if d.Kind != "" {
			d.Recent = recent[d.Kind]
		}
		out[c.Key] = d
	}
	return out
}

// cutText shortens s to n runes.
func cutText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func tick(every time.Duration, now time.Time) Event {
	return Event{
		Body:    map[string]any{"timestamp": now.Unix(), "interval_seconds": int64(every / time.Second)},
		Summary: "Timer fired at " + now.UTC().Format(time.RFC3339),
	}
}

// propString is a string prop's value, given bare or as a labeled value.
func propString(p pipedream.ConfiguredProps, name string) string {
	v, _ := p.Value(name)
	return asString(v)
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
	v, _ := p.Value(name)
	switch v := v.(type) {
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
