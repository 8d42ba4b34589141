package connectmcp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// helperArgs are the arguments configure_prop and reload_props share.
type helperArgs struct {
	Action          string                     `json:"action"`
	Prop            string                     `json:"prop"`
	ConfiguredProps map[string]json.RawMessage `json:"configured_props"`
	Account         string                     `json:"account"`
	DynamicPropsID  string                     `json:"dynamic_props_id"`
	Query           string                     `json:"query"`
	Page            int                        `json:"page"`
	Context         map[string]any             `json:"context"`
}

// helperCall checks a helper tool's arguments and builds the configured
// props of the action they name, with the user's account filled in.
func (ts *toolset) helperCall(ctx context.Context, name string, args map[string]json.RawMessage) (helperArgs, *tool, pipedream.ConfiguredProps, *mcp.CallToolResult) {
	var a helperArgs
	ts.mu.Lock()
	self := ts.tools[name]
	ts.mu.Unlock()
	if err := check(args, self.ins, false); err != nil {
		return a, nil, nil, toolError("%s: %v.", name, err)
	}
	b, _ := json.Marshal(args)
	if err := json.Unmarshal(b, &a); err != nil {
		return a, nil, nil, toolError("%s: the arguments do not fit its input schema.", name)
	}
	t := ts.lookup(a.Action)
	if t == nil {
		return a, nil, nil, toolError("%s: there is no action %q among the tools.", name, a.Action)
	}
	props := pipedream.ConfiguredProps{}
	for k, v := range a.ConfiguredProps {
		props[k] = decode(v)
	}
	if t.app != "" {
		accArgs := map[string]json.RawMessage{}
		if a.Account != "" {
			accArgs[inputAccount], _ = json.Marshal(a.Account)
		}
		id, stop := ts.account(ctx, t.app, a.Action, accArgs)
		if stop != nil {
			return a, nil, nil, stop
		}
		for _, p := range t.action.ConfigurableProps {
			if p.Type == pipedream.PropApp {
				props.SetApp(p.Name, id)
			}
		}
	}
	return a, t, props, nil
}

// configure answers configure_prop: one page of an input's options.
func (ts *toolset) configure(ctx context.Context, args map[string]json.RawMessage) *mcp.CallToolResult {
	a, t, props, stop := ts.helperCall(ctx, ToolConfigureProp, args)
	if stop != nil {
		return stop
	}
	if p, ok := t.action.Prop(a.Prop); !ok || !p.RemoteOptions {
		return toolError("%s has no input %q whose options can be listed.", a.Action, a.Prop)
	}
	res, err := ts.s.opts.Connect.ConfigureProp(ctx, pipedream.ConfigurePropRequest{
		ID: t.action.Key, ExternalUserID: ts.user, PropName: a.Prop, ConfiguredProps: props,
		DynamicPropsID: a.DynamicPropsID, Query: a.Query, Page: a.Page, PrevContext: a.Context,
	})
	if err != nil {
		return ts.failure(ctx, "list the options of "+a.Prop, err)
	}
	if len(res.Errors) > 0 {
		return toolError("The options of %s could not be listed: %s", a.Prop, oneLine(strings.Join(res.Errors, "; ")))
	}
	opts := res.Options
	for _, s := range res.StringOptions {
		opts = append(opts, pipedream.PropOption{Label: s, Value: s})
	}
	if opts == nil {
		opts = []pipedream.PropOption{}
	}
	var b strings.Builder
	if len(opts) == 0 {
		fmt.Fprintf(&b, "No options for %s on page %d", a.Prop, a.Page)
		if a.Query != "" {
			fmt.Fprintf(&b, " matching %q", a.Query)
		}
		b.WriteString(".")
	} else {
		fmt.Fprintf(&b, "Options for %s (page %d), as label = value:\n", a.Prop, a.Page)
		for _, o := range opts {
			fmt.Fprintf(&b, "- %s = %s\n", o.Label, clip(o.Value))
		}
		fmt.Fprintf(&b, "\nFor more, call %s again with page %d and this answer's context.", ToolConfigureProp, a.Page+1)
	}
	out := map[string]any{"options": opts, "page": a.Page}
	if res.Context != nil {
		out["context"] = res.Context
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: b.String()}}, StructuredContent: out}
}

// reload answers reload_props: the action's inputs as they now stand.
func (ts *toolset) reload(ctx context.Context, args map[string]json.RawMessage) *mcp.CallToolResult {
	a, t, props, stop := ts.helperCall(ctx, ToolReloadProps, args)
	if stop != nil {
		return stop
	}
	res, err := ts.s.opts.Connect.ReloadProps(ctx, pipedream.ReloadPropsRequest{
		ID: t.action.Key, ExternalUserID: ts.user, ConfiguredProps: props, DynamicPropsID: a.DynamicPropsID,
	})
	if err != nil {
		return ts.failure(ctx, "reload the inputs of "+a.Action, err)
	}
	if len(res.Errors) > 0 {
		return toolError("The inputs of %s could not be reloaded: %s", a.Action, oneLine(strings.Join(res.Errors, "; ")))
	}
	if res.DynamicProps == nil {
		return toolError("%s has no further inputs for these choices.", a.Action)
	}
	var ins []input
	for _, p := range res.DynamicProps.ConfigurableProps {
		if in, ok := propInput(a.Action, p); ok {
			ins = append(ins, in)
		}
	}
	schema := objectSchema(ins, false)
	text := fmt.Sprintf("Call %s with these inputs and dynamic_props_id %q. Inputs, as a JSON Schema: %s",
		a.Action, res.DynamicProps.ID, clip(schema))
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: text}},
		StructuredContent: map[string]any{"dynamic_props_id": res.DynamicProps.ID, "input_schema": schema},
	}
}
