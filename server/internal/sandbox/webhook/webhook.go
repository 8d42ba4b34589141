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
	"time"

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

// Dispatcher is a Sender that is fair between users: it delivers through a
// Queue keyed by user, so one user's flood, or a receiver slow to answer
// it, holds at most one worker and never drops nor holds up another
// user's webhook (see Queue).
type Dispatcher struct {
	opts  Options
	queue *Queue
}

// New starts a Dispatcher.
func New(opts Options) *Dispatcher {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{opts: opts, queue: NewQueue(QueueOptions{
		Name: "webhook", Logger: opts.Logger, Attempts: opts.Attempts, Backoff: opts.Backoff,
		QueueSize: opts.QueueSize, Keys: opts.Users, Workers: opts.Workers,
	})}
}

// Send queues ev for delivery to uri and returns at once.
func (d *Dispatcher) Send(user string, ev pipedream.WebhookEvent, uri string) {
	body, err := json.Marshal(ev)
	if err != nil {
		d.opts.Logger.Error("webhook not encoded", "event", ev.Event, "err", err)
		return
	}
	d.queue.Send(user, Job{
		Try: func(ctx context.Context) error { return d.post(ctx, uri, body) },
		Log: []any{"event", ev.Event, "uri", Redact(uri)},
	})
}

// Close stops the deliveries: those in progress are cancelled and waiting
// events and retries are dropped.
func (d *Dispatcher) Close() error {
	d.queue.Close()
	return nil
}

// post sends body once; non-2xx answers are errors.
func (d *Dispatcher) post(ctx context.Context, uri string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, uri, bytes.NewReader(body))
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

// Redact keeps only the scheme, host and path of a URI for logs: a
// receiver's query may hold a secret.
func Redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(invalid uri)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
