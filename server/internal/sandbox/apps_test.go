package sandbox

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// appList lists apps at path and returns the page.
func (e *env) appList(path string) pipedream.AppList {
	e.t.Helper()
	var list pipedream.AppList
	e.doJSON(http.MethodGet, path, nil, nil, http.StatusOK, &list)
	return list
}

func slugs(apps []pipedream.App) []string {
	out := make([]string, len(apps))
	for i, a := range apps {
		out[i] = a.NameSlug
	}
	return out
}

func TestAppsList(t *testing.T) {
	e := newEnv(t, nil)
	res := e.do(http.MethodGet, "/v1/connect/apps", nil, nil)
	var list pipedream.AppList
	if err := json.Unmarshal(res.body, &list); err != nil || res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if len(list.Data) < 60 || list.PageInfo.TotalCount != len(list.Data) || list.PageInfo.EndCursor != "" {
		t.Fatalf("%d apps, page info %+v", len(list.Data), list.PageInfo)
	}
	if list.Data[0].NameSlug != "slack" {
		t.Fatalf("default order starts with %s, want the most featured (slack)", list.Data[0].NameSlug)
	}
	// Every app carries the fields the official SDK requires, never null.
	var raw struct {
		Data []map[string]any `json:"data"`
	}
	_ = json.Unmarshal(res.body, &raw)
	for _, a := range raw.Data {
		for _, k := range []string{"id", "name_slug", "name", "img_src", "categories", "featured_weight", "scope_profiles", "auth_type"} {
			if a[k] == nil {
				t.Fatalf("app %v: %s missing or null", a["name_slug"], k)
			}
		}
	}
	// Apps need an access token but no environment.
	e.doJSON(http.MethodGet, "/v1/connect/apps?limit=1", nil, map[string]string{"x-pd-environment": ""}, http.StatusOK, nil)
}

// TestAppsWithComponents: has_actions, has_triggers and has_components
// keep the apps the component registry has actions, triggers, or either
// for, as the Go client asks; a bad flag is a 400.
func TestAppsWithComponents(t *testing.T) {
	e := newEnv(t, nil)
	c := e.goClient()
	list := func(q pipedream.AppsQuery) []string {
		t.Helper()
		q.Limit = 100
		l, err := c.ListApps(t.Context(), q)
		if err != nil || l.PageInfo.TotalCount != len(l.Data) {
			t.Fatalf("ListApps(%+v): %+v, %v", q, l.PageInfo, err)
		}
		return slugs(l.Data)
	}
	actions, triggers := list(pipedream.AppsQuery{HasActions: true}), list(pipedream.AppsQuery{HasTriggers: true})
	either, all := list(pipedream.AppsQuery{HasComponents: true}), list(pipedream.AppsQuery{})
	both := list(pipedream.AppsQuery{HasActions: true, HasTriggers: true})
	if !slices.Contains(actions, "slack") || !slices.Contains(actions, "google_sheets") || slices.Contains(actions, "http") ||
		len(actions) >= len(all) {
		t.Errorf("has_actions: %v", actions)
	}
	if !slices.Equal(triggers, []string{"slack", "github"}) && !slices.Equal(triggers, []string{"github", "slack"}) {
		t.Errorf("has_triggers: %v, want slack and github", triggers)
	}
	for _, a := range all {
		if in := slices.Contains(actions, a) || slices.Contains(triggers, a); in != slices.Contains(either, a) {
			t.Errorf("has_components keeps %s: %v, want %v", a, !in, in)
		}
		if in := slices.Contains(actions, a) && slices.Contains(triggers, a); in != slices.Contains(both, a) {
			t.Errorf("has_actions and has_triggers keep %s: %v, want %v", a, !in, in)
		}
	}
	if got := list(pipedream.AppsQuery{HasActions: true, Q: "sheets"}); !slices.Equal(got, []string{"google_sheets"}) {
		t.Errorf("has_actions with q=sheets: %v", got)
	}
	e.doJSON(http.MethodGet, "/v1/connect/apps?has_actions=yes", nil, nil, http.StatusBadRequest, nil)
}

func TestAppsSearch(t *testing.T) {
	e := newEnv(t, nil)
	for q, want := range map[string]string{
		"GOOGLE SHEETS": "google_sheets", // name, any case
		"sheets":        "google_sheets", // slug
		"spreadsheets":  "google_sheets", // description
		"  slack ":      "slack",
	} {
		got := slugs(e.appList("/v1/connect/apps?q=" + strings.ReplaceAll(q, " ", "+")).Data)
		if !slices.Contains(got, want) {
			t.Errorf("q=%q: %v lacks %s", q, got, want)
		}
	}
	list := e.appList("/v1/connect/apps?q=zzzz-no-such-app")
	if list.Data == nil || len(list.Data) != 0 || list.PageInfo.TotalCount != 0 {
		t.Fatalf("no match: %+v", list)
	}
	list = e.appList("/v1/connect/apps?q=google")
	for _, a := range list.Data {
		if !strings.Contains(strings.ToLower(a.Name+a.NameSlug+a.Description), "google") {
			t.Errorf("q=google matched %s", a.NameSlug)
		}
	}
	if list.PageInfo.TotalCount < 5 {
		t.Errorf("q=google: %d apps", list.PageInfo.TotalCount)
	}
}

// TestAppsSearchRanksNamesFirst: a search lists the apps whose name or
// slug matches before those only their description matches ("git" is in
// Bitbucket's description, "digital" in Shopify's), each group most
// featured first.
func TestAppsSearchRanksNamesFirst(t *testing.T) {
	e := newEnv(t, nil)
	got := slugs(e.appList("/v1/connect/apps?q=Git").Data)
	if len(got) < 4 || got[0] != "github" || got[1] != "gitlab" {
		t.Fatalf("q=Git lists %v, want github and gitlab first", got)
	}
	for _, want := range []string{"bitbucket", "shopify"} {
		if !slices.Contains(got[2:], want) {
			t.Errorf("q=Git: %v lacks %s after the name matches", got, want)
		}
	}
	got = slugs(e.appList("/v1/connect/apps?q=sheets").Data)
	if len(got) == 0 || got[0] != "google_sheets" {
		t.Errorf("q=sheets lists %v, want google_sheets first (a word of its name)", got)
	}
	// An explicit order is kept as asked.
	got = slugs(e.appList("/v1/connect/apps?q=git&sort_key=name_slug").Data)
	if !slices.IsSorted(got) {
		t.Errorf("q=git&sort_key=name_slug lists %v", got)
	}
}

func TestAppsSort(t *testing.T) {
	e := newEnv(t, nil)
	check := func(query string, less func(a, b pipedream.App) bool) {
		t.Helper()
		apps := e.appList("/v1/connect/apps?" + query).Data
		for i := 1; i < len(apps); i++ {
			if less(apps[i], apps[i-1]) {
				t.Fatalf("%s: %s before %s", query, apps[i-1].NameSlug, apps[i].NameSlug)
			}
		}
	}
	lower := strings.ToLower
	check("sort_key=name", func(a, b pipedream.App) bool { return lower(a.Name) < lower(b.Name) })
	check("sort_key=name&sort_direction=desc", func(a, b pipedream.App) bool { return lower(a.Name) > lower(b.Name) })
	check("sort_key=name_slug", func(a, b pipedream.App) bool { return a.NameSlug < b.NameSlug })
	check("sort_key=name_slug&sort_direction=desc", func(a, b pipedream.App) bool { return a.NameSlug > b.NameSlug })
	check("sort_key=featured_weight", func(a, b pipedream.App) bool { return a.FeaturedWeight > b.FeaturedWeight })
	check("sort_key=featured_weight&sort_direction=asc", func(a, b pipedream.App) bool { return a.FeaturedWeight < b.FeaturedWeight })
	if first := e.appList("/v1/connect/apps?sort_key=name_slug&limit=1").Data[0].NameSlug; first != "airtable_oauth" {
		t.Fatalf("first by slug: %s", first)
	}
	e.wantError(e.do(http.MethodGet, "/v1/connect/apps?sort_key=popularity", nil, nil), http.StatusBadRequest, "sort_key")
	e.wantError(e.do(http.MethodGet, "/v1/connect/apps?sort_direction=up", nil, nil), http.StatusBadRequest, "sort_direction")
}

func TestAppsPagination(t *testing.T) {
	e := newEnv(t, nil)
	for _, query := range []string{"sort_key=name", "sort_key=featured_weight&sort_direction=asc", "q=google&sort_key=name_slug&sort_direction=desc", "q=git"} {
		all := slugs(e.appList("/v1/connect/apps?" + query).Data)
		var got []string
		path := "/v1/connect/apps?limit=7&" + query
		var last pipedream.AppList
		for range 100 {
			last = e.appList(path)
			got = append(got, slugs(last.Data)...)
			if last.PageInfo.EndCursor == "" {
				break
			}
			path = "/v1/connect/apps?limit=7&" + query + "&after=" + last.PageInfo.EndCursor
		}
		if strings.Join(got, ",") != strings.Join(all, ",") {
			t.Fatalf("%s: pages %v, want %v", query, got, all)
		}
		if len(all) > 7 {
			prev := slugs(e.appList("/v1/connect/apps?limit=7&" + query + "&before=" + last.PageInfo.StartCursor).Data)
			n := len(all) - len(last.Data)
			if strings.Join(prev, ",") != strings.Join(all[max(0, n-7):n], ",") {
				t.Fatalf("%s: before: %v, want %v", query, prev, all[max(0, n-7):n])
			}
		}
	}
	e.wantError(e.do(http.MethodGet, "/v1/connect/apps?after=garbage!", nil, nil), http.StatusBadRequest, "cursor")
	e.wantError(e.do(http.MethodGet, "/v1/connect/apps?limit=abc", nil, nil), http.StatusBadRequest, "limit")
}

func TestAppRetrieve(t *testing.T) {
	e := newEnv(t, nil)
	var bySlug, byID struct {
		Data pipedream.App `json:"data"`
	}
	e.doJSON(http.MethodGet, "/v1/connect/apps/openai", nil, nil, http.StatusOK, &bySlug)
	a := bySlug.Data
	if a.NameSlug != "openai" || a.AuthType != pipedream.AuthKeys || !strings.HasPrefix(a.ID, "app_") ||
		!strings.Contains(a.CustomFieldsJSON, `"sk-`) && !strings.Contains(a.CustomFieldsJSON, `sk-`) {
		t.Fatalf("openai %+v", a)
	}
	e.doJSON(http.MethodGet, "/v1/connect/apps/"+a.ID, nil, nil, http.StatusOK, &byID)
	if byID.Data.NameSlug != "openai" {
		t.Fatalf("by id: %+v", byID.Data)
	}
	e.wantError(e.do(http.MethodGet, "/v1/connect/apps/nope", nil, nil), http.StatusNotFound, "app not found")
}

func TestAppLogo(t *testing.T) {
	e := newEnv(t, nil)
	var app struct {
		Data pipedream.App `json:"data"`
	}
	e.doJSON(http.MethodGet, "/v1/connect/apps/google_sheets", nil, nil, http.StatusOK, &app)
	res, err := http.Get(app.Data.ImgSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var svg struct {
		XMLName xml.Name
		Text    string `xml:"text"`
	}
	if err := xml.NewDecoder(res.Body).Decode(&svg); err != nil || svg.XMLName.Local != "svg" || svg.Text != "GS" {
		t.Fatalf("logo %+v: %v", svg, err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "image/svg+xml" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers %v", res.Header)
	}
	e.wantError(e.do(http.MethodGet, "/img/nope.svg", nil, nil), http.StatusNotFound, "logo")
	e.wantError(e.do(http.MethodGet, "/img/slack.png", nil, nil), http.StatusNotFound, "logo")
	e.wantError(e.do(http.MethodGet, "/img/"+app.Data.ID+".svg", nil, nil), http.StatusNotFound, "logo")
}
