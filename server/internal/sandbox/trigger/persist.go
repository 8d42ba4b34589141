package trigger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Persister keeps deployed triggers across restarts, each as an opaque
// record by trigger id.
type Persister interface {
	// LoadTriggers returns every saved trigger's record, by id.
	LoadTriggers(ctx context.Context) (map[string][]byte, error)
	// SaveTriggers saves put and removes the triggers remove names, in
	// one write.
	SaveTriggers(ctx context.Context, put map[string][]byte, remove []string) error
}

// saved is what a Persister keeps of one trigger: everything but its
// definition (found again by key) and its timer.
type saved struct {
	Scope     Scope                      `json:"scope"`
	Trigger   pipedream.DeployedTrigger  `json:"trigger"`
	AccountID string                     `json:"account_id,omitempty"`
	Webhooks  []pipedream.TriggerWebhook `json:"webhooks,omitempty"`
	Pipelines []string                   `json:"pipelines,omitempty"`
	Events    []pipedream.EmittedEvent   `json:"events,omitempty"` // newest first
}

// saveDelay is how long the saver lets changes gather before it writes
// them: a burst of events costs one write.
const saveDelay = 50 * time.Millisecond

// Load restores the triggers the Persister saved, with their timers and
// provider subscriptions, for them to fire again. A record that cannot be
// decoded, or whose trigger the sandbox no longer has, is dropped (and
// logged).
func (e *Engine) Load(ctx context.Context) error {
	if e.opts.Persist == nil {
		return nil
	}
	all, err := e.opts.Persist.LoadTriggers(ctx)
	if err != nil {
		return fmt.Errorf("load triggers: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, b := range all {
		var s saved
		if err := json.Unmarshal(b, &s); err != nil || s.Trigger.ID != id {
			e.opts.Logger.Warn("trigger: saved trigger dropped: unreadable", "trigger", id, "err", err)
			e.markDirty(id)
			continue
		}
		def, ok := e.opts.Definitions[s.Trigger.ComponentKey]
		if !ok || e.users[s.Scope] >= MaxTriggersPerUser || e.byID[id] != nil {
			e.opts.Logger.Warn("trigger: saved trigger dropped: unknown component or over the limit", "trigger", id, "component", s.Trigger.ComponentKey)
			e.markDirty(id)
			continue
		}
		s.Trigger.ConfigurableProps = def.Component.ConfigurableProps
		if len(s.Events) > MaxEvents {
			s.Events = s.Events[:MaxEvents]
		}
		rec := &record{scope: s.Scope, def: def, t: s.Trigger, accountID: s.AccountID, hooks: s.Webhooks, pipelines: s.Pipelines, events: s.Events}
		e.byID[id] = rec
		e.users[rec.scope]++
		e.addWatch(rec.accountID)
		e.startTimer(rec)
	}
	return nil
}

// markDirty notes that trigger id changed (or went) since the last save
// and wakes the saver, under e.mu.
func (e *Engine) markDirty(id string) {
	if e.opts.Persist == nil {
		return
	}
	e.dirty[id] = true
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// saver writes changed triggers saveDelay after a change, until Close.
func (e *Engine) saver() {
	defer e.wg.Done()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-e.wake:
		}
		select {
		case <-e.ctx.Done():
			return
		case <-time.After(saveDelay):
		}
		if err := e.flush(context.Background()); err != nil {
			e.opts.Logger.Warn("trigger: save deployed triggers (retried on the next change)", "err", err)
		}
	}
}

// flush saves every changed trigger and removes the ones gone. What fails
// stays dirty for the next round.
func (e *Engine) flush(ctx context.Context) error {
	if e.opts.Persist == nil {
		return nil
	}
	e.mu.Lock()
	put := map[string][]byte{}
	var remove []string
	var errs []error
	for id := range e.dirty {
		delete(e.dirty, id)
		rec, ok := e.byID[id]
		if !ok {
			remove = append(remove, id)
			continue
		}
		t := rec.t
		t.ConfigurableProps = nil // the definition's, restored on load
		b, err := json.Marshal(saved{Scope: rec.scope, Trigger: t, AccountID: rec.accountID, Webhooks: rec.hooks, Pipelines: rec.pipelines, Events: rec.events})
		if err != nil {
			errs = append(errs, fmt.Errorf("encode trigger %s: %w", id, err))
			continue
		}
		put[id] = b
	}
	e.mu.Unlock()
	if len(put) == 0 && len(remove) == 0 {
		return errors.Join(errs...)
	}
	if err := e.opts.Persist.SaveTriggers(ctx, put, remove); err != nil {
		e.mu.Lock()
		for id := range put {
			e.dirty[id] = true
		}
		for _, id := range remove {
			e.dirty[id] = true
		}
		e.mu.Unlock()
		errs = append(errs, fmt.Errorf("save triggers: %w", err))
	}
	return errors.Join(errs...)
}
