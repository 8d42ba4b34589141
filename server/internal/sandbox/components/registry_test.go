package components

import (
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestDefinitionsAreComplete checks what a form relies on: every remote
// prop has options, every reloadProps component reloads, every action
// runs, and static options and defaults pass the props' own checks.
func TestDefinitionsAreComplete(t *testing.T) {
	r := New(provider.New(func() time.Time { return time.Unix(0, 0) }, nil))
	for _, d := range r.List(Filter{}) {
		if d.Key == "" || d.Name == "" || d.Version == "" || d.Description == "" {
			t.Errorf("%s: incomplete %+v", d.Key, d.Component)
		}
		if d.ComponentType == pipedream.ComponentAction && d.Run == nil {
			t.Errorf("%s: an action that does not run", d.Key)
		}
		reloads := false
		for _, p := range d.ConfigurableProps {
			reloads = reloads || p.ReloadProps
			if p.RemoteOptions && d.Options[p.Name] == nil {
				t.Errorf("%s: prop %s has remote options but no options func", d.Key, p.Name)
			}
			if p.Type == pipedream.PropAlert && p.Content == "" {
				t.Errorf("%s: alert %s has no content", d.Key, p.Name)
			}
			for _, o := range p.Options {
				if o.Label == "" {
					t.Errorf("%s: option of %s without a label", d.Key, p.Name)
				}
				if p.Type == pipedream.PropString {
					if _, err := checkValue(p, o.Value); err != nil {
						t.Errorf("%s: option %v of %s fails its own check: %v", d.Key, o.Value, p.Name, err)
					}
				}
			}
		}
		if reloads != (d.Reload != nil) {
			t.Errorf("%s: a reloadProps prop and a Reload func must come together", d.Key)
		}
	}
	if _, ok := r.Get("slack-send-message"); !ok {
		t.Error("no slack-send-message")
	}
}

func TestPageOptions(t *testing.T) {
	all := make([]pipedream.PropOption, 120)
	for i := range all {
		all[i] = pipedream.PropOption{Label: string(rune('a'+i%26)) + "x", Value: i}
	}
	c := &Call{}
	p0 := pageOptions(c, all, 50)
	c.Page, c.Prev = 1, p0.Context
	p1 := pageOptions(c, all, 50)
	c.Page, c.Prev = 2, p1.Context
	p2 := pageOptions(c, all, 50)
	if len(p0.Options) != 50 || len(p1.Options) != 50 || len(p2.Options) != 20 || p2.Context != nil || p1.Options[0].Value != 50 {
		t.Errorf("pages: %d %d %d, context %v", len(p0.Options), len(p1.Options), len(p2.Options), p2.Context)
	}
	c = &Call{Query: "AX"}
	if q := pageOptions(c, all, 50); len(q.Options) != 5 {
		t.Errorf("query: %d options", len(q.Options))
	}
}
