package connectui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pdconnect/pdconnect/internal/incomparable"
	"github.com/pdconnect/pdconnect/server/connectapi"
)

// field is one prop of a [ComponentForm] and what the user put in it.
type field struct {
	prop  connectapi.ConfigurableProp
	shown bool // an optional prop the user added; required props always show

	text    string   // string and integer inputs
	rows    []string // string[] rows
	pairs   []pair   // object rows
	on      bool     // boolean
	account string   // app: the chosen account's id
	picked  bool     // app: the user chose the account (or none); no longer chosen for them
	choice  *option  // the chosen option of a prop with options
	picks   []option // the chosen options of a string[] prop with options

	err    string // why the value is refused, shown at the prop
	remote remote // remote options
}

// pair is one key/value row of an object prop.
type pair struct {
	Key, Value string
	_          incomparable.Marker
}

// option is one choice of a prop with options: the API's own type, which
// links no second copy of its code.
type option = connectapi.PropOption

// input reports whether the prop is something a person fills in.
func (f *field) input() bool {
	if f.prop.Hidden || f.prop.ReadOnly {
		return false
	}
	switch f.prop.Type {
	case connectapi.PropApp, connectapi.PropString, connectapi.PropStringArray,
		connectapi.PropInteger, connectapi.PropBoolean, connectapi.PropObject:
		return true
	}
	return false
}

// visible reports whether the field shows: an input that is required or
// was added, or an alert.
func (f *field) visible() bool {
	if f.prop.Type == connectapi.PropAlert {
		return !f.prop.Hidden
	}
	return f.input() && (!f.prop.Optional || f.shown)
}

// label is the prop's name for people.
func (f *field) label() string {
	if f.prop.Label != "" {
		return f.prop.Label
	}
	return f.prop.Name
}

// hasOptions reports whether the value is chosen among options.
func (f *field) hasOptions() bool { return f.prop.RemoteOptions || len(f.prop.Options) > 0 }

// value is the prop's configured value, and whether it has one.
func (f *field) value() (any, bool) {
	p := &f.prop
	switch {
	case p.Type == connectapi.PropApp:
		if f.account == "" {
			return nil, false
		}
		return connectapi.AppValue{AuthProvisionID: f.account}, true
	case p.Type == connectapi.PropStringArray && f.hasOptions():
		if len(f.picks) == 0 {
			return nil, false
		}
		vs := make([]any, len(f.picks))
		for i, o := range f.picks {
			vs[i] = f.wire(o)
		}
		return vs, true
	case f.hasOptions():
		if f.choice == nil {
			return nil, false
		}
		return f.wire(*f.choice), true
	}
	switch p.Type {
	case connectapi.PropString:
		return f.text, f.text != ""
	case connectapi.PropInteger:
		s := strings.TrimSpace(f.text)
		if s == "" {
			return nil, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return s, true // refused by validate
		}
		return n, true
	case connectapi.PropBoolean:
		return f.on, true
	case connectapi.PropStringArray:
		var vs []string
		for _, r := range f.rows {
			if r = strings.TrimSpace(r); r != "" {
				vs = append(vs, r)
			}
		}
		return vs, len(vs) > 0
	case connectapi.PropObject:
		m := map[string]any{}
		for _, kv := range f.pairs {
			if k := strings.TrimSpace(kv.Key); k != "" {
				m[k] = kv.Value
			}
		}
		return m, len(m) > 0
	}
	return nil, false
}

// wire is how a chosen option travels: its value, or {__lv: {label,
// value}} when the prop wants the label too.
func (f *field) wire(o option) any {
	if f.prop.WithLabel {
		return connectapi.LabeledValue{LV: o}
	}
	return o.Value
}

// validate checks the value as the service does and sets f.err.
func (f *field) validate() {
	f.err = f.check()
}

func (f *field) check() string {
	if !f.visible() || f.prop.Type == connectapi.PropAlert {
		return ""
	}
	label := f.label()
	v, set := f.value()
	if !set {
		verb := "Enter "
		switch {
		case f.prop.Optional:
			return ""
		case f.prop.Type == connectapi.PropApp:
			return "Choose an account."
		case f.hasOptions():
			verb = "Choose "
		}
		return verb + lower(label) + "."
	}
	switch f.prop.Type {
	case connectapi.PropInteger:
		n, ok := v.(int64)
		if !ok {
			return label + " must be a whole number."
		}
		lo, hi := f.prop.Min, f.prop.Max
		rule := ""
		switch {
		case lo != nil && hi != nil && (n < *lo || n > *hi):
			rule = "between " + strconv.FormatInt(*lo, 10) + " and " + strconv.FormatInt(*hi, 10)
		case lo != nil && n < *lo:
			rule = "at least " + strconv.FormatInt(*lo, 10)
		case hi != nil && n > *hi:
			rule = "at most " + strconv.FormatInt(*hi, 10)
		}
		if rule != "" {
			return label + " must be " + rule + "."
		}
	case connectapi.PropObject:
		for _, kv := range f.pairs {
			if strings.TrimSpace(kv.Key) == "" && kv.Value != "" {
				return "Each entry of " + lower(label) + " needs a key."
			}
		}
	}
	return ""
}

// lower lowercases a label's first letter for the middle of a sentence,
// unless it looks like an acronym ("URL").
func lower(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// clear forgets the value (and, for remote options, the options).
func (f *field) clear() {
	f.text, f.rows, f.pairs, f.on, f.account, f.choice, f.picks, f.err = "", nil, nil, false, "", nil, nil, ""
	f.remote.reset()
}

// set puts a configured value (an initial value, a default) in the field.
func (f *field) set(v any) {
	t := f.prop.Type
	switch {
	case t == connectapi.PropApp:
		f.account, _ = connectapi.ConfiguredProps{"v": v}.AccountID("v")
	case t == connectapi.PropBoolean:
		f.on, _ = v.(bool)
	case f.hasOptions() && t == connectapi.PropStringArray:
		vs, _ := v.([]any)
		for _, x := range vs {
			f.picks = append(f.picks, f.optionFor(x))
		}
	case f.hasOptions():
		o := f.optionFor(v)
		f.choice = &o
	case t == connectapi.PropString:
		f.text = fmt.Sprint(v)
	case t == connectapi.PropInteger:
		if n, ok := v.(float64); ok {
			v = int64(n) // decoded JSON
		}
		switch v.(type) {
		case int64, int, string:
			f.text = fmt.Sprint(v)
		}
	case t == connectapi.PropStringArray:
		switch vs := v.(type) {
		case []any:
			for _, x := range vs {
				f.rows = append(f.rows, fmt.Sprint(x))
			}
		case []string:
			f.rows = append([]string(nil), vs...)
		}
	case t == connectapi.PropObject:
		if m, ok := v.(map[string]any); ok {
			for _, k := range sortedKeys(m) {
				f.pairs = append(f.pairs, pair{Key: k, Value: fmt.Sprint(m[k])})
			}
		}
	}
}

// optionFor is the option of a value: a static option's label when it is
// one, {__lv} as it came, else the value itself.
func (f *field) optionFor(v any) option {
	if lv, ok := v.(connectapi.LabeledValue); ok {
		return lv.LV
	}
	if m, ok := v.(map[string]any); ok {
		if lv, ok := m["__lv"].(map[string]any); ok {
			return option{Label: fmt.Sprint(lv["label"]), Value: lv["value"]}
		}
	}
	// The static options, then the remote ones (a full slice: no append into the prop).
	n := len(f.prop.Options)
	for _, o := range append(f.prop.Options[:n:n], f.remote.options...) {
		if sameValue(o.Value, v) {
			return o
		}
	}
	return option{Label: fmt.Sprint(v), Value: v}
}

// applyDefault puts the prop's default in an empty field.
func (f *field) applyDefault() {
	if f.prop.Default != nil {
		f.set(f.prop.Default)
	}
}
