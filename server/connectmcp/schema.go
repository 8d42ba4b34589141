package connectmcp

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Inputs every action tool may take besides its props.
const (
	inputAccount        = "account"          // which account, when the user has several of the app
	inputDynamicPropsID = "dynamic_props_id" // from reload_props, for actions whose props change
)

// input is one input of a tool: its JSON Schema and how to check a value.
type input struct {
	name     string
	schema   map[string]any
	required bool
	prop     *pipedream.ConfigurableProp // nil for account and dynamic_props_id
}

// propInput is the input for prop, or false when prop is not a user input
// (an app, an alert, an interface, a hidden or disabled prop).
func propInput(action string, p pipedream.ConfigurableProp) (input, bool) {
	if p.Hidden || p.Disabled {
		return input{}, false
	}
	s := map[string]any{}
	switch p.Type {
	case pipedream.PropString:
		s["type"] = "string"
	case pipedream.PropInteger:
		s["type"] = "integer"
		if p.Min != nil {
			s["minimum"] = *p.Min
		}
		if p.Max != nil {
			s["maximum"] = *p.Max
		}
	case pipedream.PropBoolean:
		s["type"] = "boolean"
	case pipedream.PropStringArray:
		s["type"] = "array"
		s["items"] = map[string]any{"type": "string"}
	case pipedream.PropIntegerArray:
		s["type"] = "array"
		s["items"] = map[string]any{"type": "integer"}
	case pipedream.PropObject:
		s["type"] = "object"
	default:
		return input{}, false
	}
	if t := p.Label; t != "" {
		s["title"] = t
	}
	desc := p.Description
	if vals, labels := staticOptions(p.Options); len(vals) > 0 {
		if p.Type == pipedream.PropStringArray || p.Type == pipedream.PropIntegerArray {
			s["items"].(map[string]any)["enum"] = vals
		} else {
			s["enum"] = vals
		}
		if len(labels) > 0 {
			desc = join(desc, "Options: "+strings.Join(labels, "; ")+".")
		}
	}
	if p.RemoteOptions {
		how := fmt.Sprintf("To list the choices, call configure_prop with action %q and prop %q (and the inputs chosen so far)", action, p.Name)
		if p.UseQuery {
			how += "; pass query to search"
		}
		desc = join(desc, how+"; pages: pass page and the context of the previous answer.")
	}
	if p.ReloadProps {
		desc = join(desc, fmt.Sprintf("Other inputs depend on this one: once it is chosen, call reload_props with action %q to learn them.", action))
	}
	if p.Secret {
		desc = join(desc, "Secret.")
	}
	if desc != "" {
		s["description"] = desc
	}
	if p.Default != nil {
		s["default"] = p.Default
	}
	return input{name: p.Name, schema: s, required: !p.Optional && p.Default == nil, prop: &p}, true
}

// staticOptions are the values of a prop's options, and "label (value)"
// for those whose label differs from the value.
func staticOptions(opts []pipedream.PropOption) (vals []any, labels []string) {
	for _, o := range opts {
		vals = append(vals, o.Value)
		if l := fmt.Sprint(o.Value); o.Label != "" && o.Label != l {
			labels = append(labels, fmt.Sprintf("%s (%s)", o.Label, l))
		}
	}
	return vals, labels
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	if !strings.HasSuffix(a, ".") {
		a += "."
	}
	return a + " " + b
}

// objectSchema is the input schema of a tool with ins; open when inputs
// other than ins may come (dynamic props).
func objectSchema(ins []input, open bool) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, in := range ins {
		props[in.name] = in.schema
		if in.required {
			required = append(required, in.name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	if !open {
		s["additionalProperties"] = false
	}
	return s
}

// check checks the arguments of a call against ins, in words a model can
// act on. Unknown arguments are refused unless open.
func check(args map[string]json.RawMessage, ins []input, open bool) error {
	var problems []string
	known := map[string]bool{}
	for _, in := range ins {
		known[in.name] = true
		raw, ok := args[in.name]
		if !ok || string(raw) == "null" {
			if in.required {
				problems = append(problems, in.name+" is required")
			}
			continue
		}
		if p := checkValue(in.schema, raw); p != "" {
			problems = append(problems, in.name+" "+p)
		}
	}
	if !open {
		var extra []string
		for name := range args {
			if !known[name] {
				extra = append(extra, name)
			}
		}
		slices.Sort(extra)
		for _, name := range extra {
			problems = append(problems, name+" is not an input of this tool")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// checkValue is what is wrong with raw under schema s, or "".
func checkValue(s map[string]any, raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "is not JSON"
	}
	typ, _ := s["type"].(string)
	switch typ {
	case "string":
		if _, ok := v.(string); !ok {
			return "must be a string"
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return "must be true or false"
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return "must be an object"
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			return "must be a whole number"
		}
		if m, ok := number(s["minimum"]); ok && f < m {
			return fmt.Sprintf("must be at least %v", m)
		}
		if m, ok := number(s["maximum"]); ok && f > m {
			return fmt.Sprintf("must be at most %v", m)
		}
	case "array":
		items, ok := v.([]any)
		if !ok {
			return "must be an array"
		}
		is, _ := s["items"].(map[string]any)
		for i, it := range items {
			b, _ := json.Marshal(it)
			if p := checkValue(is, b); p != "" {
				return fmt.Sprintf("item %d %s", i+1, p)
			}
		}
		return ""
	}
	if enum, ok := s["enum"].([]any); ok && !inEnum(enum, v) {
		return "must be one of the listed options"
	}
	return ""
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		eb, _ := json.Marshal(e)
		vb, _ := json.Marshal(v)
		if string(eb) == string(vb) {
			return true
		}
	}
	return false
}

// number is v as a float64, for the numbers a schema holds.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}
