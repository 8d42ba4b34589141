package connectmcp

import (
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Names of the helper tools.
const (
	ToolConfigureProp = "configure_prop"
	ToolReloadProps   = "reload_props"
)

// actionTool is the tool of action a, for a user with accounts.
func actionTool(a pipedream.Component, accounts map[string][]pipedream.Account) *tool {
	t := &tool{action: a, kind: kindAction}
	desc := a.Description
	if desc == "" {
		desc = a.Name
	}
	for _, p := range a.ConfigurableProps {
		switch {
		case p.Type == pipedream.PropApp:
			if t.app == "" {
				t.app = p.App
			}
		case p.Type == pipedream.PropAlert && p.Content != "" && !p.Hidden:
			desc = join(desc, p.Content)
		case p.ReloadProps:
			t.open = true
		}
		if in, ok := propInput(a.Key, p); ok {
			t.ins = append(t.ins, in)
		}
	}
	if t.app != "" {
		if acc := accounts[t.app]; len(acc) > 1 {
			t.ins = append(t.ins, accountInput(t.app, acc))
		} else if len(acc) == 0 {
			desc = join(desc, fmt.Sprintf("The user has not connected %s yet: a call answers a Connect Link for them to open.", t.app))
		}
	}
	if t.open {
		t.ins = append(t.ins, input{name: inputDynamicPropsID, schema: map[string]any{
			"type":        "string",
			"description": "The dynamic_props_id reload_props answered with, sent with the inputs it listed.",
		}})
	}
	t.def = &mcp.Tool{
		Name:        a.Key,
		Title:       a.Name,
		Description: desc,
		InputSchema: objectSchema(t.ins, t.open),
		Annotations: annotations(a),
	}
	return t
}

// accountInput lets the caller choose among the user's accounts of app.
func accountInput(app string, accs []pipedream.Account) input {
	ids := make([]any, 0, len(accs))
	var named []string
	for _, a := range accs {
		ids = append(ids, a.ID)
		if a.Name != "" {
			named = append(named, fmt.Sprintf("%s (%s)", a.ID, a.Name))
		} else {
			named = append(named, a.ID)
		}
	}
	return input{name: inputAccount, required: true, schema: map[string]any{
		"type":        "string",
		"enum":        ids,
		"description": fmt.Sprintf("Which of the user's %s accounts to act with: %s.", app, strings.Join(named, ", ")),
	}}
}

// annotations are the component's annotations as MCP's.
func annotations(a pipedream.Component) *mcp.ToolAnnotations {
	an := a.Annotations
	if an == nil {
		return &mcp.ToolAnnotations{Title: a.Name}
	}
	out := &mcp.ToolAnnotations{
		Title:           an.Title,
		DestructiveHint: an.DestructiveHint,
		OpenWorldHint:   an.OpenWorldHint,
	}
	if out.Title == "" {
		out.Title = a.Name
	}
	if an.ReadOnlyHint != nil {
		out.ReadOnlyHint = *an.ReadOnlyHint
	}
	if an.IdempotentHint != nil {
		out.IdempotentHint = *an.IdempotentHint
	}
	return out
}

// Inputs of the helper tools.
var (
	inAction = func(keys []string) input {
		vals := make([]any, len(keys))
		for i, k := range keys {
			vals[i] = k
		}
		return input{name: "action", required: true, schema: map[string]any{
			"type": "string", "enum": vals, "description": "The action's key (its tool's name).",
		}}
	}
	inConfigured = input{name: "configured_props", schema: map[string]any{
		"type":        "object",
		"description": "The inputs chosen so far, as you would pass them to the action's tool (without account).",
	}}
	inAccount = input{name: inputAccount, schema: map[string]any{
		"type":        "string",
		"description": "Which account to act with, when the user has several of the app (its id).",
	}}
	inDynamic = input{name: inputDynamicPropsID, schema: map[string]any{
		"type": "string", "description": "The dynamic_props_id of an earlier reload_props, if any.",
	}}
)

// configureTool lists the options of a prop with remote options.
func configureTool(keys []string) *tool {
	ins := []input{
		inAction(keys),
		{name: "prop", required: true, schema: map[string]any{"type": "string", "description": "The input whose options to list."}},
		inConfigured, inAccount, inDynamic,
		{name: "query", schema: map[string]any{"type": "string", "description": "Search text, for inputs whose description says they can be searched."}},
		{name: "page", schema: map[string]any{"type": "integer", "minimum": 0, "default": 0, "description": "The page, from 0; for the next page pass page+1 and the context of the previous answer."}},
		{name: "context", schema: map[string]any{"type": "object", "description": "The context of the previous page's answer."}},
	}
	yes, no := true, false
	return &tool{kind: kindConfigure, ins: ins, def: &mcp.Tool{
		Name:        ToolConfigureProp,
		Title:       "List an input's options",
		Description: "Lists the choices of an action's input whose description points here (channels, repositories, sheets...), computed from the user's account and the inputs chosen before it. Answers options as label and value; pass the value to the action.",
		InputSchema: objectSchema(ins, false),
		Annotations: &mcp.ToolAnnotations{Title: "List an input's options", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &yes, DestructiveHint: &no},
	}}
}

// reloadTool reports the inputs of an action that depend on others.
func reloadTool(keys []string) *tool {
	ins := []input{inAction(keys), inConfigured, inAccount, inDynamic}
	yes, no := true, false
	return &tool{kind: kindReload, ins: ins, def: &mcp.Tool{
		Name:        ToolReloadProps,
		Title:       "Learn an action's further inputs",
		Description: "Some inputs of an action depend on others (the columns of the chosen sheet, say). Once those are chosen, this answers the further inputs as a JSON Schema and a dynamic_props_id; call the action with all its inputs and that dynamic_props_id.",
		InputSchema: objectSchema(ins, false),
		Annotations: &mcp.ToolAnnotations{Title: "Learn an action's further inputs", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &yes, DestructiveHint: &no},
	}}
}
