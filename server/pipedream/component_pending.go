package pipedream

// Placeholders until the components API (issue 20) lands its types here;
// delete this file when merging theirs.

type ConfigurableProp struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type ConfiguredProps map[string]any
