package bench

import (
	"context"
	"sync"
	"time"
)

// LoadResult summarises a load run.
type LoadResult struct {
	Requests  int
	Status    map[int]int // by HTTP status
	Errors    []error     // transport errors (first few kept)
	ErrCount  int
	Elapsed   time.Duration
	Latencies []time.Duration // of the 2xx answers only
}

// OKPerSecond is 2xx answers per second.
func (r LoadResult) OKPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(len(r.Latencies)) / r.Elapsed.Seconds()
}

// Add merges r into a result, as if both runs were one.
func (a *LoadResult) Add(r LoadResult) {
	if a.Status == nil {
		a.Status = map[int]int{}
	}
	a.Requests += r.Requests
	for st, n := range r.Status {
		a.Status[st] += n
	}
	for _, err := range r.Errors {
		if len(a.Errors) < 5 {
			a.Errors = append(a.Errors, err)
		}
	}
	a.ErrCount += r.ErrCount
	a.Elapsed += r.Elapsed
	a.Latencies = append(a.Latencies, r.Latencies...)
}

// Do sends one request as worker w and returns its HTTP status.
type Do func(ctx context.Context, w int) (status int, err error)

// Load runs do from concurrency workers until total requests were sent (when
// total > 0) or for d, whichever comes first, and bounded by ctx.
func Load(ctx context.Context, concurrency, total int, d time.Duration, do Do) LoadResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu   sync.Mutex
		res  = LoadResult{Status: map[int]int{}}
		wg   sync.WaitGroup
		left = make(chan struct{}, max(total, 0))
	)
	for range total {
		left <- struct{}{}
	}
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if total > 0 {
					select {
					case <-left:
					default:
						return
					}
				}
				t0 := time.Now()
				status, err := do(ctx, w)
				lat := time.Since(t0)
				if ctx.Err() != nil && err != nil {
					return // cut off by the deadline: not a failure
				}
				mu.Lock()
				res.Requests++
				if err == nil && status/100 == 2 {
					res.Latencies = append(res.Latencies, lat)
				}
				if err != nil {
					res.ErrCount++
					if len(res.Errors) < 5 {
						res.Errors = append(res.Errors, err)
					}
				} else {
					res.Status[status]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}
