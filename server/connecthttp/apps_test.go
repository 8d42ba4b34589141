package connecthttp_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestAppsSearch(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	var list pipedream.AppList
	r := b.do("GET", "/api/connect/apps?q=slack", "")
	r.decode(t, &list)
	if r.Status != http.StatusOK || len(list.Data) == 0 || list.Data[0].NameSlug != "slack" || list.PageInfo.Count != len(list.Data) {
		t.Fatalf("search slack: got %d %s, want 200 with slack first and page_info counting the page", r.Status, r.Body)
	}
	var page pipedream.AppList
	b.do("GET", "/api/connect/apps?limit=5", "").decode(t, &page)
	if len(page.Data) != 5 || page.PageInfo.EndCursor == "" || page.PageInfo.TotalCount < 60 {
		t.Fatalf("first page: got %d apps, %+v; want 5, an end cursor and 60 or more in all", len(page.Data), page.PageInfo)
	}
	var next pipedream.AppList
	b.do("GET", "/api/connect/apps?limit=5&after="+url.QueryEscape(page.PageInfo.EndCursor), "").decode(t, &next)
	if len(next.Data) != 5 || next.Data[0].ID == page.Data[0].ID {
		t.Errorf("the next page repeats the first: %+v", next.Data)
	}
	var withActions, withTriggers pipedream.AppList
	b.do("GET", "/api/connect/apps?has_actions=true&limit=100", "").decode(t, &withActions)
	b.do("GET", "/api/connect/apps?has_triggers=true&has_actions=false&limit=100", "").decode(t, &withTriggers)
	if n := len(withActions.Data); n == 0 || n >= page.PageInfo.TotalCount || n != withActions.PageInfo.TotalCount {
		t.Errorf("has_actions: %d apps of %d, %+v; want the few the sandbox has actions for", n, page.PageInfo.TotalCount, withActions.PageInfo)
	}
	if n := len(withTriggers.Data); n == 0 || n >= len(withActions.Data) {
		t.Errorf("has_triggers: %d apps, want fewer than with actions (%d)", n, len(withActions.Data))
	}
	var none pipedream.AppList
	b.do("GET", "/api/connect/apps?q=zzzznothing", "").decode(t, &none)
	if none.Data == nil || len(none.Data) != 0 {
		t.Errorf("no match: got %+v, want an empty list, not null", none)
	}
}

func TestAppsSearchRefusesBadInput(t *testing.T) {
	s := newStack(t, nil)
	b := s.browser()
	for _, q := range []string{"limit=0", "limit=101", "limit=ten", "q=" + strings.Repeat("a", 101), "has_actions=1", "has_triggers=yes"} {
		if r := b.do("GET", "/api/connect/apps?"+q, ""); r.Status != http.StatusBadRequest || r.errorCode() != "bad_request" {
			t.Errorf("%.20s: got %d %s, want 400 bad_request", q, r.Status, r.Body)
		}
	}
}
