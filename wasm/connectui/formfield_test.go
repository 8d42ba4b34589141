package connectui

import (
	"reflect"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestFieldValues: each prop type's value as the API takes it, from what
// a person put in, and what the service would refuse.
func TestFieldValues(t *testing.T) {
	opts := []pipedream.PropOption{{Label: "Plain", Value: "plain"}, {Label: "Markdown", Value: "mrkdwn"}}
	for _, c := range []struct {
		name string
		f    field
		want any    // nil: no value
		err  string // the validation error
	}{
		{"app", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropApp, App: "slack"}, account: "apn_1"}, pipedream.AppValue{AuthProvisionID: "apn_1"}, ""},
		{"app unset", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropApp, App: "slack"}}, nil, "Choose an account."},
		{"string", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Label: "Text"}, text: "hi"}, "hi", ""},
		{"string unset", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Label: "Text"}}, nil, "Enter text."},
		{"optional string unset", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Optional: true}, shown: true}, nil, ""},
		{"secret", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Secret: true}, text: "s3cret"}, "s3cret", ""},
		{"integer", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropInteger, Label: "Limit", Min: pipedream.Int64(1), Max: pipedream.Int64(200)}, text: " 20 "}, int64(20), ""},
		{"integer too big", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropInteger, Label: "Limit", Min: pipedream.Int64(1), Max: pipedream.Int64(200)}, text: "201"}, int64(201), "Limit must be between 1 and 200."},
		{"integer too small", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropInteger, Label: "Limit", Min: pipedream.Int64(1)}, text: "0"}, int64(0), "Limit must be at least 1."},
		{"integer not one", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropInteger, Label: "Limit"}, text: "2.5"}, "2.5", "Limit must be a whole number."},
		{"boolean", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropBoolean}, on: true}, true, ""},
		{"boolean off", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropBoolean}}, false, ""},
		{"string[] rows", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropStringArray, Label: "Labels"}, rows: []string{"bug", " ", "ui "}}, []string{"bug", "ui"}, ""},
		{"string[] empty", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropStringArray, Label: "Labels"}, rows: []string{" "}}, nil, "Enter labels."},
		{"string[] options", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropStringArray, Options: opts}, picks: []option{{Label: "Markdown", Value: "mrkdwn"}}}, []any{"mrkdwn"}, ""},
		{"object", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropObject, Label: "Headers"}, pairs: []pair{{Key: "a", Value: "1"}, {Key: " "}}}, map[string]any{"a": "1"}, ""},
		{"object without a key", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropObject, Label: "Headers"}, pairs: []pair{{Key: "a", Value: "1"}, {Value: "2"}}}, map[string]any{"a": "1"}, "Each entry of headers needs a key."},
		{"static options", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Label: "Mode", Options: opts}, choice: &option{Label: "Plain", Value: "plain"}}, "plain", ""},
		{"static options unset", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, Label: "Mode", Options: opts}}, nil, "Choose mode."},
		{"remote with label", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropString, RemoteOptions: true, WithLabel: true}, choice: &option{Label: "#general", Value: "C1"}},
			pipedream.LabeledValue{LV: pipedream.PropOption{Label: "#general", Value: "C1"}}, ""},
		{"alert", field{prop: pipedream.ConfigurableProp{Type: pipedream.PropAlert, Content: "Heads up"}}, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, ok := c.f.value()
			if ok != (c.want != nil) || (ok && !reflect.DeepEqual(v, c.want)) {
				t.Errorf("value() = %#v, %v; want %#v", v, ok, c.want)
			}
			if c.f.validate(); c.f.err != c.err {
				t.Errorf("error %q, want %q", c.f.err, c.err)
			}
		})
	}
}

// TestFieldSetTakesConfiguredValues: initial values and defaults fill each
// control as a person would have.
func TestFieldSetTakesConfiguredValues(t *testing.T) {
	opts := []pipedream.PropOption{{Label: "Plain", Value: "plain"}}
	for _, c := range []struct {
		name string
		prop pipedream.ConfigurableProp
		in   any
	}{
		{"app", pipedream.ConfigurableProp{Type: pipedream.PropApp}, pipedream.AppValue{AuthProvisionID: "apn_1"}},
		{"string", pipedream.ConfigurableProp{Type: pipedream.PropString}, "hi"},
		{"integer from JSON", pipedream.ConfigurableProp{Type: pipedream.PropInteger}, float64(7)},
		{"boolean", pipedream.ConfigurableProp{Type: pipedream.PropBoolean}, true},
		{"string[]", pipedream.ConfigurableProp{Type: pipedream.PropStringArray}, []any{"a", "b"}},
		{"object", pipedream.ConfigurableProp{Type: pipedream.PropObject}, map[string]any{"k": "v"}},
		{"static option", pipedream.ConfigurableProp{Type: pipedream.PropString, Options: opts}, "plain"},
		{"labelled", pipedream.ConfigurableProp{Type: pipedream.PropString, RemoteOptions: true}, map[string]any{"__lv": map[string]any{"label": "#general", "value": "C1"}}},
	} {
		f := &field{prop: c.prop}
		f.set(c.in)
		v, ok := f.value()
		want := c.in
		switch c.name {
		case "integer from JSON":
			want = int64(7)
		case "labelled":
			want = "C1"
			if f.choice == nil || f.choice.Label != "#general" {
				t.Errorf("%s: choice %+v, want #general", c.name, f.choice)
			}
		case "string[]":
			want = []string{"a", "b"}
		}
		if !ok || !reflect.DeepEqual(v, want) {
			t.Errorf("%s: set(%#v) then value() = %#v, %v; want %#v", c.name, c.in, v, ok, want)
		}
	}
}
