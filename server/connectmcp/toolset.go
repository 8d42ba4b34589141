package connectmcp

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// refreshTimeout bounds one refresh of a session's tools.
const refreshTimeout = 15 * time.Second

// toolset is one session's tools: the actions of its user's apps.
type toolset struct {
	s     *Server
	user  string
	named []string
	srv   *mcp.Server

	watching   sync.Once
	refreshing sync.Mutex // one refresh at a time, so an older one never lands last

	mu       sync.Mutex
	loaded   bool
	accounts map[string][]pipedream.Account // healthy accounts, by app slug, newest first
	tools    map[string]*tool               // by tool name
}

// tool is one tool and what a call needs to run it.
type tool struct {
	def    *mcp.Tool
	sig    string // the definition as JSON, to tell changes
	action pipedream.Component
	app    string // the slug of the action's app prop; "" when it has none
	ins    []input
	open   bool // takes inputs beyond ins (dynamic props)
	kind   toolKind
}

type toolKind int

const (
	kindAction toolKind = iota
	kindConfigure
	kindReload
)

// middleware loads the tools before the first request that needs them
// and starts following the user's accounts with the session.
func (ts *toolset) middleware(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if ss, ok := req.GetSession().(*mcp.ServerSession); ok && ss != nil {
			client := "unknown"
			if p, ok := req.GetParams().(*mcp.InitializeParams); ok && p != nil && p.ClientInfo != nil {
				client = oneLine(p.ClientInfo.Name + " " + p.ClientInfo.Version)
			}
			ts.watching.Do(func() { go ts.watch(ss, client) })
		}
		if method == "tools/list" || method == "tools/call" {
			if err := ts.ensure(ctx); err != nil {
				ts.s.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "connectmcp: load the tools", slog.String("err", err.Error()))
				return nil, fmt.Errorf("could not load the tools: the Connect API did not answer; try again")
			}
		}
		return next(ctx, method, req)
	}
}

// preload loads the tools before the session starts, so that the first
// list needs no call and the client hears no list_changed for it; on
// failure the first request that needs them tries again.
func (ts *toolset) preload(ctx context.Context) { ts.refreshLogged(ctx) }

// refreshLogged refreshes within refreshTimeout; a failure is logged and
// the tools stay as they were.
func (ts *toolset) refreshLogged(ctx context.Context) {
	rctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	if err := ts.refresh(rctx); err != nil && ctx.Err() == nil {
		ts.s.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "connectmcp: refresh the tools", slog.String("err", err.Error()))
	}
}

// ensure loads the tools once.
func (ts *toolset) ensure(ctx context.Context) error {
	if ts.isLoaded() {
		return nil
	}
	ts.refreshing.Lock()
	ok := ts.isLoaded() // another request's refresh may have loaded them meanwhile
	ts.refreshing.Unlock()
	if ok {
		return nil
	}
	return ts.refresh(ctx)
}

func (ts *toolset) isLoaded() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.loaded
}

// watch refreshes the tools whenever the user's accounts may have
// changed, until the session ends; client names the session's client (from
// its initialize) in the log.
func (ts *toolset) watch(ss *mcp.ServerSession, client string) {
	ctx, cancel := context.WithCancel(context.Background())
	untrack := ts.s.track(ts.user, ss)
	log := ts.s.opts.Logger.With(slog.String("external_user_id", ts.user), slog.String("client", client))
	log.Info("connectmcp: session opened")
	go func() { ss.Wait(); untrack(); cancel(); log.Info("connectmcp: session ended") }()
	var changes <-chan struct{}
	subscribe := func() {
		if ts.s.opts.Watcher == nil {
			return
		}
		ch, err := ts.s.opts.Watcher.WatchAccounts(ctx, ts.user)
		if err != nil {
			ts.s.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "connectmcp: watch the user's accounts", slog.String("err", err.Error()))
			return
		}
		changes = ch
	}
	subscribe()
	if changes != nil {
		ts.refreshLogged(ctx) // what changed between loading the tools and subscribing
	}
	var tick <-chan time.Time
	if ts.s.opts.Poll > 0 {
		t := time.NewTicker(ts.s.opts.Poll)
		defer t.Stop()
		tick = t.C
	}
	retry := time.NewTimer(0)
	retry.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				changes = nil
				if ctx.Err() == nil {
					retry.Reset(time.Second)
				}
				continue
			}
		case <-retry.C:
			subscribe()
		case <-tick:
		}
		ts.refreshLogged(ctx)
	}
}

// refresh reads the user's accounts and their apps' actions, and makes
// the tools match: added, changed and removed tools reach the session's
// client as notifications/tools/list_changed.
func (ts *toolset) refresh(ctx context.Context) error {
	ts.refreshing.Lock()
	defer ts.refreshing.Unlock()
	accounts := map[string][]pipedream.Account{}
	for acc, err := range ts.s.opts.Connect.Accounts(ctx, pipedream.AccountsQuery{ExternalUserID: ts.user}) {
		if err != nil {
			return fmt.Errorf("list the user's accounts: %w", err)
		}
		if acc.App == nil || !acc.Healthy || acc.Dead {
			continue
		}
		accounts[acc.App.NameSlug] = append(accounts[acc.App.NameSlug], acc)
	}
	for _, list := range accounts {
		slices.SortStableFunc(list, func(a, b pipedream.Account) int { return b.CreatedAt.Compare(a.CreatedAt) })
	}
	apps := slices.Clone(ts.named)
	for app := range accounts {
		if !slices.Contains(apps, app) {
			apps = append(apps, app)
		}
	}
	slices.Sort(apps)
	if len(apps) > MaxApps {
		apps = apps[:MaxApps]
	}
	next := map[string]*tool{}
	var configurable, reloadable []string
	for _, app := range apps {
		actions, err := ts.s.actions.of(ctx, app)
		if err != nil {
			return fmt.Errorf("list the actions of %s: %w", app, err)
		}
		for _, a := range actions {
			t := actionTool(a, accounts)
			if _, dup := next[t.def.Name]; dup || !validName(t.def.Name) {
				continue
			}
			next[t.def.Name] = t
			for _, p := range a.ConfigurableProps {
				if p.RemoteOptions && !slices.Contains(configurable, a.Key) {
					configurable = append(configurable, a.Key)
				}
				if p.ReloadProps && !slices.Contains(reloadable, a.Key) {
					reloadable = append(reloadable, a.Key)
				}
			}
		}
	}
	if len(configurable) > 0 {
		t := configureTool(configurable)
		next[t.def.Name] = t
	}
	if len(reloadable) > 0 {
		t := reloadTool(reloadable)
		next[t.def.Name] = t
	}
	for _, t := range next {
		b, _ := json.Marshal(t.def)
		t.sig = string(b)
	}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	var gone []string
	for name := range ts.tools {
		if _, ok := next[name]; !ok {
			gone = append(gone, name)
		}
	}
	if len(gone) > 0 {
		ts.srv.RemoveTools(gone...)
	}
	for name, t := range next {
		if old, ok := ts.tools[name]; ok && old.sig == t.sig {
			next[name] = old
			continue
		}
		ts.srv.AddTool(t.def, ts.handler(name))
	}
	ts.tools, ts.accounts, ts.loaded = next, accounts, true
	return nil
}

// validName is the MCP spec's rule for tool names.
func validName(n string) bool {
	if n == "" || len(n) > 128 {
		return false
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// handler calls the current tool of that name.
func (ts *toolset) handler(name string) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		ts.mu.Lock()
		t := ts.tools[name]
		ts.mu.Unlock()
		if t == nil {
			return toolError("The tool %s is no longer available; list the tools again.", name), nil
		}
		var args map[string]json.RawMessage
		if raw := req.Params.Arguments; len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &args); err != nil {
				return toolError("The arguments must be a JSON object."), nil
			}
		}
		switch t.kind {
		case kindConfigure:
			return ts.configure(ctx, args), nil
		case kindReload:
			return ts.reload(ctx, args), nil
		}
		return ts.run(ctx, t, args), nil
	}
}

// accountsOf is the user's healthy accounts of app. When there are none,
// it reads the accounts again first: one may just have been connected
// (and the tool list follows).
func (ts *toolset) accountsOf(ctx context.Context, app string) ([]pipedream.Account, error) {
	ts.mu.Lock()
	list := ts.accounts[app]
	ts.mu.Unlock()
	if len(list) > 0 {
		return list, nil
	}
	if err := ts.refresh(ctx); err != nil {
		return nil, err
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.accounts[app], nil
}

// lookup is the current tool of an action key.
func (ts *toolset) lookup(key string) *tool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t := ts.tools[key]; t != nil && t.kind == kindAction {
		return t
	}
	return nil
}
