package connectapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// ComponentType says whether a component is an action or a trigger.
type ComponentType string

// The component types of the components API.
const (
	ComponentAction  ComponentType = "action"
	ComponentTrigger ComponentType = "trigger"
)

// Registries a component list may be drawn from.
const (
	RegistryPublic  = "public"
	RegistryPrivate = "private"
	RegistryAll     = "all"
)

// Component is an action or a trigger: what it needs configured
// (ConfigurableProps) and how it behaves (Annotations). The same type
// describes actions and triggers.
type Component struct {
	Key               string             `json:"key"`
	Name              string             `json:"name"`
	Version           string             `json:"version"`
	Description       string             `json:"description,omitempty"`
	ComponentType     ComponentType      `json:"component_type,omitempty"`
	ConfigurableProps []ConfigurableProp `json:"configurable_props"`
	Stash             StashMode          `json:"stash,omitempty"`
	Annotations       *Annotations       `json:"annotations,omitempty"`
}

// Prop returns the configurable prop called name, or false.
func (c Component) Prop(name string) (ConfigurableProp, bool) {
	for _, p := range c.ConfigurableProps {
		if p.Name == name {
			return p, true
		}
	}
	return ConfigurableProp{}, false
}

// StashMode says whether running a component needs a File Stash.
type StashMode string

// Stash modes.
const (
	StashOptional StashMode = "optional"
	StashRequired StashMode = "required"
)

// Annotations describe how a component behaves, as MCP's tool
// annotations do.
type Annotations struct {
	DestructiveHint *bool  `json:"destructiveHint,omitempty"` // may destroy or overwrite data
	IdempotentHint  *bool  `json:"idempotentHint,omitempty"`  // repeating a call has no further effect
	OpenWorldHint   *bool  `json:"openWorldHint,omitempty"`   // reaches entities outside its own domain
	ReadOnlyHint    *bool  `json:"readOnlyHint,omitempty"`    // changes nothing
	Title           string `json:"title,omitempty"`
}

// ComponentList is one page of components.
type ComponentList struct {
	Data     []Component `json:"data"`
	PageInfo PageInfo    `json:"page_info"`
}

// PropType is a configurable prop's type, which decides how a form shows
// it and what its value looks like.
type PropType string

// The prop types of the components API. The first group are inputs a
// person fills in; the $.interface and $.service types (used by triggers),
// alert, dir and data_store are not values anyone types.
const (
	PropApp          PropType = "app"      // value: {"authProvisionId": "apn_..."}; see AppValue
	PropString       PropType = "string"   // value: a string
	PropStringArray  PropType = "string[]" // value: a list of strings
	PropInteger      PropType = "integer"  // value: a whole number within Min..Max
	PropIntegerArray PropType = "integer[]"
	PropBoolean      PropType = "boolean"
	PropObject       PropType = "object" // value: a JSON object
	PropAny          PropType = "any"
	PropSQL          PropType = "sql"
	PropHTTPRequest  PropType = "http_request"

	PropAlert     PropType = "alert" // a notice shown in the form (AlertType, Content); no value
	PropDir       PropType = "dir"
	PropDataStore PropType = "data_store"

	PropTimer   PropType = "$.interface.timer"   // triggers: a schedule
	PropHTTP    PropType = "$.interface.http"    // triggers: an HTTP endpoint
	PropApphook PropType = "$.interface.apphook" // triggers: events from an app
	PropDB      PropType = "$.service.db"        // triggers: the component's state

	PropAirtableBaseID      PropType = "$.airtable.baseId"
	PropAirtableTableID     PropType = "$.airtable.tableId"
	PropAirtableViewID      PropType = "$.airtable.viewId"
	PropAirtableFieldID     PropType = "$.airtable.fieldId"
	PropDiscordChannel      PropType = "$.discord.channel"
	PropDiscordChannelArray PropType = "$.discord.channel[]"
)

// IsInput reports whether a person gives props of this type a value
// (false for alerts, interfaces, services, dirs and data stores).
func (t PropType) IsInput() bool {
	switch t {
	case PropAlert, PropDir, PropDataStore, PropTimer, PropHTTP, PropApphook, PropDB:
		return false
	}
	return true
}

// AlertType is the severity of an alert prop.
type AlertType string

// Alert severities.
const (
	AlertInfo    AlertType = "info"
	AlertNeutral AlertType = "neutral"
	AlertWarning AlertType = "warning"
	AlertError   AlertType = "error"
)

// ConfigurableProp is one input of a component, camelCase on the wire as
// the service sends it. The service's own type is a union by Type; this
// struct holds the fields of every member, so the ones that do not apply
// to Type are zero.
type ConfigurableProp struct {
	Name        string   `json:"name"` // the key of its value in ConfiguredProps
	Type        PropType `json:"type"`
	Label       string   `json:"label,omitempty"`
	Description string   `json:"description,omitempty"`
	Optional    bool     `json:"optional,omitempty"`
	Disabled    bool     `json:"disabled,omitempty"`
	ReadOnly    bool     `json:"readOnly,omitempty"`
	Hidden      bool     `json:"hidden,omitempty"`
	// RemoteOptions: the options come from a configure-prop call, computed from
	// the props before this one.
	RemoteOptions bool `json:"remoteOptions,omitempty"`
	// UseQuery: a configure-prop call filters the remote options by a query.
	UseQuery bool `json:"useQuery,omitempty"`
	// ReloadProps: once this prop has a value, a reload-props call returns the
	// props that follow it.
	ReloadProps bool `json:"reloadProps,omitempty"`
	// WithLabel: the value must be sent as a LabeledValue.
	WithLabel bool `json:"withLabel,omitempty"`

	App     string       `json:"app,omitempty"`     // PropApp: the app's name slug
	Secret  bool         `json:"secret,omitempty"`  // PropString: hide what is typed
	Format  string       `json:"format,omitempty"`  // PropString: "file-ref" for a file path or URL
	Default any          `json:"default,omitempty"` // the value used when none is given
	Options []PropOption `json:"options,omitempty"` // static choices; the value must be one of them
	Min     *int64       `json:"min,omitempty"`     // PropInteger: smallest allowed value
	Max     *int64       `json:"max,omitempty"`     // PropInteger: largest allowed value

	AlertType AlertType `json:"alertType,omitempty"` // PropAlert
	Content   string    `json:"content,omitempty"`   // PropAlert: plain text or HTML

	// Trigger and app-specific props.
	AppProp        string          `json:"appProp,omitempty"`        // the app prop this one depends on
	BaseIDProp     string          `json:"baseIdProp,omitempty"`     // PropAirtableTableID
	TableIDProp    string          `json:"tableIdProp,omitempty"`    // PropAirtableViewID, PropAirtableFieldID
	EventNames     []string        `json:"eventNames,omitempty"`     // PropApphook
	Remote         bool            `json:"remote,omitempty"`         // PropApphook
	Static         json.RawMessage `json:"static,omitempty"`         // PropApphook (list), PropTimer ({intervalSeconds} or {cron})
	CustomResponse bool            `json:"customResponse,omitempty"` // PropHTTP
	AccessMode     string          `json:"accessMode,omitempty"`     // PropDir: read, write, read-write
	Sync           bool            `json:"sync,omitempty"`           // PropDir
}

// Int64 returns a pointer to n, for ConfigurableProp.Min and Max.
func Int64(n int64) *int64 { return &n }

// PropOption is one choice for a prop's value. The service sends options
// in three shapes, all accepted when decoding: {"label", "value"},
// {"__lv": {"label", "value"}}, and a bare value (whose label is then the
// value itself). It is always encoded as {"label", "value"}.
type PropOption struct {
	Label string `json:"label"`
	Value any    `json:"value"`
}

// UnmarshalJSON accepts the three option shapes. It decodes b once, into
// an any, and reads the shape from that: a browser bundle links no decoding
// structs or raw-message maps for it.
func (o *PropOption) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("option: %w", err)
	}
	m, _ := v.(map[string]any)
	lv, wrapped := m["__lv"]
	if wrapped {
		if m, _ = lv.(map[string]any); m == nil && lv != nil {
			return errors.New("option __lv: not an object")
		}
	}
	if l, labeled := m["label"]; wrapped || labeled {
		label, ok := l.(string)
		if !ok && l != nil {
			return errors.New("option label: not a string")
		}
		*o = PropOption{Label: label, Value: m["value"]}
		return nil
	}
	*o = PropOption{Value: v}
	switch v.(type) {
	case string, float64, bool:
		o.Label = fmt.Sprint(v)
	default:
		o.Label = string(b)
	}
	return nil
}

// LabeledValue is a prop value kept with its option's label, as a
// WithLabel prop requires and as a remote option may be stored:
// {"__lv": {"label", "value"}}.
type LabeledValue struct {
	LV PropOption `json:"__lv"`
}

// AppValue is an app prop's value: the connected account to act with.
type AppValue struct {
	AuthProvisionID string `json:"authProvisionId"` // the account id, apn_...
}

// ConfiguredProps maps prop names to values: strings, numbers, booleans,
// lists, objects, an AppValue for an app prop, or a LabeledValue.
type ConfiguredProps map[string]any

// SetApp sets the app prop name to the account accountID and returns p,
// making p first when it is nil.
func (p ConfiguredProps) SetApp(name, accountID string) ConfiguredProps {
	if p == nil {
		p = ConfiguredProps{}
	}
	p[name] = AppValue{AuthProvisionID: accountID}
	return p
}

// AccountID returns the account id of the app prop name, whether it holds
// an AppValue or the same decoded from JSON.
func (p ConfiguredProps) AccountID(name string) (string, bool) {
	switch v := p[name].(type) {
	case AppValue:
		return v.AuthProvisionID, v.AuthProvisionID != ""
	case *AppValue:
		if v != nil {
			return v.AuthProvisionID, v.AuthProvisionID != ""
		}
	case map[string]any:
		id, ok := v["authProvisionId"].(string)
		return id, ok && id != ""
	}
	return "", false
}

// Value returns the value of prop name with its labels taken off: a
// LabeledValue (encoded or decoded from JSON) unwrapped to its value; a
// list kept with its labels as connect-react keeps a multi-select's,
// {"__lv": [{"label", "value"}, ...]}, or a list of labeled values, to
// the list of values.
func (p ConfiguredProps) Value(name string) (any, bool) {
	v, ok := p[name]
	if !ok {
		return nil, false
	}
	return unlabel(v), true
}

// unlabel is v without its labels (see ConfiguredProps.Value).
func unlabel(v any) any {
	switch lv := v.(type) {
	case LabeledValue:
		return lv.LV.Value
	case map[string]any:
		if len(lv) != 1 {
			return v
		}
		switch inner := lv["__lv"].(type) {
		case map[string]any:
			return inner["value"]
		case []any:
			out := make([]any, len(inner))
			for i, o := range inner {
				out[i] = o
				if m, ok := o.(map[string]any); ok {
					out[i] = m["value"]
				}
			}
			return out
		}
	case []any:
		if !slices.ContainsFunc(lv, isLabeled) {
			return v
		}
		out := make([]any, len(lv))
		for i, e := range lv {
			out[i] = unlabel(e)
		}
		return out
	}
	return v
}

// isLabeled reports whether v is a value kept with its label.
func isLabeled(v any) bool {
	switch lv := v.(type) {
	case LabeledValue:
		return true
	case map[string]any:
		_, ok := lv["__lv"]
		return ok && len(lv) == 1
	}
	return false
}
