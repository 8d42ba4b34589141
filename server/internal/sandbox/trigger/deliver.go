package trigger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/webhook"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Delivery is one event on its way to one webhook.
type Delivery struct {
	URL   string
	Key   string // the webhook's signing key
	Event pipedream.TriggerEvent
}

// DeliverOptions configure a Deliverer. Zero values take the defaults.
type DeliverOptions struct {
	// Origins are the origins (scheme://host[:port]) besides loopback that
	// webhook URLs may point at: the configured app's.
	Origins []string
	// AllowAny lets webhook URLs point anywhere (a sandbox setting).
	AllowAny bool
	// Timeout bounds one attempt. Default 10 s.
	Timeout time.Duration
	// Attempts per delivery. Default 5 (webhook.Queue's).
	Attempts int
	// Backoff is the wait after the first failure, doubled each time.
	// Default 1 s.
	Backoff time.Duration
	// QueueSize bounds the deliveries waiting or between retries, Workers
	// those in flight. Defaults 4096 and 8.
	QueueSize, Workers int
	Logger             *slog.Logger
	Now                func() time.Time
}

// Deliverer POSTs signed events to webhooks from a bounded queue, retrying
// with backoff, fair between webhooks (a webhook.Queue keyed by trigger and
// URL: a slow or failing receiver holds up only its own events; each
// webhook gets its trigger's events in order, but for retries). A loopback URL is reached only at a loopback address
// (whatever its name resolves to), redirects are not followed, and
// answers are read up to 64 KiB.
type Deliverer struct {
	opts     DeliverOptions
	origins  map[string]bool
	loopback *http.Client // dials loopback addresses only
	open     *http.Client // for the configured origins, or anywhere with AllowAny
	queue    *webhook.Queue

	delivered, abandoned atomic.Int64
}

// NewDeliverer starts a Deliverer's workers; Close stops them.
func NewDeliverer(opts DeliverOptions) (*Deliverer, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 4096
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	origins := map[string]bool{}
	for _, o := range opts.Origins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("trigger: origin %q is not an http(s) origin", o)
		}
		origins[origin(u)] = true
	}
	return &Deliverer{
		opts: opts, origins: origins,
		loopback: client(opts.Timeout, true),
		open:     client(opts.Timeout, false),
		queue: webhook.NewQueue(webhook.QueueOptions{
			Name: "trigger event", Logger: opts.Logger, Attempts: opts.Attempts, Backoff: opts.Backoff,
			QueueSize: MaxEvents, Keys: opts.QueueSize, Total: opts.QueueSize, Workers: opts.Workers,
		}),
	}, nil
}

var errNotLoopback = errors.New("address is not loopback")

// client is an HTTP client that follows no redirect and, when
// loopbackOnly, connects to loopback addresses only.
func client(timeout time.Duration, loopbackOnly bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if loopbackOnly {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
				return errNotLoopback
			}
			return nil
		}
	}
	t := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
		TLSHandshakeTimeout: timeout,
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// isLoopbackHost reports whether host names this machine.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Allowed says why raw may not receive events, or nil when it may.
func (d *Deliverer) Allowed(raw string) error {
	_, err := d.clientFor(raw)
	return err
}

func (d *Deliverer) clientFor(raw string) (*http.Client, error) {
	if len(raw) > 2048 {
		return nil, errors.New("URL longer than 2048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, errors.New("must be an absolute http(s) URL without user info")
	}
	switch {
	case d.origins[origin(u)], d.opts.AllowAny:
		return d.open, nil
	case isLoopbackHost(u.Hostname()):
		return d.loopback, nil
	}
	return nil, fmt.Errorf("the sandbox delivers events only to loopback addresses and the app's origin, not to %s", u.Host)
}

// Send queues dv and returns at once; a full queue drops it (logged).
func (d *Deliverer) Send(dv Delivery) {
	body, err := json.Marshal(dv.Event)
	if err != nil {
		d.opts.Logger.Error("trigger event not encoded", "err", err)
		return
	}
	ok := d.queue.Send(dv.Event.DeployedTriggerID+" "+dv.URL, webhook.Job{
		Try: func(ctx context.Context) error { return d.post(ctx, dv, body) },
		Done: func(err error, _ int) {
			if err == nil {
				d.delivered.Add(1)
			} else {
				d.abandoned.Add(1)
			}
		},
		Log: []any{"trigger", dv.Event.DeployedTriggerID, "event", dv.Event.ID, "uri", webhook.Redact(dv.URL)},
	})
	if !ok {
		d.abandoned.Add(1)
	}
}

// Stats returns how many deliveries succeeded and were given up.
func (d *Deliverer) Stats() (delivered, abandoned int64) {
	return d.delivered.Load(), d.abandoned.Load()
}

// Close stops the deliveries: those in flight are cancelled, those
// waiting dropped.
func (d *Deliverer) Close() { d.queue.Close() }

// post sends dv once, signed afresh.
func (d *Deliverer) post(ctx context.Context, dv Delivery, body []byte) error {
	hc, err := d.clientFor(dv.URL)
	if err != nil {
		return webhook.Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dv.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("request: %w", err)
	}
	now := d.opts.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pdconnect-sandbox-trigger/1")
	req.Header.Set(pipedream.EventIDHeader, dv.Event.ID)
	req.Header.Set(pipedream.EventTimestampHeader, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(pipedream.EventSignatureHeader, pipedream.SignTriggerEvent(dv.Key, dv.Event.ID, now, body))
	res, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry a secret
		}
		return fmt.Errorf("post: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	switch c := res.StatusCode; {
	case c >= 200 && c <= 299:
		return nil
	case c >= 500, c == http.StatusRequestTimeout, c == http.StatusTooManyRequests:
		return fmt.Errorf("post: status %d", c)
	default: // the receiver refused the event itself: retrying cannot help
		return webhook.Permanent(fmt.Errorf("post: status %d", c))
	}
}
