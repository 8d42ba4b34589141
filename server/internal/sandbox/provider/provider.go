// Package provider is the sandbox's simulated provider: the state behind
// each connected account (a Slack workspace's channels and messages, a
// GitHub user's repositories and issues, spreadsheets with rows...). The
// sandbox's actions and its Connect proxy read and change the same state,
// and every change is published to subscribers, so triggers fire on what
// an action or a proxied request did.
//
// An account's state is seeded on first use, deterministically from its
// id: the same account always starts with the same channels, repositories
// and sheets.
package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"time"
)

// Account is whose state a call reads or changes.
type Account struct {
	ID   string // apn_...
	App  string // the app's name slug
	Name string // display name, used to seed user names and addresses
}

// Change is one change to an account's state.
type Change struct {
	AccountID string
	App       string
	Kind      string // what changed: one of the Kind constants
	Key       string // where: a channel id, a repository's full name, a sheet id...
	Item      any    // the new or changed item, e.g. a SlackMessage or a GitHubIssue (a copy)
}

// Kinds of change.
const (
	KindSlackMessage = "slack.message"     // Key: channel id; Item: SlackMessage
	KindSlackChannel = "slack.channel"     // Key: channel id; Item: SlackChannel
	KindGitHubIssue  = "github.issue"      // Key: repository full name; Item: GitHubIssue (created or closed)
	KindGitHubHook   = "github.webhook"    // Key: repository full name; Item: GitHubHook
	KindSheetRow     = "google_sheets.row" // Key: sheet id; Item: SheetRow
	KindSheet        = "google_sheets.sheet"
	KindRecord       = "record" // Key: the collection, e.g. "tasks"; Item: Record
)

// State is one account's data. Only the part of its app is set.
type State struct {
	App    string  `json:"app"`
	Slack  *Slack  `json:"slack,omitempty"`
	GitHub *GitHub `json:"github,omitempty"`
	Sheets *Sheets `json:"google_sheets,omitempty"`
	// Records holds the simpler apps' items (Notion pages, Gmail
	// messages, Stripe customers, Todoist tasks, HubSpot contacts) by
	// collection name, oldest first.
	Records map[string][]Record `json:"records,omitempty"`
}

// Persister saves states across restarts. Load returns nil, nil for an
// account it has nothing for.
type Persister interface {
	LoadState(ctx context.Context, accountID string) ([]byte, error)
	SaveState(ctx context.Context, accountID string, state []byte) error
}

// Provider holds every account's state. It is safe for concurrent use.
type Provider struct {
	now     func() time.Time
	persist Persister // nil: memory only

	mu     sync.Mutex
	states map[string]*State
	dirty  map[string]bool                 // accounts changed since the last save
	subs   map[string]map[int]func(Change) // by account id
	nextID int
	seq    int64 // makes ids and timestamps of new items unique

	wake      chan struct{} // a change waits to be saved
	stop      chan struct{}
	saverDone chan struct{}
	closeOnce sync.Once
}

// saveDelay is how long the saver lets changes gather before it writes
// them: a run never waits for the disk, and a burst of runs costs one
// write per account.
const saveDelay = 50 * time.Millisecond

// New returns a Provider using now as its clock and, when p is not nil,
// saving changed states with p in the background (Close saves the last).
func New(now func() time.Time, p Persister) *Provider {
	if now == nil {
		now = time.Now
	}
	pr := &Provider{now: now, persist: p, states: map[string]*State{}, dirty: map[string]bool{},
		subs: map[string]map[int]func(Change){}, wake: make(chan struct{}, 1), stop: make(chan struct{}), saverDone: make(chan struct{})}
	if p == nil {
		close(pr.saverDone)
	} else {
		go pr.saver()
	}
	return pr
}

// Close saves what changed and stops the saver. It is safe to call more
// than once.
func (p *Provider) Close() error {
	p.closeOnce.Do(func() { close(p.stop) })
	<-p.saverDone
	return p.flush(context.Background())
}

// saver writes changed states saveDelay after a change, until Close.
func (p *Provider) saver() {
	defer close(p.saverDone)
	for {
		select {
		case <-p.stop:
			return
		case <-p.wake:
		}
		select {
		case <-p.stop:
			return
		case <-time.After(saveDelay):
		}
		_ = p.flush(context.Background()) // a failed save stays dirty for the next round
	}
}

// flush saves every changed state.
func (p *Provider) flush(ctx context.Context) error {
	if p.persist == nil {
		return nil
	}
	p.mu.Lock()
	snapshots := make(map[string][]byte, len(p.dirty))
	var errs []error
	for id := range p.dirty {
		if s, ok := p.states[id]; ok {
			b, err := json.Marshal(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("provider: encode state of %s: %w", id, err))
				continue
			}
			snapshots[id] = b
		}
		delete(p.dirty, id)
	}
	p.mu.Unlock()
	for id, b := range snapshots {
		if err := p.persist.SaveState(ctx, id, b); err != nil {
			errs = append(errs, fmt.Errorf("provider: save state of %s: %w", id, err))
			p.mu.Lock()
			p.dirty[id] = true
			p.mu.Unlock()
		}
	}
	return errors.Join(errs...)
}

// Subscribe calls fn with every change to accountID's state, after the
// change is made, on the goroutine that made it; fn must not block nor
// call back into the Provider's writing methods. The returned func ends
// the subscription.
func (p *Provider) Subscribe(accountID string, fn func(Change)) (cancel func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	if p.subs[accountID] == nil {
		p.subs[accountID] = map[int]func(Change){}
	}
	p.subs[accountID][id] = fn
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.subs[accountID], id)
		if len(p.subs[accountID]) == 0 {
			delete(p.subs, accountID)
		}
	}
}

// Reset forgets every state; accounts are seeded afresh on next use.
func (p *Provider) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.states, p.dirty = map[string]*State{}, map[string]bool{}
}

// Forget drops one account's state (the account was deleted).
func (p *Provider) Forget(accountID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.states, accountID)
	delete(p.dirty, accountID)
}

// view runs fn on a's state under the lock.
func (p *Provider) view(ctx context.Context, a Account, fn func(*State) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.state(ctx, a)
	if err != nil {
		return err
	}
	return fn(s)
}

// update runs fn on a's state under the lock, marks the state for saving
// and then publishes the changes fn reported, outside the lock.
func (p *Provider) update(ctx context.Context, a Account, fn func(*State, *[]Change) error) error {
	var changes []Change
	var subs []func(Change)
	err := func() error {
		p.mu.Lock()
		defer p.mu.Unlock()
		s, err := p.state(ctx, a)
		if err != nil {
			return err
		}
		if err := fn(s, &changes); err != nil {
			return err
		}
		if p.persist != nil && len(changes) > 0 {
			p.dirty[a.ID] = true
			select {
			case p.wake <- struct{}{}:
			default:
			}
		}
		for _, fn := range p.subs[a.ID] {
			subs = append(subs, fn)
		}
		return nil
	}()
	if err != nil {
		return err
	}
	for _, c := range changes {
		c.AccountID, c.App = a.ID, a.App
		for _, fn := range subs {
			fn(c)
		}
	}
	return nil
}

// state returns a's state, loading or seeding it. The lock is held.
func (p *Provider) state(ctx context.Context, a Account) (*State, error) {
	if s, ok := p.states[a.ID]; ok && s.App == a.App {
		return s, nil
	}
	if p.persist != nil {
		b, err := p.persist.LoadState(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("provider: load state: %w", err)
		}
		if b != nil {
			s := &State{}
			if err := json.Unmarshal(b, s); err == nil && s.App == a.App {
				p.states[a.ID] = s
				return s, nil
			}
		}
	}
	s := seed(a)
	p.states[a.ID] = s
	return s, nil
}

// next returns a number unique among this Provider's new items.
func (p *Provider) next() int64 {
	p.seq++
	return p.seq
}

// Limits on what one account's state may grow to, so that no caller can
// grow the sandbox without bound: the oldest messages go, other additions
// past a limit are refused with a *LimitError.
const (
	maxMessagesPerChannel = 200
	maxChannels           = 500
	maxIssuesPerRepo      = 1000
	maxHooksPerRepo       = 20 // GitHub's own limit per event
	maxSheets             = 100
	maxRowsPerSheet       = 5000
	maxRecords            = 1000 // per collection
)

// LimitError is an addition refused because the state is full.
type LimitError struct {
	What string
	Max  int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("the sandbox keeps at most %d %s: delete some or use another account", e.Max, e.What)
}

// seedEpoch is the time seeded items are dated from.
var seedEpoch = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)

// rng returns a's deterministic random source.
func rng(a Account, salt string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(a.ID + "|" + a.App + "|" + salt))
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s>>7|1))
}

// seed builds a's first state.
func seed(a Account) *State {
	s := &State{App: a.App}
	switch a.App {
	case "slack":
		s.Slack = seedSlack(a)
	case "github":
		s.GitHub = seedGitHub(a)
	case "google_sheets":
		s.Sheets = seedSheets(a)
	default:
		s.Records = seedRecords(a)
	}
	return s
}

// NotFoundError is a provider-side "no such thing", which actions report
// as the provider's error and the proxy as a 404.
type NotFoundError struct {
	What, ID string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q not found", e.What, e.ID) }

// code returns a random id of n characters from alphabet.
func code(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	upperDigits = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	lowerDigits = "abcdefghijkmnopqrstuvwxyz0123456789"
)

// pick returns one of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// handle derives a user name from an account's display name.
func handle(a Account) string {
	out := make([]byte, 0, len(a.Name))
	for _, c := range []byte(a.Name) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case c == ' ' || c == '-' || c == '_' || c == '.':
			if len(out) > 0 && out[len(out)-1] != '-' {
				out = append(out, '-')
			}
		case c == '(' || c == '@':
			goto done
		}
	}
done:
	for len(out) > 0 && out[len(out)-1] == '-' {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return "user-" + code(rng(a, "handle"), lowerDigits, 6)
	}
	if len(out) > 30 {
		out = out[:30]
	}
	return string(out)
}

// slack, github and sheets return a's part of the state, or an error
// when a is an account of another app; channel, repo and sheet find one
// item in it too, or a *NotFoundError.
func (s *State) slack(a Account) (*Slack, error) {
	if s.Slack == nil {
		return nil, errWrongApp(a, "slack")
	}
	return s.Slack, nil
}

func (s *State) channel(a Account, idOrName string) (*Slack, *SlackChannel, error) {
	sl, err := s.slack(a)
	if err != nil {
		return nil, nil, err
	}
	c, err := sl.channel(idOrName)
	return sl, c, err
}

func (s *State) github(a Account) (*GitHub, error) {
	if s.GitHub == nil {
		return nil, errWrongApp(a, "github")
	}
	return s.GitHub, nil
}

func (s *State) repo(a Account, fullName string) (*GitHub, *GitHubRepo, error) {
	g, err := s.github(a)
	if err != nil {
		return nil, nil, err
	}
	r, err := g.repo(fullName)
	return g, r, err
}

func (s *State) sheets(a Account) (*Sheets, error) {
	if s.Sheets == nil {
		return nil, errWrongApp(a, "google_sheets")
	}
	return s.Sheets, nil
}

func (s *State) sheet(a Account, id string) (*Sheets, *Sheet, error) {
	gs, err := s.sheets(a)
	if err != nil {
		return nil, nil, err
	}
	sh, err := gs.sheet(id)
	return gs, sh, err
}
