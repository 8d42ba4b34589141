package connectui

import (
	"encoding/json"
	"fmt"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

// remote is the state of a prop's remote options: the pages loaded for
// one query, and the request in flight.
type remote struct {
	options []option
	context map[string]any // the last page's context: the next page's prev_context
	page    int            // pages loaded
	query   string         // the query the options answer
	more    bool           // another page may come
	loading bool
	seq     int    // requests started; only the latest one's answer lands
	err     string // why the options could not be loaded
	loaded  bool   // a first page came

	open   bool // the listbox shows
	active int  // the highlighted option, -1 for none
}

// reset forgets the options.
func (r *remote) reset() {
	seq := r.seq + 1 // answers already in flight are stale
	*r = remote{seq: seq, active: -1}
}

// optionsOf reads a configureProp answer's options: {label, value},
// {__lv: {label, value}} or bare values, then stringOptions.
func optionsOf(res connectapi.ConfigurePropResult) []option {
	out := make([]option, 0, len(res.Options)+len(res.StringOptions))
	out = append(out, res.Options...)
	for _, s := range res.StringOptions {
		out = append(out, option{Label: s, Value: s})
	}
	return out
}

// formState is a component's fields and what the form knows about them.
type formState struct {
	fields    []*field
	dynamicID string // the reloaded props' id, sent with later calls
}

// newFormState makes the fields of props, limited to names (and the app
// props) when names is not empty, filled with values, then defaults.
func newFormState(props []connectapi.ConfigurableProp, names []string, values map[string]any) *formState {
	s := &formState{}
	for _, p := range props {
		if len(names) > 0 && p.Type != connectapi.PropApp {
			i := 0
			for i < len(names) && names[i] != p.Name { // not slices.Contains: an instance no other part of a page links
				i++
			}
			if i == len(names) {
				continue
			}
		}
		f := &field{prop: p}
		f.remote.active = -1
		if v, ok := values[p.Name]; ok {
			f.set(v)
			f.shown = true
		} else {
			f.applyDefault()
		}
		s.fields = append(s.fields, f)
	}
	return s
}

// byName returns the field of a prop, or nil.
func (s *formState) byName(name string) *field {
	for _, f := range s.fields {
		if f.prop.Name == name {
			return f
		}
	}
	return nil
}

// index is a field's position, -1 when it is not in the form.
// A loop, not slices.Index: each generic instance costs the wasm 0.4 KB.
func (s *formState) index(f *field) int {
	for i, g := range s.fields {
		if g == f {
			return i
		}
	}
	return -1
}

// configured is the configured props: every visible field with a value,
// and fields before upTo only when upTo >= 0.
func (s *formState) configured(upTo int) connectapi.ConfiguredProps {
	out := connectapi.ConfiguredProps{}
	for i, f := range s.fields {
		if upTo >= 0 && i >= upTo {
			break
		}
		if !f.visible() {
			continue
		}
		if v, ok := f.value(); ok {
			out[f.prop.Name] = v
		}
	}
	return out
}

// chosen are the options picked in the visible fields, by prop name.
func (s *formState) chosen() map[string][]connectapi.PropOption {
	out := map[string][]connectapi.PropOption{}
	for _, f := range s.fields {
		if !f.visible() {
			continue
		}
		picks := f.picks
		if f.choice != nil {
			picks = append(picks, *f.choice)
		}
		if len(picks) > 0 {
			out[f.prop.Name] = append(out[f.prop.Name], picks...)
		}
	}
	return out
}

// waitingFor says why a remote-options prop is disabled: "Choose an
// account first.", or "" when it is not. Its options wait for the props
// before it that must be set: the visible, required inputs.
func (s *formState) waitingFor(f *field) string {
	if !f.prop.RemoteOptions {
		return ""
	}
	for _, b := range s.fields[:s.index(f)] {
		if !b.visible() || b.prop.Optional || b.prop.Type == connectapi.PropAlert {
			continue
		}
		if _, ok := b.value(); ok {
			continue
		}
		switch {
		case b.prop.Type == connectapi.PropApp:
			return "Choose an account first."
		case b.hasOptions():
			return "Choose " + lower(b.label()) + " first."
		}
		return "Enter " + lower(b.label()) + " first."
	}
	return ""
}

// changed clears the remote options, and the values chosen among them, of
// the props after f, which were computed from f's old value; it returns
// the fields to fetch again (those that had options loaded).
func (s *formState) changed(f *field) []*field {
	var again []*field
	for _, g := range s.fields[s.index(f)+1:] {
		if !g.prop.RemoteOptions {
			continue
		}
		had := g.remote.loaded || g.remote.open
		g.choice, g.picks, g.err = nil, nil, ""
		g.remote.reset()
		if had {
			again = append(again, g)
		}
	}
	return again
}

// reloaded replaces the props after f with those a reloadProps answer
// gave: the answer may list every prop or only the dynamic ones, so the
// props up to f stay and the answer's others follow. Values the user
// already gave to props that remain are kept: their old fields stay, with
// the props as the answer gives them. (The answer's fields are made as a
// new component's, and the old ones looked up by a loop: one way to make a
// field, and no map of them, whose types cost the wasm.)
func (s *formState) reloaded(f *field, dp connectapi.DynamicProps) {
	i := s.index(f)
	if i < 0 {
		return
	}
	keep, old := s.fields[:i+1], s.fields[i+1:]
	fields := append([]*field(nil), keep...) // not slices.Clone: an instance no other part of a page links
next:
	for _, g := range newFormState(dp.ConfigurableProps, nil, nil).fields {
		for _, k := range keep {
			if k.prop.Name == g.prop.Name {
				continue next // one of the props up to f
			}
		}
		for _, o := range old {
			if o.prop.Name == g.prop.Name && o.prop.Type == g.prop.Type {
				o.prop, g = g.prop, o
				break
			}
		}
		fields = append(fields, g)
	}
	s.fields = fields
	s.dynamicID = dp.ID
}

// validate checks every field; it returns the first one refused, or nil.
func (s *formState) validate() *field {
	var first *field
	for _, f := range s.fields {
		f.validate()
		if f.err != "" && first == nil {
			first = f
		}
	}
	return first
}

// optional are the optional inputs not added yet.
func (s *formState) optional() []*field {
	var out []*field
	for _, f := range s.fields {
		if f.input() && f.prop.Optional && !f.shown {
			out = append(out, f)
		}
	}
	return out
}

// sortedKeys are m's keys in order. An insertion sort: m is an action's
// exports or an object's entries, a few keys, and sort.Strings would link
// the generic pdqsort for strings, 21 KB that app.wasm has no other use for.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		i := len(keys)
		keys = append(keys, k)
		for ; i > 0 && keys[i-1] > k; i-- {
			keys[i] = keys[i-1]
		}
		keys[i] = k
	}
	return keys
}

// describeValue renders an export or a return value for people: strings
// as they are, the rest as indented JSON.
func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return indentJSON(b)
}

// describeRaw renders a JSON value for people, indented.
func describeRaw(b json.RawMessage) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	return describeValue(v)
}

// indentJSON indents compact JSON (json.Marshal's) by two spaces a level,
// as json.MarshalIndent does; unlike it, it adds no code to the wasm
// beyond this loop (json.Indent's scanner costs the form 6 KB). Outside
// strings, a line breaks before a closing bracket and after an opening one
// or a comma; an empty object or list stays on its line.
func indentJSON(b []byte) string {
	out := make([]byte, 0, len(b)+len(b)/2)
	depth, inString, escaped, brk := 0, false, false, false
	for i, c := range b {
		after, opens := false, false // a line break after c; c opens a level
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped, inString = c == '\\', c != '"'
		case c == '"':
			inString = true
		case (c == '{' || c == '[') && (i+1 == len(b) || b[i+1] != c+2): // c+2: its closing bracket, in ASCII
			after, opens = true, true
		case (c == '}' || c == ']') && i > 0 && b[i-1] != c-2:
			depth, brk = depth-1, true
		case c == ',':
			after = true
		}
		if brk {
			out = append(out, '\n')
			for range depth {
				out = append(out, ' ', ' ')
			}
		}
		if opens {
			depth++
		}
		out = append(out, c)
		if c == ':' && !inString {
			out = append(out, ' ')
		}
		brk = after
	}
	return string(out)
}
