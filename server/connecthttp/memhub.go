package connecthttp

import (
	"context"
	"maps"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// subBuffer is how many events a subscriber may fall behind before it is
// dropped (and resubscribes with its last ID).
const subBuffer = 8

// MemoryHub is the [Hub] within one process, the default of
// [Config].Events. A shared hub may keep one for its own replica's
// subscribers ([MemoryHub.Deliver], [MemoryHub.Broadcast]). Its zero value
// is not usable; call [NewMemoryHub].
type MemoryHub struct {
	now func() time.Time

	mu     sync.Mutex
	users  map[string]*userLog
	once   map[string]time.Time // once key -> forgotten at
	pruned time.Time
}

// userLog is one user's recent events and open subscribers. Event IDs are
// the log's own, "epoch.seq": a random epoch, made with the log, and a
// count of its events, so an ID tells a user nothing of other users'
// events, and one from a log since forgotten is unknown to the new one.
type userLog struct {
	epoch   string
	seq     uint64
	history []Event
	at      []time.Time // when each history event was published
	subs    map[*sub]struct{}
}

type sub struct {
	ch     chan Event
	closed bool
}

// NewMemoryHub returns an empty in-process hub; now is its clock (nil:
// time.Now).
func NewMemoryHub(now func() time.Time) *MemoryHub {
	if now == nil {
		now = time.Now
	}
	return &MemoryHub{now: now, users: map[string]*userLog{}, once: map[string]time.Time{}}
}

// Publish implements Hub.
func (m *MemoryHub) Publish(_ context.Context, user string, ev Event, once string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.prune(now)
	if once != "" {
		if _, seen := m.once[once]; seen {
			return false, nil
		}
		m.once[once] = now.Add(OnceFor)
	}
	u := m.user(user)
	u.seq++
	ev.ID = u.epoch + "." + strconv.FormatUint(u.seq, 10)
	u.history = append(u.history, ev)
	u.at = append(u.at, now)
	u.trim(now)
	m.send(user, u, ev)
	return true, nil
}

// Deliver hands ev, as it is, to user's subscribers now, without recording
// it: for a hub that keeps the history elsewhere.
func (m *MemoryHub) Deliver(user string, ev Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u, ok := m.users[user]; ok {
		m.send(user, u, ev)
	}
}

// Broadcast hands ev to every subscriber of every user.
func (m *MemoryHub) Broadcast(ev Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for user, u := range m.users {
		m.send(user, u, ev)
	}
}

// send hands ev to u's subscribers, dropping those too far behind. m.mu is
// held.
func (m *MemoryHub) send(user string, u *userLog, ev Event) {
	for s := range u.subs {
		select {
		case s.ch <- ev:
		default: // too far behind: it resubscribes with its last ID
			m.drop(user, u, s)
		}
	}
}

// Subscribe implements Hub.
func (m *MemoryHub) Subscribe(ctx context.Context, user, lastID string) (<-chan Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := m.user(user)
	u.trim(m.now())
	var replay []Event
	if lastID != "" {
		replay = u.history // all of it, unless lastID is one of this log's
		if epoch, n, ok := strings.Cut(lastID, "."); ok && epoch == u.epoch {
			last, _ := strconv.ParseUint(n, 10, 64)
			first := u.seq - uint64(len(u.history)) + 1 // the seq of history[0]
			replay = u.history[min(uint64(len(u.history)), max(last+1, first)-first):]
		}
	}
	s := &sub{ch: make(chan Event, subBuffer+len(replay))}
	for _, ev := range replay {
		s.ch <- ev
	}
	u.subs[s] = struct{}{}
	context.AfterFunc(ctx, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.drop(user, m.users[user], s)
	})
	return s.ch, nil
}

// Close ends every subscription, as a server shutting down must: their
// streams end and the pages reconnect (to another replica). The hub stays
// usable.
func (m *MemoryHub) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for user, u := range m.users {
		for s := range u.subs {
			m.drop(user, u, s)
		}
	}
}

// Users is how many users the hub holds state for.
func (m *MemoryHub) Users() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.users)
}

// user returns user's log, making it. m.mu is held.
func (m *MemoryHub) user(user string) *userLog {
	u, ok := m.users[user]
	if !ok {
		u = &userLog{epoch: newEpoch(), subs: map[*sub]struct{}{}}
		m.users[user] = u
	}
	return u
}

// drop closes s and forgets u when nothing is left in it. m.mu is held.
func (m *MemoryHub) drop(user string, u *userLog, s *sub) {
	if u == nil || s.closed {
		return
	}
	s.closed = true
	close(s.ch)
	delete(u.subs, s)
	if len(u.subs) == 0 && len(u.history) == 0 {
		delete(m.users, user)
	}
}

// trim drops history past HistoryLen or HistoryAge.
func (u *userLog) trim(now time.Time) {
	n := max(0, len(u.history)-HistoryLen)
	for n < len(u.at) && now.Sub(u.at[n]) > HistoryAge {
		n++
	}
	if n > 0 {
		u.history = append([]Event(nil), u.history[n:]...)
		u.at = append([]time.Time(nil), u.at[n:]...)
	}
}

// prune forgets, at most once a minute, expired once keys and the users
// with neither history nor subscribers. m.mu is held.
func (m *MemoryHub) prune(now time.Time) {
	if now.Sub(m.pruned) < time.Minute {
		return
	}
	m.pruned = now
	once, users := len(m.once), len(m.users)
	for k, until := range m.once {
		if now.After(until) {
			delete(m.once, k)
		}
	}
	for name, u := range m.users {
		u.trim(now)
		if len(u.history) == 0 && len(u.subs) == 0 {
			delete(m.users, name)
		}
	}
	// A map never shrinks: after a flood, what is left moves to a new one.
	m.once, m.users = shrunk(m.once, once), shrunk(m.users, users)
}

// shrunk is m, or a copy of it sized to fit when it holds under a quarter
// of the entries it held before a prune (when that was 1,024 or more).
func shrunk[V any](m map[string]V, before int) map[string]V {
	if before < 1024 || len(m) >= before/4 {
		return m
	}
	out := make(map[string]V, len(m))
	maps.Copy(out, m)
	return out
}

// newEpoch is a random epoch for a new user log's event IDs.
func newEpoch() string {
	return strconv.FormatUint(rand.Uint64()>>16, 36)
}
