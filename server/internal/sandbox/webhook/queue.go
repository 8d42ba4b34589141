package webhook

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// QueueOptions configure a Queue. Zero values take the defaults.
type QueueOptions struct {
	// Name names the deliveries in log lines, e.g. "webhook".
	Name     string
	Logger   *slog.Logger  // default: discard
	Attempts int           // attempts per job; default 5
	Backoff  time.Duration // wait after the first failure, doubled each time; default 1 s
	// QueueSize is how many jobs one key may have waiting or between
	// retries; default 32.
	QueueSize int
	// Keys is how many keys may have jobs waiting at once; default 10,000.
	Keys int
	// Total is how many jobs may wait in all; default Keys*QueueSize.
	Total   int
	Workers int // concurrent attempts; default 8
}

// Job is one delivery.
type Job struct {
	// Try makes one attempt with a context that Close cancels: nil is
	// success, an error wrapped by Permanent is final, any other is
	// retried after the backoff.
	Try func(ctx context.Context) error
	// Done, when not nil, is called once with the last attempt's error
	// (nil when delivered) and the attempts made.
	Done func(err error, attempts int)
	// Log are the attributes naming the job in log lines.
	Log []any
}

// Permanent marks an attempt's failure as final: retrying cannot help.
func Permanent(err error) error { return permanent{err} }

type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// errClosed ends the jobs the Queue holds when it closes.
var errClosed = errors.New("delivery queue closed")

// Queue runs jobs in the background, retrying with backoff, and is fair
// between keys (users, webhooks): each key's jobs wait in a queue of their
// own, workers take the keys in turn, one attempt of a key at a time, and
// a retry waits off the workers. One key's flood, or a receiver slow to
// answer it, thus holds at most one worker and never drops nor holds up
// another key's jobs. A key's jobs go out in order, but for a retry, which
// goes after those waiting. Past a key's QueueSize, Keys keys or Total
// jobs, or after Close, jobs are dropped and logged (sampled).
type Queue struct {
	opts   QueueOptions
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	drops  *rate.Limiter // drop log lines

	mu      sync.Mutex
	work    *sync.Cond // a key became ready, or the queue closed
	keys    map[string]*keyQueue
	ready   []string // keys with a job to try now, in turn
	total   int      // jobs waiting or held
	closed  bool
	dropped int // since the last drop log line
}

// keyQueue is one key's jobs: waiting, and in an attempt or between
// retries (held).
type keyQueue struct {
	waiting []*entry
	held    int  // in an attempt or waiting to retry
	busy    bool // a worker tries one of them now
	ready   bool // in Queue.ready
}

type entry struct {
	Job
	attempts int
}

// NewQueue starts a Queue's workers; Close stops them.
func NewQueue(opts QueueOptions) *Queue {
	if opts.Name == "" {
		opts.Name = "delivery"
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
	if opts.Keys <= 0 {
		opts.Keys = 10_000
	}
	if opts.Total <= 0 {
		opts.Total = opts.Keys * opts.QueueSize
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{opts: opts, ctx: ctx, cancel: cancel, keys: map[string]*keyQueue{}, drops: rate.NewLimiter(1, 5)}
	q.work = sync.NewCond(&q.mu)
	for range opts.Workers {
		q.wg.Add(1)
		go q.worker()
	}
	return q
}

// Send queues j under key and returns at once; false when it was dropped.
func (q *Queue) Send(key string, j Job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	kq := q.keys[key]
	switch {
	case q.closed:
		q.drop("queue closed", j)
		return false
	case q.total >= q.opts.Total:
		q.drop("queue full", j)
		return false
	case kq == nil && len(q.keys) >= q.opts.Keys:
		q.drop("too many waiting", j)
		return false
	case kq != nil && len(kq.waiting)+kq.held >= q.opts.QueueSize:
		q.drop("this one's queue is full", j)
		return false
	}
	if kq == nil {
		kq = &keyQueue{}
		q.keys[key] = kq
	}
	kq.waiting = append(kq.waiting, &entry{Job: j})
	q.total++
	q.markReady(key, kq)
	return true
}

// markReady puts key in turn, unless it is there already or busy. q.mu
// is held.
func (q *Queue) markReady(key string, kq *keyQueue) {
	if kq.ready || kq.busy || len(kq.waiting) == 0 {
		return
	}
	kq.ready = true
	q.ready = append(q.ready, key)
	q.work.Signal()
}

// drop logs a dropped job, at most about once a second with a count.
// q.mu is held.
func (q *Queue) drop(why string, j Job) {
	q.dropped++
	if q.drops.Allow() {
		q.opts.Logger.Warn(q.opts.Name+" dropped: "+why, append(j.Log, "dropped", q.dropped)...)
		q.dropped = 0
	}
}

// Close stops the workers: attempts in progress are cancelled and waiting
// jobs and retries are dropped. It waits for the workers.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.work.Broadcast()
	q.mu.Unlock()
	q.cancel()
	q.wg.Wait()
}

// worker tries the ready keys' jobs in turn, one attempt each time.
func (q *Queue) worker() {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		for len(q.ready) == 0 && !q.closed {
			q.work.Wait()
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		key := q.ready[0]
		q.ready = q.ready[1:]
		kq := q.keys[key]
		e := kq.waiting[0]
		kq.waiting = kq.waiting[1:]
		kq.ready, kq.busy = false, true
		kq.held++
		q.mu.Unlock()

		retryIn, again := q.attempt(e)

		q.mu.Lock()
		kq.busy = false
		if again && !q.closed {
			// The retry waits off the workers, then queues again.
			time.AfterFunc(retryIn, func() {
				q.mu.Lock()
				defer q.mu.Unlock()
				if q.closed {
					q.release(key, kq)
					e.done(errClosed)
					return
				}
				kq.held--
				kq.waiting = append([]*entry{e}, kq.waiting...)
				q.markReady(key, kq)
			})
		} else {
			q.release(key, kq)
		}
		q.markReady(key, kq)
		q.mu.Unlock()
	}
}

// release counts one held job of key as finished. q.mu is held.
func (q *Queue) release(key string, kq *keyQueue) {
	kq.held--
	q.total--
	if len(kq.waiting) == 0 && kq.held == 0 && q.keys[key] == kq {
		delete(q.keys, key)
	}
}

func (e *entry) done(err error) {
	if e.Done != nil {
		e.Done(err, e.attempts)
	}
}

// attempt tries e once and says whether, and after how long, to try again.
func (q *Queue) attempt(e *entry) (retryIn time.Duration, again bool) {
	e.attempts++
	err := e.Try(q.ctx)
	if err == nil {
		q.opts.Logger.Debug(q.opts.Name+" delivered", append(e.Log, "attempt", e.attempts)...)
		e.done(nil)
		return 0, false
	}
	var perm permanent
	if e.attempts == q.opts.Attempts || q.ctx.Err() != nil || errors.As(err, &perm) {
		q.opts.Logger.Warn(q.opts.Name+" abandoned", append(e.Log, "attempts", e.attempts, "err", err)...)
		e.done(err)
		return 0, false
	}
	wait := q.opts.Backoff << (e.attempts - 1)
	q.opts.Logger.Info(q.opts.Name+" failed, will retry", append(e.Log, "attempt", e.attempts, "retry_in", wait, "err", err)...)
	return wait, true
}
