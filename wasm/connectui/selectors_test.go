package connectui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/pdconnect/pdconnect/internal/uitest"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// loadCompo loads c in a test engine with a harness context and mounts it.
func loadCompo(t *testing.T, c app.Composer, mountFn func(app.Context)) (*compoHarness, app.TestEngine) {
	t.Helper()
	h := &compoHarness{child: c}
	e := app.NewTestEngine()
	if err := e.Load(h); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	h.ctx.Dispatch(mountFn)
	e.ConsumeAll()
	return h, e
}

type compoHarness struct {
	app.Compo
	child app.Composer
	ctx   app.Context
}

func (h *compoHarness) OnPreRender(ctx app.Context) { h.ctx = ctx }
func (h *compoHarness) Render() app.UI              { return h.child }

func TestSelectComponentListsAnAppsActions(t *testing.T) {
	api := slackAPI()
	api.components["slack-list-messages"] = pipedream.Component{Key: "slack-list-messages", Name: "List Messages", Description: "Newest first."}
	api.components["github-create-issue"] = pipedream.Component{Key: "github-create-issue", Name: "Create Issue"}
	var picked []string
	s := &SelectComponent{App: "slack", AppName: "Slack", api: api,
		OnSelect: func(ctx app.Context, c pipedream.Component) { picked = append(picked, c.Key) }}
	h, e := loadCompo(t, s, s.OnMount)
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
	e.ConsumeAll()
	if len(picked) != 1 || (picked[0] != "slack-send-message" && picked[0] != "slack-list-messages") {
		t.Errorf("picked %v", picked)
	}
}

func TestSelectAppSearches(t *testing.T) {
	api := &fakeAPI{apps: []pipedream.App{{NameSlug: "slack", Name: "Slack"}, {NameSlug: "github", Name: "GitHub"}}}
	var picked []App
	s := &SelectApp{api: api, OnSelect: func(ctx app.Context, a App) { picked = append(picked, a) }}
	h, e := loadCompo(t, s, s.OnMount)
	if len(s.list.items) != 2 {
		t.Fatalf("items %+v", s.list.items)
	}
	h.ctx.Dispatch(func(ctx app.Context) {
		s.list.query = "git"
		s.list.fetch(ctx, s.reqs, false)
	})
	e.ConsumeAll()
	if len(s.list.items) != 1 || s.list.items[0].ID != "github" {
		t.Fatalf("search items %+v", s.list.items)
	}
	d := uitest.Render(t, s.Render())
	uitest.Labelled(t, d)
	d.Contains("1 app.")
	h.ctx.Dispatch(func(ctx app.Context) { s.list.pick(ctx, s.list.items[0]) })
	e.ConsumeAll()
	if len(picked) != 1 || picked[0].NameSlug != "github" {
		t.Errorf("picked %+v", picked)
	}
}
