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

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Sender queues webhook events for delivery. Send never blocks.
type Sender interface {
	Send(ev pipedream.WebhookEvent, uri string)
}

// Options configure a Dispatcher. Zero values take the defaults.
type Options struct {
	Client    *http.Client  // default: 10 s timeout
	Logger    *slog.Logger  // default: discard
	Attempts  int           // deliveries tried per event; default 5
	Backoff   time.Duration // wait after the first failure, doubled each time; default 1 s
	QueueSize int           // events waiting for a worker; default 256
	Workers   int           // concurrent deliveries; default 4
}

// Dispatcher is a Sender with a bounded queue and a few workers. When the
// queue is full, or after Close, events are dropped and logged.
type Dispatcher struct {
	opts   Options
	queue  chan job
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.RWMutex
	closed bool
}

type job struct {
	ev  pipedream.WebhookEvent
	uri string
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
		opts.QueueSize = 256
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{opts: opts, queue: make(chan job, opts.QueueSize), ctx: ctx, cancel: cancel}
	for range opts.Workers {
		d.wg.Add(1)
		go d.work()
	}
	return d
}

// Send queues ev for delivery to uri and returns at once.
func (d *Dispatcher) Send(ev pipedream.WebhookEvent, uri string) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		d.opts.Logger.Warn("webhook dropped: dispatcher closed", "event", ev.Event, "uri", redact(uri))
		return
	}
	select {
	case d.queue <- job{ev: ev, uri: uri}:
	default:
		d.opts.Logger.Warn("webhook dropped: queue full", "event", ev.Event, "uri", redact(uri))
	}
}

// Close stops the workers: deliveries in progress are cancelled and queued
// events are dropped. It waits for the workers to return.
func (d *Dispatcher) Close() error {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		close(d.queue)
	}
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
	return nil
}

func (d *Dispatcher) work() {
	defer d.wg.Done()
	for j := range d.queue {
		if d.ctx.Err() != nil {
			continue // closing: drain without delivering
		}
		d.deliver(j)
	}
}

// deliver posts one event, retrying with exponential backoff.
func (d *Dispatcher) deliver(j job) {
	body, err := json.Marshal(j.ev)
	if err != nil {
		d.opts.Logger.Error("webhook not encoded", "event", j.ev.Event, "err", err)
		return
	}
	wait := d.opts.Backoff
	for attempt := 1; ; attempt++ {
		err := d.post(j.uri, body)
		if err == nil {
			d.opts.Logger.Info("webhook delivered", "event", j.ev.Event, "uri", redact(j.uri), "attempt", attempt)
			return
		}
		if attempt == d.opts.Attempts || d.ctx.Err() != nil {
			d.opts.Logger.Warn("webhook abandoned", "event", j.ev.Event, "uri", redact(j.uri), "attempts", attempt, "err", err)
			return
		}
		d.opts.Logger.Info("webhook failed, will retry", "event", j.ev.Event, "uri", redact(j.uri), "attempt", attempt, "retry_in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-d.ctx.Done():
			t.Stop()
			d.opts.Logger.Warn("webhook abandoned: closing", "event", j.ev.Event, "uri", redact(j.uri), "attempts", attempt)
			return
		}
		wait *= 2
	}
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
