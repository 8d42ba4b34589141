package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/clientaddr"
	"github.com/pdconnect/pdconnect/server/internal/events/redisevents"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit/redislimit"
	"github.com/pdconnect/pdconnect/server/internal/redisconn"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/internal/webhookuri"
)

// Event bench sizes.
const (
	latencySamples = 200  // webhooks per run of the latency rows
	pages          = 1000 // connected pages of the throughput rows
	eventsPerPage  = 10
	postConc       = 32 // webhooks in flight at once
)

// benchEvents measures live events, in process and through a real Redis
// (webhook on one replica, page on another): the latency from posting a
// signed webhook to its event reaching the page's stream, and how many
// events a second reach 1,000 connected pages. Rate limits are raised so
// they measure the path, not the limiters; the stream limits are real, so
// the 1,000 pages come from as many clients (behind a trusted proxy on
// loopback, as the streams row's), each with its own user.
func benchEvents(b *testing.B, ctx context.Context, tbl *Table) {
	key := bytes.Repeat([]byte("b"), webhookuri.KeySize)
	inProc := newEventsApp(b, key, connecthttp.NewMemoryHub(nil), nil)
	rds := testsupport.StartRedis(b)
	replica := func() *eventsApp {
		conn, err := redisconn.Open(rds.URL, slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		hub := redisevents.New(conn, slog.New(slog.DiscardHandler))
		b.Cleanup(func() { hub.Close(); conn.Close() })
		return newEventsApp(b, key, hub, redislimit.Factory(conn))
	}
	ra, rb := replica(), replica()
	for _, m := range []struct {
		name       string
		hook, page *eventsApp
	}{{"in process", inProc, inProc}, {"through Redis, 2 replicas", ra, rb}} {
		var p50, p99, rate Sample
		for run := range runs {
			lat, err := webhookLatency(ctx, m.hook, m.page, fmt.Sprintf("lat-%d", run))
			if err != nil {
				b.Errorf("events %s: %v", m.name, err)
				return
			}
			p50, p99 = append(p50, Millis(Percentile(lat, 50))), append(p99, Millis(Percentile(lat, 99)))
			r, err := deliveryRate(ctx, m.hook, m.page, fmt.Sprintf("rate-%d", run))
			if err != nil {
				b.Errorf("events %s: %v", m.name, err)
				return
			}
			rate = append(rate, r)
		}
		tbl.Add(Row{Metric: "webhook to page p50, " + m.name, Unit: "ms", Values: p50, Note: fmt.Sprintf("%d webhooks one at a time per run", latencySamples)})
		tbl.Add(Row{Metric: "webhook to page p99, " + m.name, Unit: "ms", Values: p99})
		tbl.Add(Row{Metric: fmt.Sprintf("events delivered to %d connected pages, %s", pages, m.name), Unit: "events/s", Values: rate,
			Note: fmt.Sprintf("%d webhooks, %d in flight", pages*eventsPerPage, postConc)})
	}
}

// eventsApp is the API in process with signed webhook URIs; a request's
// user is its X-User header, its client the address the loopback proxy
// forwards (pageAddress).
type eventsApp struct {
	URL   string
	hooks *webhookuri.Signer
}

func newEventsApp(b *testing.B, key []byte, hub connecthttp.Hub, limits connecthttp.LimiterFactory) *eventsApp {
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	hooks, err := webhookuri.New(base+"/connect/webhook", key)
	if err != nil {
		b.Fatal(err)
	}
	if limits == nil {
		limits = connecthttp.InProcessLimits
	}
	proxies, err := clientaddr.Parse("127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	api, err := connecthttp.New(connecthttp.Config{
		Connect: testsupport.Client(b, "http://127.0.0.1:9", nil), Webhooks: hooks, Events: hub,
		Limits:        func(name string, _ int, period time.Duration) connecthttp.Limiter { return limits(name, 1<<30, period) },
		User:          func(_ http.ResponseWriter, r *http.Request) (string, error) { return r.Header.Get("X-User"), nil },
		ClientAddress: proxies.Of,
		Logger:        slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}
	srv.Config.Handler = api
	srv.Start()
	b.Cleanup(srv.Close)
	return &eventsApp{URL: srv.URL, hooks: hooks}
}

var sessionIDs atomic.Int64

// post sends a signed CONNECTION_ERROR webhook for user and returns its
// connect_session_id.
func (a *eventsApp) post(ctx context.Context, c *http.Client, user string) (int64, error) {
	id := sessionIDs.Add(1)
	body := fmt.Sprintf(`{"event":"CONNECTION_ERROR","connect_token":"ctok_bench","environment":"development","connect_session_id":%d,"error":"bench"}`, id)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.hooks.URI(user, time.Now()), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	status, err := drain(c.Do(req))
	if err == nil && status != http.StatusNoContent {
		err = fmt.Errorf("webhook: status %d", status)
	}
	return id, err
}

// streamClient holds event streams open: no time bound.
func streamClient() *http.Client {
	return &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: pages}}
}

// listen opens user's event stream on a as the page of client address
// addr and sends the connect_session_id of every connection event it gets
// to got, until ctx ends. It returns once the stream is open.
func (a *eventsApp) listen(ctx context.Context, c *http.Client, user, addr string, got chan<- int64) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+"/connect/events", nil)
	req.Header.Set("X-User", user)
	req.Header.Set("X-Forwarded-For", addr)
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return fmt.Errorf("events: status %d", res.StatusCode)
	}
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "event: status") { // the stream is open
	}
	go func() {
		defer res.Body.Close()
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			var ev struct {
				ConnectSessionID int64 `json:"connect_session_id"`
			}
			if ok && json.Unmarshal([]byte(data), &ev) == nil && ev.ConnectSessionID != 0 {
				select {
				case got <- ev.ConnectSessionID:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return nil
}

// webhookLatency posts latencySamples webhooks to hook one at a time and
// times each until the page on page gets it.
func webhookLatency(ctx context.Context, hook, page *eventsApp, user string) ([]time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := Client()
	got := make(chan int64, 16)
	if err := page.listen(ctx, streamClient(), user, pageAddress(0), got); err != nil {
		return nil, err
	}
	var lat []time.Duration
	for range latencySamples {
		start := time.Now()
		id, err := hook.post(ctx, c, user)
		if err != nil {
			return nil, err
		}
		for seen := int64(0); seen != id; {
			select {
			case seen = <-got:
			case <-time.After(10 * time.Second):
				return nil, fmt.Errorf("webhook %d did not reach the page within 10 s", id)
			}
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}

// deliveryRate connects pages pages (one user each), posts eventsPerPage
// webhooks for each with postConc in flight, and returns the events
// delivered per second, from the first post to the last delivery.
func deliveryRate(ctx context.Context, hook, page *eventsApp, prefix string) (float64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, streams := Client(), streamClient()
	got := make(chan int64, 4096)
	for i := range pages {
		if err := page.listen(ctx, streams, fmt.Sprintf("%s-%d", prefix, i), pageAddress(i), got); err != nil {
			return 0, err
		}
	}
	total := pages * eventsPerPage
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, postConc)
	for range postConc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := next.Add(1) - 1; n < int64(total); n = next.Add(1) - 1 {
				if _, err := hook.post(ctx, c, fmt.Sprintf("%s-%d", prefix, n%pages)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for delivered := 0; delivered < total; delivered++ {
		select {
		case <-got:
		case err := <-errs:
			return 0, err
		case <-time.After(30 * time.Second):
			return 0, fmt.Errorf("%d of %d events delivered within 30 s", delivered, total)
		}
	}
	elapsed := time.Since(start)
	wg.Wait()
	return float64(total) / elapsed.Seconds(), nil
}

// pageAddress is the client address of the i-th of many pages, as a
// trusted proxy forwards it: one per page, up to 62,500.
func pageAddress(i int) string { return fmt.Sprintf("10.9.%d.%d", i/250, i%250+1) }

// BenchmarkEvents runs the live-event rows alone:
// go test -run '^$' -bench Events -benchtime 1x ./server/internal/bench
func BenchmarkEvents(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tbl := &Table{Title: "events (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback, median of runs)"}
	benchEvents(b, ctx, tbl)
	tbl.Print(os.Stdout)
}
