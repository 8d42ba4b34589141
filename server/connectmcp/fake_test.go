package connectmcp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// fakeConnect is a small Connect API: users' accounts, and Slack and
// GitHub actions over per-account state, enough to see a call's effect.
type fakeConnect struct {
	mu       sync.Mutex
	accounts map[string][]pipedream.Account // by user
	messages map[string][]string            // by account id + "/" + channel
	runs     int
	watchers map[string][]chan struct{}
}

func newFake() *fakeConnect {
	return &fakeConnect{accounts: map[string][]pipedream.Account{}, messages: map[string][]string{}, watchers: map[string][]chan struct{}{}}
}

// connect gives user an account of app and tells the watchers.
func (f *fakeConnect) connect(user, app, id string) {
	f.mu.Lock()
	f.accounts[user] = append(f.accounts[user], pipedream.Account{
		ID: id, Name: app + " of " + user, Healthy: true, CreatedAt: time.Now(),
		App: &pipedream.App{ID: "app_" + app, NameSlug: app, Name: strings.ToUpper(app[:1]) + app[1:]},
	})
	ws := f.watchers[user]
	f.mu.Unlock()
	for _, w := range ws {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

func (f *fakeConnect) WatchAccounts(ctx context.Context, user string) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	f.watchers[user] = append(f.watchers[user], ch)
	f.mu.Unlock()
	return ch, nil
}

func (f *fakeConnect) Accounts(_ context.Context, q pipedream.AccountsQuery) iter.Seq2[pipedream.Account, error] {
	f.mu.Lock()
	list := append([]pipedream.Account(nil), f.accounts[q.ExternalUserID]...)
	f.mu.Unlock()
	return func(yield func(pipedream.Account, error) bool) {
		for _, a := range list {
			if !yield(a, nil) {
				return
			}
		}
	}
}

var (
	yes, no = true, false
	actions = map[string][]pipedream.Component{
		"slack": {
			{Key: "slack-send-message", Name: "Send Message", Version: "0.0.1", Description: "Send a message to a channel.",
				Annotations: &pipedream.Annotations{DestructiveHint: &no, OpenWorldHint: &yes, ReadOnlyHint: &no},
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "slack", Type: pipedream.PropApp, App: "slack"},
					{Name: "channel", Type: pipedream.PropString, Label: "Channel", Description: "Where to post.", RemoteOptions: true, UseQuery: true},
					{Name: "text", Type: pipedream.PropString, Label: "Text"},
					{Name: "as_user", Type: pipedream.PropBoolean, Label: "Send as user", Optional: true, Default: false},
				}},
			{Key: "slack-list-messages", Name: "List Messages", Version: "0.0.1",
				Annotations: &pipedream.Annotations{ReadOnlyHint: &yes, IdempotentHint: &yes},
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "slack", Type: pipedream.PropApp, App: "slack"},
					{Name: "channel", Type: pipedream.PropString, Label: "Channel", RemoteOptions: true},
					{Name: "limit", Type: pipedream.PropInteger, Label: "Limit", Optional: true, Min: pipedream.Int64(1), Max: pipedream.Int64(100)},
				}},
		},
		"github": {
			{Key: "github-create-issue", Name: "Create Issue", Version: "0.0.1",
				ConfigurableProps: []pipedream.ConfigurableProp{
					{Name: "github", Type: pipedream.PropApp, App: "github"},
					{Name: "repo", Type: pipedream.PropString, Label: "Repository", RemoteOptions: true},
					{Name: "title", Type: pipedream.PropString, Label: "Title"},
					{Name: "labels", Type: pipedream.PropStringArray, Label: "Labels", Optional: true},
					{Name: "priority", Type: pipedream.PropString, Optional: true, Options: []pipedream.PropOption{{Label: "Low", Value: "low"}, {Label: "High", Value: "high"}}},
					{Name: "meta", Type: pipedream.PropObject, Optional: true},
				}},
		},
	}
)

func (f *fakeConnect) Components(_ context.Context, q pipedream.ComponentsQuery) iter.Seq2[pipedream.Component, error] {
	return func(yield func(pipedream.Component, error) bool) {
		for _, c := range actions[q.App] {
			if !yield(c, nil) {
				return
			}
		}
	}
}

// account is the account id of the app prop in props, checked to be user's.
func (f *fakeConnect) account(user string, props pipedream.ConfiguredProps, prop string) (string, error) {
	b, _ := json.Marshal(props[prop])
	var v pipedream.AppValue
	json.Unmarshal(b, &v)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.accounts[user] {
		if a.ID == v.AuthProvisionID {
			return a.ID, nil
		}
	}
	return "", &pipedream.APIError{StatusCode: 400, Message: "prop " + prop + ": not one of the user's accounts"}
}

func str(props pipedream.ConfiguredProps, name string) string {
	b, _ := json.Marshal(props[name])
	var s string
	json.Unmarshal(b, &s)
	return s
}

func (f *fakeConnect) ConfigureProp(_ context.Context, req pipedream.ConfigurePropRequest) (pipedream.ConfigurePropResult, error) {
	if _, err := f.account(req.ExternalUserID, req.ConfiguredProps, "slack"); err != nil {
		return pipedream.ConfigurePropResult{}, err
	}
	var res pipedream.ConfigurePropResult
	for i := range 3 {
		name := fmt.Sprintf("general-%d", req.Page*3+i)
		if strings.Contains(name, req.Query) {
			res.Options = append(res.Options, pipedream.PropOption{Label: "#" + name, Value: name})
		}
	}
	res.Context = map[string]any{"page": req.Page}
	return res, nil
}

func (f *fakeConnect) ReloadProps(context.Context, pipedream.ReloadPropsRequest) (pipedream.ReloadPropsResult, error) {
	return pipedream.ReloadPropsResult{}, &pipedream.APIError{StatusCode: 400, Message: "no dynamic props"}
}

func (f *fakeConnect) RunAction(_ context.Context, req pipedream.RunActionRequest) (pipedream.RunResult, error) {
	f.mu.Lock()
	f.runs++
	f.mu.Unlock()
	switch req.ID {
	case "slack-send-message", "slack-list-messages":
		acc, err := f.account(req.ExternalUserID, req.ConfiguredProps, "slack")
		if err != nil {
			return pipedream.RunResult{}, err
		}
		ch := str(req.ConfiguredProps, "channel")
		if ch == "nowhere" {
			return pipedream.RunResult{}, &pipedream.RunError{Err: pipedream.ObservationError{Name: "Error", Message: "channel_not_found", Stack: "Error: channel_not_found\n    at send (secret.js:1)"}}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		k := acc + "/" + ch
		if req.ID == "slack-send-message" {
			f.messages[k] = append([]string{str(req.ConfiguredProps, "text")}, f.messages[k]...)
			return pipedream.RunResult{Exports: map[string]any{"$summary": "Sent a message to #" + ch, "ts": "1.0"}}, nil
		}
		msgs := append([]string{}, f.messages[k]...)
		ret, _ := json.Marshal(map[string]any{"messages": msgs})
		return pipedream.RunResult{Exports: map[string]any{"$summary": fmt.Sprintf("%d messages", len(msgs))}, Ret: ret}, nil
	case "github-create-issue":
		if _, err := f.account(req.ExternalUserID, req.ConfiguredProps, "github"); err != nil {
			return pipedream.RunResult{}, err
		}
		return pipedream.RunResult{Exports: map[string]any{"$summary": "Created issue #1", "number": 1}}, nil
	}
	return pipedream.RunResult{}, &pipedream.APIError{StatusCode: 404, Message: "no such action"}
}

func (f *fakeConnect) CreateToken(_ context.Context, req pipedream.TokenRequest) (pipedream.Token, error) {
	return pipedream.Token{Token: "ctok_x", ExpiresAt: time.Now().Add(4 * time.Hour),
		ConnectLinkURL: "https://pipedream.example/_static/connect.html?token=ctok_x&connectLink=true"}, nil
}
