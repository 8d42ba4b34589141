package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

func fixedNow() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) }

func TestSeedIsDeterministicPerAccount(t *testing.T) {
	ctx := context.Background()
	a := Account{ID: "apn_abc", App: "slack", Name: "Ann Lee (Slack)"}
	p1, p2 := New(fixedNow, nil), New(fixedNow, nil)
	c1, _ := p1.SlackChannels(ctx, a)
	c2, _ := p2.SlackChannels(ctx, a)
	if !reflect.DeepEqual(c1, c2) || len(c1) <= 50 {
		t.Fatalf("seeded channels differ or are too few: %d vs %d", len(c1), len(c2))
	}
	other, _ := p1.SlackChannels(ctx, Account{ID: "apn_def", App: "slack"})
	if reflect.DeepEqual(c1, other) {
		t.Error("two accounts got the same workspace")
	}
	_, user, _, _ := p1.SlackWho(ctx, a)
	if user != "ann-lee" {
		t.Errorf("user = %q", user)
	}
	repos, _ := p1.GitHubRepos(ctx, Account{ID: "apn_gh", App: "github", Name: "Ann"})
	if len(repos) != 35 || repos[0].FullName[:4] != "ann/" {
		t.Errorf("repos: %d, first %+v", len(repos), repos[0])
	}
	sheets, _ := p1.Sheets(ctx, Account{ID: "apn_gs", App: "google_sheets"})
	if len(sheets) != 4 || sheets[0].Header[0] != "Name" {
		t.Errorf("sheets: %+v", sheets)
	}
	if _, err := p1.GitHubRepos(ctx, a); err == nil {
		t.Error("a slack account has repositories")
	}
}

func TestChangesArePublished(t *testing.T) {
	ctx := context.Background()
	p := New(fixedNow, nil)
	a := Account{ID: "apn_1", App: "github", Name: "Bo"}
	var mu sync.Mutex
	var got []Change
	cancel := p.Subscribe(a.ID, func(c Change) { mu.Lock(); got = append(got, c); mu.Unlock() })
	repos, _ := p.GitHubRepos(ctx, a)
	iss, err := p.GitHubCreateIssue(ctx, a, repos[0].FullName, "Broken", "It broke", []string{"bug"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.GitHubCreateIssue(ctx, a, "bo/missing", "x", "", nil); !errors.As(err, new(*NotFoundError)) {
		t.Errorf("missing repo: %v", err)
	}
	cancel()
	if _, err := p.GitHubCloseIssue(ctx, a, repos[0].FullName, iss.Number); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0].Kind != KindGitHubIssue || got[0].AccountID != "apn_1" || got[0].Key != repos[0].FullName ||
		got[0].Item.(GitHubIssue).Title != "Broken" {
		t.Errorf("changes = %+v", got)
	}
	list, _ := p.GitHubIssues(ctx, a, repos[0].FullName, "closed")
	if len(list) == 0 || list[0].Number != iss.Number {
		t.Errorf("closed issues: %+v", list)
	}
}

// memPersist is a Persister in a map.
type memPersist struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (m *memPersist) LoadState(_ context.Context, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[id], nil
}

func (m *memPersist) SaveState(_ context.Context, id string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[id] = b
	return nil
}

func TestStateSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	store := &memPersist{m: map[string][]byte{}}
	a := Account{ID: "apn_2", App: "slack"}
	first := New(fixedNow, store)
	if _, err := first.SlackPost(ctx, a, "general", "kept"); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := New(fixedNow, store)
	defer second.Close()
	msgs, _, err := second.SlackMessages(ctx, a, "#general", 1)
	if err != nil || len(msgs) != 1 || msgs[0].Text != "kept" {
		t.Errorf("after restart: %+v %v", msgs, err)
	}
}

func TestStateIsBounded(t *testing.T) {
	ctx := context.Background()
	p := New(fixedNow, nil)
	a := Account{ID: "apn_big", App: "slack"}
	for i := range maxMessagesPerChannel + 10 {
		if _, err := p.SlackPost(ctx, a, "general", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _, _ := p.SlackMessages(ctx, a, "general", 1000)
	if len(msgs) != maxMessagesPerChannel || msgs[0].Text != fmt.Sprint(maxMessagesPerChannel+9) {
		t.Errorf("%d messages kept, newest %q", len(msgs), msgs[0].Text)
	}
	g := Account{ID: "apn_gh", App: "github"}
	repos, _ := p.GitHubRepos(ctx, g)
	var err error
	for i := 0; err == nil && i <= maxHooksPerRepo; i++ {
		_, err = p.GitHubCreateHook(ctx, g, repos[0].FullName, "https://example.com/h", "", nil)
	}
	if !errors.As(err, new(*LimitError)) {
		t.Errorf("hooks past the limit: %v", err)
	}
}
