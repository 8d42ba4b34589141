// Package webhook delivers the sandbox's Connect webhooks
// (CONNECTION_SUCCESS, CONNECTION_ERROR) in the background, retrying with
// backoff when the receiver fails, without ever blocking the flow that
// sent them.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Sender queues webhook events for delivery. Send never blocks.
type Sender interface {
	// Send queues ev for uri; user is whose flow sent it (the token's
	// external user), the unit of fairness.
	Send(user string, ev pipedream.WebhookEvent, uri string)
}

// Options configure a Dispatcher. Zero values take the defaults.
type Options struct {
	Client   *http.Client  // default: 10 s timeout
	Logger   *slog.Logger  // default: discard
	Attempts int           // deliveries tried per event; default 5
	Backoff  time.Duration // wait after the first failure, doubled each time; default 1 s
	// QueueSize is how many events one user may have waiting or between
	// retries; default 32.
	QueueSize int
	// Users is how many users may have events waiting at once; default
	// 10,000.
	Users   int
	Workers int // concurrent deliveries; default 8
}

// Dispatcher is a Sender that is fair between users: each user's events
// wait in a queue of their own, workers take the users in turn, one
// delivery of a user at a time, and a retry waits off the workers. One user's flood, or a receiver slow to answer
// it, thus holds at most one worker and never drops nor holds up another
// user's webhook. A user's events go out in order, but for a retry, which
// goes after those waiting. Past a user's QueueSize, or with Users users waiting,
// or after Close, events are dropped and logged (sampled).
type Dispatcher struct {
	opts   Options
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	drops  *rate.Limiter // drop log lines

	mu      sync.Mutex
	work    *sync.Cond // a user became ready, or the dispatcher closed
	users   map[string]*userQueue
	ready   []string // users with an event to deliver now, in turn
	closed  bool
	dropped int // since the last drop log line
}

// userQueue is one user's events: waiting, and in delivery or between
// retries (held).
type userQueue struct {
	waiting []job
	held    int  // in delivery or waiting to retry
	busy    bool // a worker delivers one of them now
	ready   bool // in Dispatcher.ready
}

type job struct {
	user    string
	ev      pipedream.WebhookEvent
	uri     string
	body    []byte
	attempt int // deliveries tried
}

// New starts a Dispatcher.
func New(opts Options) *Dispatcher {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Attempts <= 0 {
		opts.Attempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 32
	}
	if opts.Users <= 0 {
		opts.Users = 10_000
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{opts: opts, ctx: ctx, cancel: cancel, users: map[string]*userQueue{}, drops: rate.NewLimiter(1, 5)}
	d.work = sync.NewCond(&d.mu)
	for range opts.Workers {
		d.wg.Add(1)
		go d.worker()
	}
	return d
}

// Send queues ev for delivery to uri and returns at once.
func (d *Dispatcher) Send(user string, ev pipedream.WebhookEvent, uri string) {
	body, err := json.Marshal(ev)
	if err != nil {
		d.opts.Logger.Error("webhook not encoded", "event", ev.Event, "err", err)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	q := d.users[user]
	switch {
	case d.closed:
		d.drop("dispatcher closed", ev, uri)
		return
	case q == nil && len(d.users) >= d.opts.Users:
		d.drop("too many users waiting", ev, uri)
		return
	case q != nil && len(q.waiting)+q.held >= d.opts.QueueSize:
		d.drop("this user's queue is full", ev, uri)
		return
	}
	if q == nil {
		q = &userQueue{}
		d.users[user] = q
	}
	q.waiting = append(q.waiting, job{user: user, ev: ev, uri: uri, body: body})
	d.markReady(user, q)
}

// markReady puts user in turn, unless it is there already or busy. d.mu
// is held.
func (d *Dispatcher) markReady(user string, q *userQueue) {
	if q.ready || q.busy || len(q.waiting) == 0 {
		return
	}
	q.ready = true
	d.ready = append(d.ready, user)
	d.work.Signal()
}

// drop logs a dropped event, at most about once a second with a count.
// d.mu is held.
func (d *Dispatcher) drop(why string, ev pipedream.WebhookEvent, uri string) {
	d.dropped++
	if d.drops.Allow() {
		d.opts.Logger.Warn("webhook dropped: "+why, "event", ev.Event, "uri", redact(uri), "dropped", d.dropped)
		d.dropped = 0
	}
}

// Close stops the workers: deliveries in progress are cancelled and
// waiting events and retries are dropped. It waits for the workers.
func (d *Dispatcher) Close() error {
	d.mu.Lock()
	d.closed = true
	d.work.Broadcast()
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
	return nil
}

// worker delivers the ready users' events in turn, one attempt each time.
func (d *Dispatcher) worker() {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		for len(d.ready) == 0 && !d.closed {
			d.work.Wait()
		}
		if d.closed {
			d.mu.Unlock()
			return
		}
		user := d.ready[0]
		d.ready = d.ready[1:]
		q := d.users[user]
		j := q.waiting[0]
		q.waiting = q.waiting[1:]
		q.ready, q.busy = false, true
		q.held++
		d.mu.Unlock()

		retryIn, again := d.attempt(&j)

		d.mu.Lock()
		q.busy = false
		if again && !d.closed {
			// The retry waits off the workers, then queues again.
			time.AfterFunc(retryIn, func() {
				d.mu.Lock()
				defer d.mu.Unlock()
				q.held--
				if !d.closed {
					q.waiting = append([]job{j}, q.waiting...)
					d.markReady(user, q)
				}
			})
		} else {
			q.held--
		}
		d.markReady(user, q)
		if len(q.waiting) == 0 && q.held == 0 {
			delete(d.users, user)
		}
		d.mu.Unlock()
	}
}

// attempt posts j once and says whether, and after how long, to try again.
func (d *Dispatcher) attempt(j *job) (retryIn time.Duration, again bool) {
	j.attempt++
	err := d.post(j.uri, j.body)
	if err == nil {
		d.opts.Logger.Info("webhook delivered", "event", j.ev.Event, "uri", redact(j.uri), "attempt", j.attempt)
		return 0, false
	}
	if j.attempt == d.opts.Attempts || d.ctx.Err() != nil {
		d.opts.Logger.Warn("webhook abandoned", "event", j.ev.Event, "uri", redact(j.uri), "attempts", j.attempt, "err", err)
		return 0, false
	}
	wait := d.opts.Backoff << (j.attempt - 1)
	d.opts.Logger.Info("webhook failed, will retry", "event", j.ev.Event, "uri", redact(j.uri), "attempt", j.attempt, "retry_in", wait, "err", err)
	return wait, true
}

// post sends body once; non-2xx answers are errors.
func (d *Dispatcher) post(uri string, body []byte) error {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, uri, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pdconnect-sandbox-webhook/1")
	res, err := d.opts.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry a secret in its query
		}
		return fmt.Errorf("webhook post: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("webhook post: status %d", res.StatusCode)
	}
	return nil
}

// redact keeps only the scheme, host and path of a URI for logs: a
// receiver's query may hold a secret.
func redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(invalid uri)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
