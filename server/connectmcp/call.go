package connectmcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// maxText bounds the JSON a result repeats as text; the structured
// content carries all of it.
const maxText = 32 << 10

// run runs the action of t with args.
func (ts *toolset) run(ctx context.Context, t *tool, args map[string]json.RawMessage) *mcp.CallToolResult {
	props := pipedream.ConfiguredProps{}
	if t.app != "" {
		acc, stop := ts.account(ctx, t.app, t.def.Name, args)
		if stop != nil {
			return stop
		}
		if fresh := ts.lookup(t.def.Name); fresh != nil {
			t = fresh // the refresh that found the account may have changed it
		}
		for _, p := range t.action.ConfigurableProps {
			if p.Type != pipedream.PropApp {
				continue
			}
			id := acc
			if p.App != t.app {
				other, stop := ts.account(ctx, p.App, t.def.Name, nil)
				if stop != nil {
					return stop
				}
				id = other
			}
			props.SetApp(p.Name, id)
		}
	}
	if err := check(args, t.ins, t.open); err != nil {
		return toolError("%s: %v.", t.def.Name, err)
	}
	req := pipedream.RunActionRequest{ID: t.action.Key, ExternalUserID: ts.user, ConfiguredProps: props}
	for name, v := range args {
		switch name {
		case inputAccount:
		case inputDynamicPropsID:
			_ = json.Unmarshal(v, &req.DynamicPropsID)
		default:
			props[name] = decode(v)
		}
	}
	res, err := ts.s.opts.Connect.RunAction(ctx, req)
	if err != nil {
		return ts.failure(ctx, "run "+t.action.Key, err)
	}
	return runResult(res)
}

// decode is a JSON value as Go's any, numbers kept exact.
func decode(raw json.RawMessage) any {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return raw
	}
	return v
}

// runResult answers a run's exports as structured content, its return
// value among them as $return_value (as Pipedream exports a step's), and
// the same as text.
func runResult(res pipedream.RunResult) *mcp.CallToolResult {
	out := make(map[string]any, len(res.Exports)+1)
	rest := map[string]any{}
	for k, v := range res.Exports {
		out[k] = v
		if k != pipedream.SummaryExport {
			rest[k] = v
		}
	}
	var b strings.Builder
	if s := res.Summary(); s != "" {
		b.WriteString(s + "\n\n")
	}
	if len(res.Ret) > 0 && string(res.Ret) != "null" {
		out[returnExport] = decode(res.Ret)
		b.WriteString("Returned: " + clip(out[returnExport]))
	}
	if len(rest) > 0 {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
			b.WriteString("\n\n")
		}
		b.WriteString("Exports: " + clip(rest))
	}
	if b.Len() == 0 {
		b.WriteString("Done: the action exported nothing.")
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: strings.TrimSpace(b.String())}}, StructuredContent: out}
}

// returnExport names a run's return value in the structured content.
const returnExport = "$return_value"

// clip is v as JSON, cut at maxText.
func clip(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "(not JSON)"
	}
	if len(b) > maxText {
		return string(b[:maxText]) + " … (cut; the structured content has all of it)"
	}
	return string(b)
}

// account is the account of app to act with: the one the arguments name,
// or the user's only healthy one. When there is none, stop is the Connect
// Link answer; when the choice is wrong, stop says so.
func (ts *toolset) account(ctx context.Context, app, toolName string, args map[string]json.RawMessage) (id string, stop *mcp.CallToolResult) {
	accs, err := ts.accountsOf(ctx, app)
	if err != nil {
		return "", ts.failure(ctx, "list the user's accounts", err)
	}
	if len(accs) == 0 {
		return "", ts.connectLink(ctx, app, toolName)
	}
	var want string
	if raw, ok := args[inputAccount]; ok {
		if json.Unmarshal(raw, &want) != nil {
			return "", toolError("account must be a string: the id of one of the user's %s accounts.", app)
		}
	}
	if want == "" {
		if len(accs) > 1 {
			return "", toolError("The user has %d %s accounts: pass account, one of %s.", len(accs), app, accountIDs(accs))
		}
		return accs[0].ID, nil
	}
	for _, a := range accs {
		if a.ID == want {
			return a.ID, nil
		}
	}
	return "", toolError("account %q is not one of the user's healthy %s accounts (%s).", want, app, accountIDs(accs))
}

func accountIDs(accs []pipedream.Account) string {
	ids := make([]string, len(accs))
	for i, a := range accs {
		ids[i] = a.ID
	}
	return strings.Join(ids, ", ")
}

// connectLink answers a call for an app the user has not connected: a
// Connect Link for that app, and the advice to call again once connected.
func (ts *toolset) connectLink(ctx context.Context, app, toolName string) *mcp.CallToolResult {
	req := pipedream.TokenRequest{ExternalUserID: ts.user}
	if ts.s.opts.Link != nil {
		req = ts.s.opts.Link(ctx, req)
		req.ExternalUserID = ts.user
	}
	tok, err := ts.s.opts.Connect.CreateToken(ctx, req)
	if err != nil {
		ts.log(ctx, "create a Connect Link", err)
		return toolError("The user has not connected %s, and a link to connect it could not be made just now; try again in a moment.", app)
	}
	link, err := url.Parse(tok.ConnectLinkURL)
	if err != nil {
		ts.log(ctx, "create a Connect Link", err)
		return toolError("The user has not connected %s, and a link to connect it could not be made just now; try again in a moment.", app)
	}
	q := link.Query()
	q.Set("app", app)
	link.RawQuery = q.Encode()
	text := fmt.Sprintf("The user has not connected %s yet, so %s did not run. Ask them to open this link and connect their account (it works until %s):\n\n%s\n\nOnce they have connected it, call %s again.",
		app, toolName, tok.ExpiresAt.UTC().Format(time.RFC1123), link, toolName)
	return &mcp.CallToolResult{
		IsError: true,
		Content: []mcp.Content{&mcp.TextContent{Text: text}},
		StructuredContent: map[string]any{
			"connect_link_url": link.String(), "app": app, "expires_at": tok.ExpiresAt.UTC().Format(time.RFC3339),
		},
	}
}

// failure is a failed call to the Connect API as a tool error in words:
// what the action or the service said, never a stack or a credential.
func (ts *toolset) failure(ctx context.Context, what string, err error) *mcp.CallToolResult {
	var run *pipedream.RunError
	var api *pipedream.APIError
	switch {
	case errors.As(err, &run):
		msg := run.Err.Message
		if msg == "" {
			msg = "it gave no reason"
		}
		return toolError("The action ran and failed: %s", oneLine(msg))
	case errors.As(err, &api) && api.StatusCode == http.StatusTooManyRequests:
		return toolError("Pipedream is rate limiting these calls; wait a moment and try again.")
	case errors.As(err, &api) && api.StatusCode >= 400 && api.StatusCode < 500 && api.StatusCode != 401 && api.StatusCode != 403:
		return toolError("Pipedream refused the call: %s", oneLine(api.Message))
	case errors.Is(err, pipedream.ErrInvalidRequest):
		return toolError("The call is not valid: %s", oneLine(strings.TrimPrefix(err.Error(), "pipedream: ")))
	case ctx.Err() != nil:
		return toolError("The call was cancelled before Pipedream answered.")
	case errors.Is(err, context.DeadlineExceeded):
		return toolError("Pipedream did not answer in time; try again.")
	}
	ts.log(ctx, what, err)
	return toolError("Pipedream could not %s just now; try again in a moment.", what)
}

func (ts *toolset) log(ctx context.Context, what string, err error) {
	ts.s.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "connectmcp: "+what, slog.String("err", err.Error()))
}

// oneLine keeps the first line of a message, bounded.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// toolError is a failed call in words, for the model to read.
func toolError(format string, a ...any) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: fmt.Sprintf(format, a...)}}}
}
