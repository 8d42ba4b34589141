// Package trigger runs the sandbox's deployed triggers: it keeps each
// user's deployed triggers and their recent events, turns the simulated
// provider's changes (and timers) into events, and delivers each event,
// signed as server/pipedream documents, to the trigger's webhooks.
package trigger

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Errors of the Engine, for the HTTP layer to map to statuses.
var (
	ErrNotFound = errors.New("deployed trigger not found")
	ErrInvalid  = errors.New("invalid trigger request")
	ErrLimit    = errors.New("too many deployed triggers")
)

// Limits.
const (
	MaxEvents          = 100 // kept per trigger, newest first
	MaxWebhooks        = 10  // per trigger
	MaxTriggersPerUser = 100
	MaxEventSize       = 256 << 10 // an emitted event's JSON
)

// Scope is the project, environment and end user a trigger belongs to.
type Scope struct {
	ProjectID, Environment, ExternalUserID string
}

// Options configure an Engine.
type Options struct {
	// Definitions are the trigger components that can be deployed, by key.
	Definitions map[string]*Definition
	// Check validates the props def is deployed with for sc and returns
	// them completed, with the account of its app prop ("" for none); an
	// error wrapping ErrInvalid names what is wrong.
	Check func(ctx context.Context, sc Scope, def *Definition, props pipedream.ConfiguredProps) (pipedream.ConfiguredProps, string, error)
	// OwnerID is the owner_id reported for sc's triggers.
	OwnerID func(sc Scope) string
	// Watch subscribes fn to the simulated provider's changes of one
	// account until cancel is called; nil watches nothing (Observe still
	// emits). The Engine holds one subscription per account in use.
	Watch func(accountID string, fn func(Change)) (cancel func())
	// Deliver sends events to webhooks; see Deliverer.
	Deliver *Deliverer
	// TimerMinimum is the shortest interval a timer fires at, whatever its
	// prop says (the service's minimum; tests lower it). Default 60 s.
	TimerMinimum time.Duration
	// Persist, when not nil, keeps the triggers across restarts: changes
	// are saved in the background, Load restores them, Close saves the
	// last.
	Persist Persister
	Logger  *slog.Logger
	Now     func() time.Time
}

// Engine holds the deployed triggers. It is safe for concurrent use.
type Engine struct {
	opts Options

	mu    sync.Mutex
	byID  map[string]*record
	users map[Scope]int // triggers per user, for MaxTriggersPerUser
	watch map[string]*watch
	// changes holds the provider's changes for one goroutine to observe, so
	// that the provider's callback neither blocks nor takes e.mu.
	changes chan Change
	// dirty holds the triggers changed or removed since the last save;
	// wake tells the saver.
	dirty map[string]bool
	wake  chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// watch is one provider subscription shared by the triggers of an account.
type watch struct {
	n      int
	cancel func()
}

// record is one deployed trigger and everything the sandbox keeps of it.
type record struct {
	scope     Scope
	def       *Definition
	t         pipedream.DeployedTrigger
	accountID string // the app prop's account; "" for timers
	hooks     []pipedream.TriggerWebhook
	pipelines []string
	events    []pipedream.EmittedEvent // newest first
	stopTimer context.CancelFunc
}

// New returns an Engine; Close stops its timers. With Options.Persist,
// call Load to restore the saved triggers.
func New(opts Options) *Engine {
	if opts.TimerMinimum <= 0 {
		opts.TimerMinimum = time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OwnerID == nil {
		opts.OwnerID = func(Scope) string { return "o_sandbox" }
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{opts: opts, byID: map[string]*record{}, users: map[Scope]int{}, watch: map[string]*watch{}, changes: make(chan Change, changeQueue), dirty: map[string]bool{}, wake: make(chan struct{}, 1), ctx: ctx, cancel: cancel}
	e.wg.Add(1)
	go e.observeLoop()
	if opts.Persist != nil {
		e.wg.Add(1)
		go e.saver()
	}
	return e
}

// changeQueue bounds the provider changes waiting to be observed.
const changeQueue = 4096

func (e *Engine) observeLoop() {
	defer e.wg.Done()
	for {
		select {
		case ch := <-e.changes:
			e.Observe(ch)
		case <-e.ctx.Done():
			return
		}
	}
}

// enqueue hands a provider change to observeLoop without blocking; a full
// queue drops it (logged).
func (e *Engine) enqueue(ch Change) {
	select {
	case e.changes <- ch:
	default:
		e.opts.Logger.Warn("trigger: provider change dropped: queue full", "account", ch.AccountID, "kind", ch.Kind)
	}
}

// Close stops every timer and saves what changed since the last save.
// Deliveries are the Deliverer's to stop.
func (e *Engine) Close() error {
	e.cancel()
	e.wg.Wait()
	return e.flush(context.Background())
}

// Definition returns the trigger component with key.
func (e *Engine) Definition(key string) (*Definition, bool) {
	d, ok := e.opts.Definitions[key]
	return d, ok
}

// DeployRequest is what triggers.deploy sends, already decoded.
type DeployRequest struct {
	Key             string
	ConfiguredProps pipedream.ConfiguredProps
	WebhookURL      string
	WorkflowID      string
	EmitOnDeploy    bool
}

// Deploy creates a trigger for sc and returns it with its signing key.
func (e *Engine) Deploy(ctx context.Context, sc Scope, req DeployRequest) (pipedream.DeployedTrigger, error) {
	def, ok := e.opts.Definitions[req.Key]
	if !ok {
		return pipedream.DeployedTrigger{}, fmt.Errorf("%w: no trigger with key %q", ErrNotFound, req.Key)
	}
	props, accountID, err := e.checkProps(ctx, sc, def, req.ConfiguredProps)
	if err != nil {
		return pipedream.DeployedTrigger{}, err
	}
	now := e.opts.Now()
	var hooks []pipedream.TriggerWebhook
	if req.WebhookURL != "" {
		h, err := e.newHook(req.WebhookURL, now)
		if err != nil {
			return pipedream.DeployedTrigger{}, err
		}
		hooks = append(hooks, h)
	}
	emit := req.EmitOnDeploy
	id := "dc_" + randomID()
	rec := &record{
		scope:     sc,
		def:       def,
		accountID: accountID,
		hooks:     hooks,
		t: pipedream.DeployedTrigger{
			ID:                id,
			OwnerID:           e.opts.OwnerID(sc),
			ComponentID:       "sc_" + strings.ReplaceAll(def.Component.Key, "-", "_"),
			ComponentKey:      def.Component.Key,
			ConfigurableProps: def.Component.ConfigurableProps,
			ConfiguredProps:   props,
			Active:            true,
			CreatedAt:         pipedream.EpochMillis(now.UnixMilli()),
			UpdatedAt:         pipedream.EpochMillis(now.UnixMilli()),
			Name:              def.Component.Name,
			NameSlug:          def.Component.Key,
			EmitOnDeploy:      &emit,
			Type:              pipedream.DeployedTriggerType,
		},
	}
	if req.WorkflowID != "" {
		rec.pipelines = []string{req.WorkflowID}
	}
	e.mu.Lock()
	if e.users[sc] >= MaxTriggersPerUser {
		e.mu.Unlock()
		return pipedream.DeployedTrigger{}, fmt.Errorf("%w: a user may deploy at most %d triggers", ErrLimit, MaxTriggersPerUser)
	}
	e.users[sc]++
	e.byID[id] = rec
	e.addWatch(accountID)
	e.startTimer(rec)
	e.markDirty(id)
	out := rec.wire(true)
	e.mu.Unlock()
	if emit {
		for _, ev := range def.recent(ctx, accountID, props, now) {
			e.emit(id, ev)
		}
	}
	return out, nil
}

// checkProps validates configured props against def and returns them with
// the app prop's account id.
func (e *Engine) checkProps(ctx context.Context, sc Scope, def *Definition, props pipedream.ConfiguredProps) (pipedream.ConfiguredProps, string, error) {
	if props == nil {
		props = pipedream.ConfiguredProps{}
	}
	if len(props) > 32 {
		return nil, "", fmt.Errorf("%w: too many configured props", ErrInvalid)
	}
	return e.opts.Check(ctx, sc, def, props)
}

// get returns sc's trigger id, under e.mu.
func (e *Engine) get(sc Scope, id string) (*record, error) {
	rec, ok := e.byID[id]
	if !ok || rec.scope != sc {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return rec, nil
}

// List returns sc's triggers, oldest first.
func (e *Engine) List(sc Scope) []pipedream.DeployedTrigger {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []pipedream.DeployedTrigger
	for _, rec := range e.byID {
		if rec.scope == sc {
			out = append(out, rec.wire(true))
		}
	}
	slices.SortFunc(out, func(a, b pipedream.DeployedTrigger) int {
		if a.CreatedAt != b.CreatedAt {
			return int(a.CreatedAt - b.CreatedAt)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Get returns sc's trigger id.
func (e *Engine) Get(sc Scope, id string) (pipedream.DeployedTrigger, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return pipedream.DeployedTrigger{}, err
	}
	return rec.wire(true), nil
}

// Update changes sc's trigger id as a PUT says.
func (e *Engine) Update(ctx context.Context, sc Scope, id string, u pipedream.TriggerUpdate) (pipedream.DeployedTrigger, error) {
	e.mu.Lock()
	rec, err := e.get(sc, id)
	var def *Definition
	if err == nil {
		def = rec.def
	}
	e.mu.Unlock()
	if err != nil {
		return pipedream.DeployedTrigger{}, err
	}
	var props pipedream.ConfiguredProps
	var accountID string
	if u.ConfiguredProps != nil {
		if props, accountID, err = e.checkProps(ctx, sc, def, u.ConfiguredProps); err != nil {
			return pipedream.DeployedTrigger{}, err
		}
	}
	if len(u.Name) > 200 {
		return pipedream.DeployedTrigger{}, fmt.Errorf("%w: name longer than 200 characters", ErrInvalid)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if rec, err = e.get(sc, id); err != nil {
		return pipedream.DeployedTrigger{}, err
	}
	if props != nil {
		e.dropWatch(rec.accountID)
		e.addWatch(accountID)
		rec.t.ConfiguredProps, rec.accountID = props, accountID
	}
	if u.Active != nil {
		rec.t.Active = *u.Active
	}
	if u.Name != "" {
		rec.t.Name = u.Name
	}
	if u.EmitOnDeploy != nil {
		v := *u.EmitOnDeploy
		rec.t.EmitOnDeploy = &v
	}
	rec.t.UpdatedAt = pipedream.EpochMillis(e.opts.Now().UnixMilli())
	e.startTimer(rec) // the interval may have changed
	e.markDirty(id)
	return rec.wire(true), nil
}

// Delete removes sc's trigger id with its events.
func (e *Engine) Delete(sc Scope, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return err
	}
	e.remove(rec)
	return nil
}

// remove drops rec, under e.mu.
func (e *Engine) remove(rec *record) {
	if rec.stopTimer != nil {
		rec.stopTimer()
	}
	delete(e.byID, rec.t.ID)
	e.markDirty(rec.t.ID)
	e.dropWatch(rec.accountID)
	if e.users[rec.scope]--; e.users[rec.scope] <= 0 {
		delete(e.users, rec.scope)
	}
}

// addWatch counts one more trigger of accountID, subscribing to its
// changes for the first, under e.mu.
func (e *Engine) addWatch(accountID string) {
	if accountID == "" || e.opts.Watch == nil {
		return
	}
	w := e.watch[accountID]
	if w == nil {
		w = &watch{cancel: e.opts.Watch(accountID, e.enqueue)}
		e.watch[accountID] = w
	}
	w.n++
}

// dropWatch counts one trigger of accountID less, ending the subscription
// after the last, under e.mu.
func (e *Engine) dropWatch(accountID string) {
	w := e.watch[accountID]
	if w == nil {
		return
	}
	if w.n--; w.n <= 0 {
		delete(e.watch, accountID)
		w.cancel()
	}
}

// DropAccounts removes every trigger using an account for which gone
// reports true: an account deleted takes its triggers with it.
func (e *Engine) DropAccounts(gone func(accountID string) bool) int {
	e.mu.Lock()
	var check []*record
	for _, rec := range e.byID {
		if rec.accountID != "" {
			check = append(check, rec)
		}
	}
	e.mu.Unlock()
	n := 0
	for _, rec := range check {
		if gone(rec.accountID) {
			e.mu.Lock()
			if e.byID[rec.t.ID] == rec {
				e.remove(rec)
				n++
			}
			e.mu.Unlock()
		}
	}
	return n
}

// Events returns up to n of sc's trigger's events, newest first.
func (e *Engine) Events(sc Scope, id string, n int) ([]pipedream.EmittedEvent, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return nil, err
	}
	n = min(max(n, 0), len(rec.events))
	return slices.Clone(rec.events[:n]), nil
}

// Webhooks returns sc's trigger's webhooks, with keys when withKeys.
func (e *Engine) Webhooks(sc Scope, id string, withKeys bool) (pipedream.TriggerWebhooks, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return pipedream.TriggerWebhooks{}, err
	}
	return rec.webhooks(withKeys), nil
}

// SetWebhooks replaces the trigger's webhook URLs; a URL kept keeps its
// webhook and key.
func (e *Engine) SetWebhooks(sc Scope, id string, urls []string, withKeys bool) (pipedream.TriggerWebhooks, error) {
	if len(urls) > MaxWebhooks {
		return pipedream.TriggerWebhooks{}, fmt.Errorf("%w: at most %d webhook URLs", ErrInvalid, MaxWebhooks)
	}
	now := e.opts.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return pipedream.TriggerWebhooks{}, err
	}
	var hooks []pipedream.TriggerWebhook
	for _, u := range urls {
		if slices.ContainsFunc(hooks, func(h pipedream.TriggerWebhook) bool { return h.URL == u }) {
			continue
		}
		if i := slices.IndexFunc(rec.hooks, func(h pipedream.TriggerWebhook) bool { return h.URL == u }); i >= 0 {
			hooks = append(hooks, rec.hooks[i])
			continue
		}
		h, err := e.newHook(u, now)
		if err != nil {
			return pipedream.TriggerWebhooks{}, err
		}
		hooks = append(hooks, h)
	}
	rec.hooks = hooks
	e.markDirty(id)
	return rec.webhooks(withKeys), nil
}

// Webhook returns one webhook with its key; regenerate replaces the key
// first.
func (e *Engine) Webhook(sc Scope, id, hookID string, regenerate bool) (pipedream.TriggerWebhook, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return pipedream.TriggerWebhook{}, err
	}
	i := slices.IndexFunc(rec.hooks, func(h pipedream.TriggerWebhook) bool { return h.ID == hookID })
	if i < 0 {
		return pipedream.TriggerWebhook{}, fmt.Errorf("%w: webhook %s", ErrNotFound, hookID)
	}
	if regenerate {
		rec.hooks[i].SigningKey = newKey()
		rec.hooks[i].UpdatedAt = pipedream.EpochMillis(e.opts.Now().UnixMilli())
		e.markDirty(id)
	}
	return rec.hooks[i], nil
}

// Pipelines returns, or with set replaces, the trigger's workflow ids.
func (e *Engine) Pipelines(sc Scope, id string, set []string) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, err := e.get(sc, id)
	if err != nil {
		return nil, err
	}
	if set != nil {
		if len(set) > MaxWebhooks {
			return nil, fmt.Errorf("%w: at most %d workflows", ErrInvalid, MaxWebhooks)
		}
		rec.pipelines = slices.Clone(set)
		e.markDirty(id)
	}
	return append([]string{}, rec.pipelines...), nil
}

func (e *Engine) newHook(raw string, now time.Time) (pipedream.TriggerWebhook, error) {
	if e.opts.Deliver != nil {
		if err := e.opts.Deliver.Allowed(raw); err != nil {
			return pipedream.TriggerWebhook{}, fmt.Errorf("%w: webhook_url: %w", ErrInvalid, err)
		}
	}
	ms := pipedream.EpochMillis(now.UnixMilli())
	return pipedream.TriggerWebhook{ID: "hook_" + randomID(), URL: raw, SigningKey: newKey(), SigningKeySet: true, CreatedAt: ms, UpdatedAt: ms}, nil
}

// wire is the trigger as the API shows it, with its signing key when
// withKey (answers to the OAuth client only).
func (rec *record) wire(withKey bool) pipedream.DeployedTrigger {
	t := rec.t
	t.ConfiguredProps = maps(rec.t.ConfiguredProps)
	if withKey && len(rec.hooks) > 0 {
		t.WebhookSigningKey = rec.hooks[0].SigningKey
	}
	return t
}

func (rec *record) webhooks(withKeys bool) pipedream.TriggerWebhooks {
	out := pipedream.TriggerWebhooks{WebhookURLs: []string{}, Webhooks: []pipedream.TriggerWebhook{}}
	for _, h := range rec.hooks {
		out.WebhookURLs = append(out.WebhookURLs, h.URL)
		if !withKeys {
			h.SigningKey = ""
		}
		out.Webhooks = append(out.Webhooks, h)
	}
	return out
}

// Event is one thing a trigger emits, before it gets an id and time.
type Event struct {
	Body    map[string]any
	Summary string
}

// emit records ev as trigger id's newest event and sends it to its
// webhooks; a paused or deleted trigger emits nothing.
func (e *Engine) emit(id string, ev Event) {
	body, err := json.Marshal(ev.Body)
	if err != nil || len(body) > MaxEventSize {
		e.opts.Logger.Warn("trigger event not emitted: too large or not JSON", "trigger", id, "err", err)
		return
	}
	now := e.opts.Now()
	em := pipedream.EmittedEvent{ID: "evt_" + randomID(), TS: pipedream.EpochMillis(now.UnixMilli()), K: "emit", E: body, Sum: ev.Summary}
	e.mu.Lock()
	rec, ok := e.byID[id]
	if !ok || !rec.t.Active {
		e.mu.Unlock()
		return
	}
	rec.events = slices.Insert(rec.events, 0, em)
	if len(rec.events) > MaxEvents {
		rec.events = rec.events[:MaxEvents]
	}
	e.markDirty(id)
	hooks := slices.Clone(rec.hooks)
	user := rec.scope.ExternalUserID
	e.mu.Unlock()
	if e.opts.Deliver == nil {
		return
	}
	for _, h := range hooks {
		e.opts.Deliver.Send(Delivery{
			URL: h.URL, Key: h.SigningKey,
			Event: pipedream.TriggerEvent{EmittedEvent: em, DeployedTriggerID: id, ExternalUserID: user},
		})
	}
}

// Change is one change in the simulated provider's state of an account.
type Change struct {
	AccountID string
	Kind      string         // e.g. github.issue, slack.message
	Item      map[string]any // the new item, as the provider's API shows it
}

// Observe emits the change to every active trigger watching it.
func (e *Engine) Observe(ch Change) {
	type hit struct {
		id string
		ev Event
	}
	var hits []hit
	e.mu.Lock()
	for id, rec := range e.byID {
		if rec.accountID != ch.AccountID || !rec.t.Active || rec.def.Kind != ch.Kind || rec.def.Match == nil {
			continue
		}
		if ev, ok := rec.def.Match(rec.t.ConfiguredProps, ch.Item); ok {
			hits = append(hits, hit{id, ev})
		}
	}
	e.mu.Unlock()
	for _, h := range hits {
		e.emit(h.id, h.ev)
	}
}

// Count is how many triggers are deployed.
func (e *Engine) Count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.byID)
}

// maps copies props one level deep, so callers cannot change a record.
func maps(p pipedream.ConfiguredProps) pipedream.ConfiguredProps {
	out := make(pipedream.ConfiguredProps, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func randomID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(idEncoding.EncodeToString(b))
}

func newKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + strings.ToLower(idEncoding.EncodeToString(b))
}

// Reset deletes every trigger.
func (e *Engine) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, rec := range e.byID {
		e.remove(rec)
	}
}
