//go:build !(js && wasm)

package connectui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uitest"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestSelectComponentListsAnAppsActions(t *testing.T) {
	api := slackAPI()
	api.components["slack-list-messages"] = pipedream.Component{Key: "slack-list-messages", Name: "List Messages", Description: "Newest first."}
	api.components["github-create-issue"] = pipedream.Component{Key: "github-create-issue", Name: "Create Issue"}
	var picked []string
	s := &SelectComponent{App: "slack", AppName: "Slack", api: api,
		OnSelect: func(ctx app.Context, c pipedream.Component) { picked = append(picked, c.Key) }}
	h := load(t, s)
	h.do(s.OnMount)
	d := uitest.Render(t, s.Render())
	uitest.Labelled(t, d)
	if l := d.Find("label", "for", "pd-select-component-search"); len(l) != 1 || l[0].Text != "Search Slack actions" {
		t.Errorf("search label %+v", l)
	}
	if len(s.list.items) != 2 {
		t.Fatalf("items %+v", s.list.items)
	}
	d.Contains("Newest first.")
	d.Contains("2 actions.")
	h.ctx.Dispatch(func(ctx app.Context) { s.list.pick(ctx, s.list.items[0]) })
	h.engine.ConsumeAll()
	if len(picked) != 1 || (picked[0] != "slack-send-message" && picked[0] != "slack-list-messages") {
		t.Errorf("picked %v", picked)
	}
}

func TestSelectAppSearches(t *testing.T) {
	api := &fakeAPI{apps: []pipedream.App{{NameSlug: "slack", Name: "Slack"}, {NameSlug: "github", Name: "GitHub"}}}
	var picked []App
	s := &SelectApp{api: api, OnSelect: func(ctx app.Context, a App) { picked = append(picked, a) }}
	h := load(t, s)
	h.do(s.OnMount)
	if len(s.list.items) != 2 {
		t.Fatalf("items %+v", s.list.items)
	}
	h.ctx.Dispatch(func(ctx app.Context) {
		s.list.query = "git"
		s.list.fetch(ctx, s.reqs, false)
	})
	h.engine.ConsumeAll()
	if len(s.list.items) != 1 || s.list.items[0].ID != "github" {
		t.Fatalf("search items %+v", s.list.items)
	}
	d := uitest.Render(t, s.Render())
	uitest.Labelled(t, d)
	d.Contains("1 app.")
	h.ctx.Dispatch(func(ctx app.Context) { s.list.pick(ctx, s.list.items[0]) })
	h.engine.ConsumeAll()
	if len(picked) != 1 || picked[0].NameSlug != "github" {
		t.Errorf("picked %+v", picked)
	}
}

func TestSelectComponentSaysWhenAnAppHasNone(t *testing.T) {
	s := &SelectComponent{App: "notion", AppName: "Notion", api: slackAPI()}
	h := load(t, s)
	h.do(s.OnMount)
	uitest.Render(t, s.Render()).Contains("No actions yet.")
	h.ctx.Dispatch(func(ctx app.Context) {
		s.list.query = "page"
		s.list.fetch(ctx, s.reqs, false)
	})
	h.engine.ConsumeAll()
	uitest.Render(t, s.Render()).Contains("No actions match.")
}
