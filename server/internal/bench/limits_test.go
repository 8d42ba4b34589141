package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// Sizes of the limits rows.
const (
	openStreams   = 1000 // event streams held open at once
	heavyAccounts = 99   // the heavy lister's accounts (its tokens: 100 a minute)
	heavyConc     = 64
	lightListings = 40                     // the other user's listings, idle and during the heavy lister,
	lightPause    = 200 * time.Millisecond // paced as pages never come near (connecthttp.ListingsPerMinute)
)

// benchStreams opens 1,000 event streams, one per session from as many
// forwarded addresses (the server trusts the loopback proxy), and adds
// what they cost the server's memory.
func benchStreams(b *testing.B, ctx context.Context, tbl *Table, srv *Server) {
	c := Client()
	sessions, err := openSessions(ctx, c.Transport, srv.URL, openStreams)
	if err != nil {
		b.Error(err)
		return
	}
	before, err := srv.RSS()
	if err != nil {
		b.Error(err)
		return
	}
	var streams []*testsupport.StalledStream
	for i, s := range sessions {
		st := testsupport.OpenStalled(b, srv.URL+"/api/connect/events", s.Cookie(), "X-Forwarded-For", pageAddress(i))
		if st.Status != http.StatusOK {
			b.Errorf("event stream %d: %d", i, st.Status)
			return
		}
		streams = append(streams, st)
	}
	after, err := srv.RSS()
	if err != nil {
		b.Error(err)
		return
	}
	for _, st := range streams {
		st.Close()
	}
	tbl.Add(Row{Metric: fmt.Sprintf("memory of %d open event streams (RSS growth)", openStreams), Unit: "MiB",
		Values: Sample{mib(after - before)}, Note: fmt.Sprintf("%.1f KiB a stream", float64(after-before)/openStreams/1024)})
}

// benchHeavyLister adds a user's account listing p50, idle and while
// another user with 99 accounts lists theirs at concurrency 64.
func benchHeavyLister(b *testing.B, ctx context.Context, tbl *Table, srv *Server) {
	c := Client()
	access, err := testsupport.AccessToken(ctx, c, srv.SandboxURL)
	if err != nil {
		b.Error(err)
		return
	}
	heavy, err := NewSession(ctx, c.Transport, srv.URL)
	if err != nil {
		b.Error(err)
		return
	}
	light, err := NewSession(ctx, c.Transport, srv.URL)
	if err != nil {
		b.Error(err)
		return
	}
	for i := range heavyAccounts + 3 {
		s := heavy
		if i >= heavyAccounts {
			s = light
		}
		if err := visitAndConnect(ctx, s, c, srv.SandboxURL, access); err != nil {
			b.Error(err)
			return
		}
	}
	idle, err := listings(ctx, light, lightListings, lightPause)
	if err != nil {
		b.Error(err)
		return
	}
	// during is the light user's listings while flood runs at heavyConc.
	during := func(flood func(ctx context.Context) (int, error)) ([]time.Duration, map[int]int, error) {
		floodCtx, stop := context.WithCancel(ctx)
		done := make(chan LoadResult, 1)
		go func() {
			done <- Load(floodCtx, heavyConc, 0, time.Minute, func(ctx context.Context, _ int) (int, error) { return flood(ctx) })
		}()
		lat, err := listings(ctx, light, lightListings, lightPause)
		stop()
		res := <-done
		return lat, res.Status, err
	}
	loaded, heavyStatus, err := during(heavy.ListAccounts)
	if err != nil {
		b.Error(err)
		return
	}
	// The floor: the cheapest request there is, as fast as it comes.
	floor, _, err := during(func(ctx context.Context) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/healthz", nil)
		res, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	})
	if err != nil {
		b.Error(err)
		return
	}
	tbl.Add(Row{Metric: "a user's account listing p50, idle", Unit: "ms", Values: Sample{Millis(Percentile(idle, 50))},
		Note: fmt.Sprintf("%d listings every %v, 3 accounts", len(idle), lightPause)})
	tbl.Add(Row{Metric: fmt.Sprintf("the same while another user (%d accounts) lists at c=%d", heavyAccounts, heavyConc), Unit: "ms",
		Values: Sample{Millis(Percentile(loaded, 50))}, Target: "~ the /healthz flood's row",
		Note: fmt.Sprintf("the heavy lister's answers: %d listed, %d refused (429)", heavyStatus[http.StatusOK], heavyStatus[http.StatusTooManyRequests])})
	tbl.Add(Row{Metric: fmt.Sprintf("the same while a client floods /healthz at c=%d", heavyConc), Unit: "ms",
		Values: Sample{Millis(Percentile(floor, 50))}, Note: "the floor: what any flood of the cheapest request costs the others on this machine"})
}

// BenchmarkLimits runs the limits rows alone:
// go test -run '^$' -bench Limits -benchtime 1x ./server/internal/bench
func BenchmarkLimits(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	srv, err := StartServer(ctx, filepath.Join(root, "bin", "server"), b.TempDir(), "SESSION_RATE_PER_MINUTE=1000000", "TRUSTED_PROXIES=127.0.0.1")
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer srv.Stop()
	tbl := &Table{Title: "limits (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback)"}
	benchStreams(b, ctx, tbl, srv)
	benchHeavyLister(b, ctx, tbl, srv)
	tbl.Print(os.Stdout)
}
