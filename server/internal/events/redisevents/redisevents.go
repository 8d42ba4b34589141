// Package redisevents is a connecthttp.Hub shared by replicas through Redis:
// each user's history is a capped stream, and every event is also appended
// to one stream that each replica reads, to hand it to the pages connected
// there. While Redis is unreachable a replica delivers what it receives to
// its own pages only, and tells every page its stream is degraded.
package redisevents

import (
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
)

// Keys.
const (
	userKey = "pdconnect:events:user:" // + user: that user's history
	allKey  = "pdconnect:events:all"   // every event, read by every replica
	onceKey = "pdconnect:events:once:" // + once key
	allLen  = 10000                    // about how many entries allKey keeps
)

// publish appends an event to the user's history (KEYS[1]) and to the
// shared stream (KEYS[2]); ARGV: type, data, history age (ms), user.
var publish = redis.NewScript(`
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[5], '*', 'type', ARGV[1], 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'user', ARGV[4], 'id', id, 'type', ARGV[1], 'data', ARGV[2])
return id
`)

// Degraded is the status a page gets while Redis is unreachable.
var Degraded = connectapi.Status{Reason: connectapi.ReasonDegraded}

// Hub is the Redis connecthttp.Hub of one replica.
type Hub struct {
	conn  *redisconn.Conn
	local *connecthttp.MemoryHub // this replica's subscribers, no history
	log   *slog.Logger

	cancel context.CancelFunc
	done   chan struct{}
}

// New starts the replica's reader of the shared stream; Close stops it.
func New(conn *redisconn.Conn, log *slog.Logger) *Hub {
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{conn: conn, local: connecthttp.NewMemoryHub(nil), log: log, cancel: cancel, done: make(chan struct{})}
	conn.OnChange(func(up bool) {
		if up {
			h.local.Broadcast(connecthttp.StatusEvent(connectapi.Status{Live: true}))
		} else {
			h.local.Broadcast(connecthttp.StatusEvent(Degraded))
		}
	})
	start, cancelStart := context.WithTimeout(ctx, time.Second)
	last := h.tail(start) // so that nothing published after New is missed
	cancelStart()
	go h.read(ctx, last)
	return h
}

// tail is the ID of the shared stream's last entry ("0-0" when it has
// none), or "" when Redis does not answer.
func (h *Hub) tail(ctx context.Context) string {
	msgs, err := h.conn.Client.XRevRangeN(ctx, allKey, "+", "-", 1).Result()
	if err != nil {
		return ""
	}
	if len(msgs) == 0 {
		return "0-0"
	}
	return msgs[0].ID
}

// Close ends every subscription and stops the reader.
func (h *Hub) Close() {
	h.local.Close()
	h.cancel()
	<-h.done
}

// Publish implements connecthttp.Hub. With Redis unreachable, ev goes to this
// replica's pages only, unrecorded.
func (h *Hub) Publish(ctx context.Context, user string, ev connecthttp.Event, once string) (bool, error) {
	if h.conn.Skip() {
		h.local.Deliver(user, ev)
		return true, nil
	}
	if once != "" {
		fresh, err := h.conn.Client.SetNX(ctx, onceKey+once, 1, connecthttp.OnceFor).Result()
		if err != nil {
			return h.fallback(ctx, user, ev, err)
		}
		if !fresh {
			return false, nil
		}
	}
	err := publish.Run(ctx, h.conn.Client, []string{userKey + user, allKey},
		ev.Type, string(ev.Data), connecthttp.HistoryAge.Milliseconds(), user, connecthttp.HistoryLen, allLen).Err()
	if err != nil {
		return h.fallback(ctx, user, ev, err)
	}
	h.conn.OK()
	return true, nil
}

// fallback delivers ev on this replica after Redis failed.
func (h *Hub) fallback(ctx context.Context, user string, ev connecthttp.Event, err error) (bool, error) {
	if ctx.Err() == nil {
		h.conn.Failed(err)
	}
	h.local.Deliver(user, ev)
	return true, nil
}

// Subscribe implements connecthttp.Hub: the history after lastID from Redis,
// then what the reader hands over, without repeats.
func (h *Hub) Subscribe(ctx context.Context, user, lastID string) (<-chan connecthttp.Event, error) {
	live, err := h.local.Subscribe(ctx, user, "")
	if err != nil {
		return nil, err
	}
	out := make(chan connecthttp.Event, 16)
	go func() {
		defer close(out)
		send := func(ev connecthttp.Event) bool {
			select {
			case out <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		var after streamID
		if lastID != "" {
			history, err := h.history(ctx, user, lastID)
			if err != nil && ctx.Err() == nil {
				h.conn.Failed(err)
			}
			for _, ev := range history {
				if !send(ev) {
					return
				}
				after, _ = parseID(ev.ID)
			}
		}
		if h.conn.Down() && !send(connecthttp.StatusEvent(Degraded)) {
			return
		}
		for ev := range live {
			if id, ok := parseID(ev.ID); ok && !after.less(id) {
				continue // replayed already
			}
			if !send(ev) {
				return
			}
		}
	}()
	return out, nil
}

// history is user's recorded events after lastID (all of them when lastID
// is no stream ID), within connecthttp.HistoryAge.
func (h *Hub) history(ctx context.Context, user, lastID string) ([]connecthttp.Event, error) {
	start := "-"
	if _, ok := parseID(lastID); ok {
		start = "(" + lastID
	}
	msgs, err := h.conn.Client.XRange(ctx, userKey+user, start, "+").Result()
	if err != nil {
		return nil, err
	}
	oldest := time.Now().Add(-connecthttp.HistoryAge).UnixMilli()
	var out []connecthttp.Event
	for _, m := range msgs {
		if id, _ := parseID(m.ID); id.ms >= oldest {
			out = append(out, event(m.ID, m.Values))
		}
	}
	return out, nil
}

// read hands every event of the shared stream to this replica's pages,
// retrying each second while Redis is unreachable and resuming where it
// left off.
func (h *Hub) read(ctx context.Context, last string) {
	defer close(h.done)
	for ctx.Err() == nil {
		if last == "" {
			last = "$" // Redis was down at the start: from its first answer on
		}
		res, err := h.conn.Client.XRead(ctx, &redis.XReadArgs{Streams: []string{allKey, last}, Count: 256, Block: time.Second}).Result()
		switch {
		case err == redis.Nil:
			h.conn.OK()
			continue
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			h.conn.Failed(err)
			select {
			case <-time.After(time.Second):
			case <-ctx.Done():
				return
			}
			continue
		}
		h.conn.OK()
		for _, s := range res {
			for _, m := range s.Messages {
				last = m.ID
				user, _ := m.Values["user"].(string)
				id, _ := m.Values["id"].(string)
				h.local.Deliver(user, event(id, m.Values))
			}
		}
	}
}

// event is the connecthttp.Event of a stream entry's fields.
func event(id string, v map[string]any) connecthttp.Event {
	typ, _ := v["type"].(string)
	data, _ := v["data"].(string)
	return connecthttp.Event{ID: id, Type: typ, Data: json.RawMessage(data)}
}

// streamID is a Redis stream entry ID, ms-seq.
type streamID struct{ ms, seq int64 }

var idPattern = regexp.MustCompile(`^\d+-\d+$`)

func parseID(s string) (streamID, bool) {
	if !idPattern.MatchString(s) {
		return streamID{}, false
	}
	ms, seq, _ := strings.Cut(s, "-")
	a, err1 := strconv.ParseInt(ms, 10, 64)
	b, err2 := strconv.ParseInt(seq, 10, 64)
	return streamID{a, b}, err1 == nil && err2 == nil
}

func (a streamID) less(b streamID) bool { return a.ms < b.ms || (a.ms == b.ms && a.seq < b.seq) }
