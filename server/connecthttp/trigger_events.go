package connecthttp

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Trigger event limits.
const (
	// triggerEventRate is how many trigger events a user may receive per
	// minute, counted per user after the URI's MAC: every genuine event
	// comes from the service's own few addresses.
	triggerEventRate = 600
	// maxTriggerEvent bounds a delivery's body.
	maxTriggerEvent = 512 << 10
	// maxStreamedEvent bounds the event data put on a user's stream; a
	// larger event is streamed without its e (the page can list it).
	maxStreamedEvent = 64 << 10
	// maxKeys bounds the signing keys cached.
	maxKeys = 10_000
)

// errNoSuchTrigger: the event names a trigger that is not the URI's user's.
var errNoSuchTrigger = errors.New("the event's trigger is not this user's")

// triggerEvent answers POST /connect/trigger-events: an event of one of
// the user's deployed triggers, at the standing URI Config.TriggerWebhooks
// made. It checks, in order: the URI (403), the per-user rate (429), the
// event's signature under its trigger's key and its timestamp (400), the
// user it names (403); then publishes it, once per trigger and event id
// (a repeat is 409), as a trigger_event to the user's streams, and answers
// 204.
func (a *Handler) triggerEvent(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, code ErrorCode, msg string, attrs ...slog.Attr) {
		a.refusals.warn(r.Context(), "connecthttp: trigger event refused: "+msg, append([]slog.Attr{slog.String("from", a.opts.ClientAddress(r))}, attrs...)...)
		writeError(w, status, code, msg)
	}
	if r.ContentLength > maxTriggerEvent {
		refuse(http.StatusRequestEntityTooLarge, CodeBadRequest, "the event is larger than 512 KiB")
		return
	}
	user, err := a.opts.TriggerWebhooks.Authenticate(r, nil, a.opts.Now())
	if err != nil {
		refuse(http.StatusForbidden, CodeForbidden, "the event URI is not genuine", slog.String("err", err.Error()))
		return
	}
	if ok, wait := a.eventsIn.Allow(r.Context(), user, a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		refuse(http.StatusTooManyRequests, CodeRateLimited, "too many trigger events for this user", slog.String("user", cut(user)))
		return
	}
	v := pipedream.TriggerVerifier{
		MaxSize: maxTriggerEvent,
		Now:     a.opts.Now,
		Key: func(ctx context.Context, ev pipedream.TriggerEvent) ([]string, error) {
			return a.triggerKey(ctx, user, ev.DeployedTriggerID)
		},
	}
	ev, err := v.Verify(r)
	switch {
	case errors.Is(err, pipedream.ErrEventTooLarge):
		refuse(http.StatusRequestEntityTooLarge, CodeBadRequest, "the event is larger than 512 KiB", slog.String("user", cut(user)))
		return
	case errors.Is(err, errNoSuchTrigger):
		refuse(http.StatusForbidden, CodeForbidden, errNoSuchTrigger.Error(), slog.String("user", cut(user)))
		return
	case errors.Is(err, pipedream.ErrEventMalformed), errors.Is(err, pipedream.ErrEventSignature), errors.Is(err, pipedream.ErrEventStale):
		refuse(http.StatusBadRequest, CodeBadRequest, "the event is not genuine: "+err.Error(), slog.String("user", cut(user)))
		return
	case err != nil: // the key lookup failed upstream: let the service retry
		a.opts.Logger.Warn("connecthttp: trigger event: look up the trigger's key", "err", err)
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "could not check the event now; retry")
		return
	}
	if ev.ExternalUserID != "" && ev.ExternalUserID != user {
		refuse(http.StatusForbidden, CodeForbidden, "the event's user is not the URI's user", slog.String("user", cut(user)))
		return
	}
	out := connectapi.TriggerEventData{DeployedTriggerID: ev.DeployedTriggerID, ID: ev.ID, TS: int64(ev.TS), Sum: cut(ev.Sum), E: ev.E}
	if len(out.E) > maxStreamedEvent {
		out.E = nil
	}
	data, _ := json.Marshal(out)
	once := "trigger\x00" + user + "\x00" + ev.DeployedTriggerID + "\x00" + ev.ID
	fresh, err := a.opts.Events.Publish(r.Context(), user, Event{Type: connectapi.EventTriggerEvent, Data: data}, once)
	if err != nil {
		a.opts.Logger.Warn("connecthttp: trigger event: publish", "err", err)
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "could not pass the event on now; retry")
		return
	}
	if !fresh {
		refuse(http.StatusConflict, CodeDuplicate, "the event was received already", slog.String("user", cut(user)), slog.String("event", cut(ev.ID)))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// triggerKey returns the signing key of user's trigger id, from the cache
// or the Connect API.
func (a *Handler) triggerKey(ctx context.Context, user, id string) ([]string, error) {
	if !accountIDPattern.MatchString(id) {
		return nil, errNoSuchTrigger
	}
	if k, ok := a.keys.get(id, user, a.opts.Now()); ok {
		return []string{k}, nil
	}
	t, err := a.opts.Triggers.GetDeployedTrigger(ctx, user, id)
	switch {
	case pipedream.IsNotFound(err):
		return nil, errNoSuchTrigger
	case err != nil:
		return nil, err
	case t.WebhookSigningKey == "":
		return nil, errNoSuchTrigger // nothing it sends can be checked
	}
	a.keys.put(id, user, t.WebhookSigningKey, a.opts.Now())
	return []string{t.WebhookSigningKey}, nil
}

// keyCache keeps recently used trigger signing keys, bounded.
type keyCache struct {
	mu sync.Mutex
	m  map[string]cachedKey
}

type cachedKey struct {
	user, key string
	at        time.Time
}

func (c *keyCache) get(id, user string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[id]
	if !ok || k.user != user || now.Sub(k.at) > keyTTL {
		return "", false
	}
	return k.key, true
}

func (c *keyCache) put(id, user, key string, now time.Time) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedKey{}
	}
	if len(c.m) >= maxKeys {
		for k := range c.m { // evict an arbitrary tenth
			delete(c.m, k)
			if len(c.m) < maxKeys*9/10 {
				break
			}
		}
	}
	c.m[id] = cachedKey{user: user, key: key, at: now}
}

func (c *keyCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
