package connecthttp_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"

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

// TestAHeavyListerCannotSlowAnotherUser is the attack of a user with many
// accounts listing them at concurrency 64: each listing gathers every page
// from Pipedream, so unbounded they took everyone's CPU. Past four at once
// and a minute's share the heavy lister gets 429s that cost nothing
// upstream, and another user's listings all go through.
func TestAHeavyListerCannotSlowAnotherUser(t *testing.T) {
	s := newStack(t, nil)
	heavy, light := s.browser(), s.browser()
	hu := heavy.user()
	for range 60 {
		s.connectKeys(hu)
	}
	s.connectKeys(light.user())
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				r := heavy.do("GET", "/api/connect/accounts", "")
				if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") == "" {
					t.Error("429 without Retry-After")
				}
				mu.Lock()
				statuses[r.Status]++
				mu.Unlock()
			}
		}()
	}
	var lightTimes []time.Duration
	for range 20 {
		began := time.Now()
		r := light.do("GET", "/api/connect/accounts", "")
		lightTimes = append(lightTimes, time.Since(began))
		if r.Status != http.StatusOK {
			t.Fatalf("the other user's listing during the flood: %d %s", r.Status, r.Body)
		}
	}
	wg.Wait()
	if statuses[http.StatusOK] > connecthttp.ListingsPerMinute || statuses[http.StatusOK]+statuses[http.StatusTooManyRequests] != 64*8 {
		t.Errorf("the heavy lister's 512 listings: %v, want at most %d listed and the rest 429", statuses, connecthttp.ListingsPerMinute)
	}
	slices.Sort(lightTimes)
	t.Logf("heavy lister: %v; the other user's listing p50 %v", statuses, lightTimes[len(lightTimes)/2])
}
