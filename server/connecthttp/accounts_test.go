package connecthttp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestAccountsAreOnlyTheUsersOwnWithoutCredentials(t *testing.T) {
	s := newStack(t, nil)
	ann, bob := s.browser(), s.browser()
	a1 := s.connectKeys(ann.user())
	a2 := s.connectKeys(ann.user())
	s.connectKeys(bob.user())

	r := ann.do("GET", "/api/connect/accounts", "")
	var list struct {
		Data []pipedream.Account `json:"data"`
	}
	r.decode(t, &list)
	if r.Status != http.StatusOK || len(list.Data) != 2 {
		t.Fatalf("%d, %d accounts: %s", r.Status, len(list.Data), r.Body)
	}
	ids := map[string]bool{list.Data[0].ID: true, list.Data[1].ID: true}
	if !ids[a1.ID] || !ids[a2.ID] {
		t.Errorf("listed %v, want %s and %s", ids, a1.ID, a2.ID)
	}
	if strings.Contains(string(r.Body), "credentials") || strings.Contains(string(r.Body), "sk-abcdefgh12345") {
		t.Errorf("credentials reached the browser: %s", r.Body)
	}
	if list.Data[0].App == nil || list.Data[0].App.NameSlug != "openai" {
		t.Errorf("account without its app: %+v", list.Data[0])
	}

	var empty struct{ Data []pipedream.Account }
	s.browser().do("GET", "/api/connect/accounts", "").decode(t, &empty)
	if empty.Data == nil || len(empty.Data) != 0 {
		t.Errorf("a new user's list: %+v", empty)
	}
}

func TestDeleteOnlyTheUsersOwnAccount(t *testing.T) {
	s := newStack(t, nil)
	ann, bob := s.browser(), s.browser()
	acc := s.connectKeys(ann.user())

	for _, id := range []string{acc.ID, "apn_doesnotexist"} {
		if r := bob.do("DELETE", "/api/connect/accounts/"+id, ""); r.Status != http.StatusNotFound || r.errorCode() != "not_found" {
			t.Errorf("bob deletes %s: %d %s", id, r.Status, r.Body)
		}
	}
	if _, err := s.PD.GetAccount(context.Background(), acc.ID, pipedream.AccountOptions{}); err != nil {
		t.Fatalf("bob's attempt removed ann's account: %v", err)
	}
	if r := ann.do("DELETE", "/api/connect/accounts/"+acc.ID, ""); r.Status != http.StatusNoContent {
		t.Fatalf("ann deletes her account: %d %s", r.Status, r.Body)
	}
	if _, err := s.PD.GetAccount(context.Background(), acc.ID, pipedream.AccountOptions{}); !pipedream.IsNotFound(err) {
		t.Errorf("the account is still there: %v", err)
	}
	if r := ann.do("DELETE", "/api/connect/accounts/"+acc.ID, ""); r.Status != http.StatusNotFound {
		t.Errorf("deleting twice: %d", r.Status)
	}
}
