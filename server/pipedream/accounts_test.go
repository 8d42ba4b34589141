package pipedream_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// pagedAccounts serves 7 accounts in pages of up to 3, cursors "c1", "c2".
func pagedAccounts(f *fakeAPI) {
	pages := map[string]struct {
		ids  []string
		next string
	}{
		"":   {[]string{"apn_1", "apn_2", "apn_3"}, "c1"},
		"c1": {[]string{"apn_4", "apn_5", "apn_6"}, "c2"},
		"c2": {[]string{"apn_7"}, ""},
	}
	f.handle("GET /v1/connect/proj_abc123/accounts", func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Query().Get("after")]
		if !ok {
			writeJSON(w, 400, map[string]any{"error": "bad cursor"})
			return
		}
		data := []any{}
		for _, id := range p.ids {
			data = append(data, account(id))
		}
		writeJSON(w, 200, map[string]any{"data": data, "page_info": map[string]any{
			"count": len(p.ids), "total_count": 7, "start_cursor": "s", "end_cursor": p.next}})
	})
}

func TestAccountsIteratesAllPages(t *testing.T) {
	f := newFakeAPI(t)
	pagedAccounts(f)
	var ids []string
	for a, err := range f.client().Accounts(t.Context(), pipedream.AccountsQuery{ExternalUserID: "user-1", Limit: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if got := fmt.Sprint(ids); got != "[apn_1 apn_2 apn_3 apn_4 apn_5 apn_6 apn_7]" {
		t.Errorf("ids = %s", got)
	}
	reqs := f.recorded()
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3", len(reqs))
	}
	for i, after := range []string{"", "c1", "c2"} {
		want := map[string]string{"external_user_id": "user-1", "limit": "3"}
		if after != "" {
			want["after"] = after
		}
		checkQuery(t, reqs[i], want)
	}
}

func TestAccountsStopsEarly(t *testing.T) {
	f := newFakeAPI(t)
	pagedAccounts(f)
	n := 0
	for _, err := range f.client().Accounts(t.Context(), pipedream.AccountsQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	if len(f.recorded()) != 1 {
		t.Errorf("requests = %d after breaking on the first page, want 1", len(f.recorded()))
	}
}

func TestAccountsYieldsErrorOnce(t *testing.T) {
	f := newFakeAPI(t)
	pagedAccounts(f)
	var ids []string
	var errs []error
	for a, err := range f.client().Accounts(t.Context(), pipedream.AccountsQuery{After: "bogus"}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
	}
	var e *pipedream.APIError
	if len(ids) != 0 || len(errs) != 1 || !errors.As(errs[0], &e) || e.StatusCode != 400 {
		t.Errorf("ids %v, errs %v; want one 400 error", ids, errs)
	}
}

func TestAccountsStopsOnRepeatedCursor(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/proj_abc123/accounts", 200, map[string]any{
		"data": []any{account("apn_1")}, "page_info": map[string]any{"count": 1, "end_cursor": "same"}})
	n := 0
	for _, err := range f.client().Accounts(t.Context(), pipedream.AccountsQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 || len(f.recorded()) != 2 {
		t.Errorf("yielded %d accounts in %d requests, want 2 and 2", n, len(f.recorded()))
	}
}
