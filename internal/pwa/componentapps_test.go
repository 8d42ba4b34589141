package pwa

import (
	"errors"
	"slices"
	"testing"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

func appList(end string, slugs ...string) connectapi.AppList {
	l := connectapi.AppList{PageInfo: connectapi.PageInfo{EndCursor: end}}
	for _, s := range slugs {
		l.Data = append(l.Data, connectapi.App{NameSlug: s})
	}
	return l
}

// TestComponentAppsAsksOnceForAllRows: every row waiting while the first page
// loads is answered by it; when it held every app with actions, an app
// not in it has none and nothing more is asked.
func TestComponentAppsAsksOnceForAllRows(t *testing.T) {
	c := componentApps{filter: filterActions, want: wantActions}
	c.init()
	if show, known := c.shows("slack"); show || known {
		t.Fatalf("before asking: %v, %v", show, known)
	}
	if q, ok := c.ask("slack"); !ok || q != "" {
		t.Fatalf("the first row asks %q, %v; want the first page", q, ok)
	}
	for _, slug := range []string{"slack", "dropbox", "github"} {
		if q, ok := c.ask(slug); ok {
			t.Fatalf("%s asks %q while the first page loads", slug, q)
		}
	}
	again := c.record("", appList("", "slack", "github"), nil)
	if !slices.Equal(again, []string{"slack", "slack", "dropbox", "github"}) {
		t.Errorf("wanted meanwhile: %v", again)
	}
	for slug, want := range map[string]bool{"slack": true, "github": true, "dropbox": false} {
		if show, known := c.shows(slug); show != want || !known {
			t.Errorf("%s: %v, %v; want %v, known", slug, show, known, want)
		}
		if q, ok := c.ask(slug); ok {
			t.Errorf("%s asks %q once known", slug, q)
		}
	}
}

// TestComponentAppsLooksUpAppsPastTheFirstPage: with more apps with actions
// than a page holds, an app not on it is looked up alone, once; one that
// has none is then hidden, one whose lookup failed shown.
func TestComponentAppsLooksUpAppsPastTheFirstPage(t *testing.T) {
	c := componentApps{filter: filterActions, want: wantActions}
	c.init()
	c.ask("slack")
	c.record("", appList("cursor", "slack"), nil)
	if show, known := c.shows("zoho"); show || known {
		t.Fatalf("an app past the first page: %v, %v; want unknown", show, known)
	}
	if q, ok := c.ask("zoho"); !ok || q != "zoho" {
		t.Fatalf("zoho asks %q, %v; want a lookup of zoho", q, ok)
	}
	if _, ok := c.ask("zoho"); ok {
		t.Error("zoho asked twice")
	}
	c.record("zoho", appList("", "zoho_desk"), nil) // a search holds other apps too
	if show, known := c.shows("zoho"); show || !known {
		t.Errorf("zoho after its lookup: %v, %v; want no actions", show, known)
	}
	if show, _ := c.shows("zoho_desk"); !show {
		t.Error("an app the lookup found is not shown")
	}
	c.ask("box")
	c.record("box", connectapi.AppList{}, errors.New("offline"))
	if show, known := c.shows("box"); !show || !known {
		t.Errorf("box after a failed lookup: %v, %v; want shown", show, known)
	}
}

// TestComponentAppsShowsAllWhenTheFirstPageFails: the page does not hide the
// button for want of an answer.
func TestComponentAppsShowsAllWhenTheFirstPageFails(t *testing.T) {
	c := componentApps{filter: filterActions, want: wantActions}
	c.init()
	c.ask("dropbox")
	c.record("", connectapi.AppList{}, errors.New("offline"))
	if show, known := c.shows("dropbox"); !show || !known {
		t.Errorf("after a failure: %v, %v; want shown", show, known)
	}
}
