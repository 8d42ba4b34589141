package connectapi

import "encoding/json"

// ConfigurePropRequest asks for the options of one prop of a component
// (actions and triggers alike), computed from the props configured
// before it. Its JSON is the request body the service takes.
type ConfigurePropRequest struct {
	ID              string          `json:"id"` // the component's key
	Version         string          `json:"version,omitempty"`
	ExternalUserID  string          `json:"external_user_id"`
	PropName        string          `json:"prop_name"`
	Blocking        bool            `json:"blocking,omitempty"`
	ConfiguredProps ConfiguredProps `json:"configured_props,omitempty"`
	DynamicPropsID  string          `json:"dynamic_props_id,omitempty"` // from ReloadPropsResult.DynamicProps
	// Query filters the options of a prop with UseQuery.
	Query string `json:"query,omitempty"`
	// Page and PrevContext ask for the next page: Page counts up from 0
	// and PrevContext is the Context of the page before.
	Page        int            `json:"page,omitempty"`
	PrevContext map[string]any `json:"prev_context,omitempty"`
}

// ConfigurePropResult is one page of a prop's options. Options or
// StringOptions is set; Errors says why there are none.
type ConfigurePropResult struct {
	Options       []PropOption   `json:"options,omitempty"`
	StringOptions []string       `json:"stringOptions,omitempty"`
	Observations  []Observation  `json:"observations,omitempty"`
	Context       map[string]any `json:"context,omitempty"` // send as PrevContext for the next page
	Errors        []string       `json:"errors,omitempty"`
}

// ReloadPropsRequest asks for the props that follow the ones configured
// so far, for a component with props marked ReloadProps.
type ReloadPropsRequest struct {
	ID              string          `json:"id"`
	Version         string          `json:"version,omitempty"`
	ExternalUserID  string          `json:"external_user_id"`
	Blocking        bool            `json:"blocking,omitempty"`
	ConfiguredProps ConfiguredProps `json:"configured_props,omitempty"`
	DynamicPropsID  string          `json:"dynamic_props_id,omitempty"`
}

// ReloadPropsResult carries the component's props as they now stand.
type ReloadPropsResult struct {
	Observations []Observation `json:"observations,omitempty"`
	Errors       []string      `json:"errors,omitempty"`
	DynamicProps *DynamicProps `json:"dynamicProps,omitempty"`
}

// DynamicProps is the full list of a component's props after a reload,
// saved by the service under ID: later calls send ID as DynamicPropsID.
type DynamicProps struct {
	ID                string             `json:"id,omitempty"`
	ConfigurableProps []ConfigurableProp `json:"configurableProps,omitempty"`
}

// RunActionRequest runs an action once for an end user.
type RunActionRequest struct {
	ID              string          `json:"id"` // the action's key
	Version         string          `json:"version,omitempty"`
	ExternalUserID  string          `json:"external_user_id"`
	ConfiguredProps ConfiguredProps `json:"configured_props,omitempty"`
	DynamicPropsID  string          `json:"dynamic_props_id,omitempty"`
	// StashID is a File Stash to sync the action's /tmp with, or "NEW".
	StashID string `json:"stash_id,omitempty"`
}

// RunResult is what an action run produced: its exports ($summary among
// them), its logs and errors (Observations) and its return value.
type RunResult struct {
	Exports      map[string]any  `json:"exports,omitempty"`
	Observations []Observation   `json:"os,omitempty"`
	Ret          json.RawMessage `json:"ret,omitempty"` // decode with json.Unmarshal
	StashID      string          `json:"stash_id,omitempty"`
}

// SummaryExport is the export an action sets to describe its run.
const SummaryExport = "$summary"

// Summary returns the run's $summary export, or "".
func (r RunResult) Summary() string {
	s, _ := r.Exports[SummaryExport].(string)
	return s
}

// Err returns a *RunError when an observation carries an error: the run
// failed although the call succeeded. Otherwise it returns nil.
func (r RunResult) Err() error {
	for _, o := range r.Observations {
		if o.Err != nil {
			return &RunError{Err: *o.Err, Observations: r.Observations}
		}
	}
	return nil
}

// Observation is one log line or error of a configure or run call.
type Observation struct {
	K   string            `json:"k"`             // the source: console.log, console.error, error...
	TS  int64             `json:"ts"`            // milliseconds since the epoch
	Msg string            `json:"msg,omitempty"` // the message
	Err *ObservationError `json:"err,omitempty"` // set for errors
}

// ObservationError is an error a component raised.
type ObservationError struct {
	Name    string `json:"name,omitempty"`
	Message string `json:"message,omitempty"`
	Stack   string `json:"stack,omitempty"`
}

// RunError is an action run that failed: the service ran it and it raised
// an error. pipedream's Client.RunAction returns it together with the
// RunResult.
type RunError struct {
	Err          ObservationError // the first error observed
	Observations []Observation    // everything the run logged
}

// Error returns "pipedream: action failed: NAME: MESSAGE".
func (e *RunError) Error() string {
	name := ""
	if e.Err.Name != "" {
		name = e.Err.Name + ": "
	}
	return "pipedream: action failed: " + name + e.Err.Message
}
