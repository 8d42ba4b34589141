package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// The abuse run: anonymous visitors create accounts through the app's
// flow and mint short-lived tokens straight from the sandbox, paced, while
// a real user lists their accounts.
const (
	abuseTime      = 60 * time.Second
	abuseVisitors  = 4                      // each: session, token, account, in a loop
	abuseVisitRate = 25                     // accounts per visitor per second, at most
	abuseMinters   = 2                      // each: expires_in=1 tokens from the sandbox
	abuseMintRate  = 100                    // tokens per minter per second, at most
	abuseRetention = 10 * time.Second       // SANDBOX_TOKEN_RETENTION of the run
	listEvery      = 250 * time.Millisecond // the real user's listings, within connecthttp.ListingsPerMinute
	idleListings   = 100
)

// BenchmarkAbuse runs the abuse row alone:
// go test -run '^$' -bench Abuse -benchtime 1x ./server/internal/bench
func BenchmarkAbuse(b *testing.B) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tbl := &Table{Title: "abuse run (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback)"}
	benchAbuse(b, ctx, tbl, root)
	tbl.Print(os.Stdout)
}

// benchAbuse runs its own server, so that its data file holds only this
// run's state, and adds the listing's p50 idle and under abuse, and the
// sandbox file's size and the server's memory before and after a sweep.
func benchAbuse(b *testing.B, ctx context.Context, tbl *Table, root string) {
	bin, dir := filepath.Join(root, "bin", "server"), b.TempDir()
	env := []string{"SESSION_RATE_PER_MINUTE=1000000", "SANDBOX_TOKEN_RETENTION=" + abuseRetention.String()}
	srv, err := StartServer(ctx, bin, dir, env...)
	if err != nil {
		b.Fatalf("start bin/server (run make build first): %v", err)
	}
	defer func() { srv.Stop() }()
	dbFile := filepath.Join(dir, "data", "sandbox.db")
	c := Client()
	access, err := testsupport.AccessToken(ctx, c, srv.SandboxURL)
	if err != nil {
		b.Fatal(err)
	}

	// The real user, with three accounts.
	me, err := NewSession(ctx, c.Transport, srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	for range 3 {
		if err := visitAndConnect(ctx, me, c, srv.SandboxURL, access); err != nil {
			b.Fatal(err)
		}
	}
	// Paced as during the abuse, so both figures are of the same pattern.
	idle, err := listings(ctx, me, idleListings, listEvery)
	if err != nil {
		b.Fatal(err)
	}

	// The abuse, and the listings meanwhile.
	abuseCtx, stop := context.WithTimeout(ctx, abuseTime)
	defer stop()
	var accounts, tokens, failures atomic.Int64
	var wg sync.WaitGroup
	paced := func(rate int, do func() error, count *atomic.Int64) {
		defer wg.Done()
		tick := time.NewTicker(time.Second / time.Duration(rate))
		defer tick.Stop()
		for {
			select {
			case <-abuseCtx.Done():
				return
			case <-tick.C:
			}
			if err := do(); err != nil {
				if abuseCtx.Err() == nil {
					failures.Add(1)
				}
				continue
			}
			count.Add(1)
		}
	}
	for range abuseVisitors {
		wg.Add(1)
		go paced(abuseVisitRate, func() error {
			s, err := NewSession(abuseCtx, c.Transport, srv.URL)
			if err != nil {
				return err
			}
			return visitAndConnect(abuseCtx, s, c, srv.SandboxURL, access)
		}, &accounts)
	}
	var minted atomic.Int64
	for m := range abuseMinters {
		wg.Add(1)
		go paced(abuseMintRate, func() error {
			st, _, err := MintDirectFor(abuseCtx, c, srv.SandboxURL, access, fmt.Sprintf("abuser-%d-%d", m, minted.Add(1)), srv.URL, 1)
			if err == nil && st != http.StatusOK {
				err = fmt.Errorf("mint: %d", st)
			}
			return err
		}, &tokens)
	}
	// File size and memory every 20 s: they stay bounded.
	var trace []string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-abuseCtx.Done():
				return
			case <-time.After(20 * time.Second):
			}
			rss, _ := srv.RSS()
			trace = append(trace, fmt.Sprintf("%ds: %.1f MiB file, %.0f MiB RSS", i*20, mib(fileSize(dbFile)), mib(rss)))
		}
	}()
	loaded, err := listings(abuseCtx, me, 0, listEvery)
	wg.Wait()
	if err != nil {
		b.Error(err)
	}
	fileBefore, peakBefore := fileSize(dbFile), must(srv.PeakRSS())
	if failures.Load() > 0 {
		b.Errorf("abuse: %d failed visits or mints", failures.Load())
	}

	idleP50, loadedP50 := Millis(Percentile(idle, 50)), Millis(Percentile(loaded, 50))
	tbl.Add(Row{Metric: "abuse: a user's account listing p50, idle", Unit: "ms", Values: Sample{idleP50},
		Note: fmt.Sprintf("%d listings, 3 accounts", len(idle))})
	tbl.Add(Row{Metric: "abuse: the same listing p50 during 60 s of abuse", Unit: "ms", Values: Sample{loadedP50},
		Target: fmt.Sprintf("<= %s (2x idle)", format(2*idleP50)),
		Note: fmt.Sprintf("%d listings; meanwhile %d anonymous accounts, %d expires_in=1 tokens, %d failures",
			len(loaded), accounts.Load(), tokens.Load(), failures.Load())})
	if loadedP50 > 2*idleP50 {
		b.Errorf("the listing's p50 went from %.2f ms idle to %.2f ms under abuse: more than twice", idleP50, loadedP50)
	}
	tbl.Add(Row{Metric: "abuse: sandbox file before the sweep", Unit: "MiB", Values: Sample{mib(fileBefore)}, Note: fmt.Sprint(trace)})
	tbl.Add(Row{Metric: "abuse: server peak memory before the sweep (VmHWM)", Unit: "MiB", Values: Sample{mib(peakBefore)}})

	// Past the retention every abuse token is due: a restart sweeps at
	// start (and compacts the file when that pays).
	time.Sleep(abuseRetention + 2*time.Second)
	if err := srv.Stop(); err != nil {
		b.Error(err)
	}
	appURL, _ := url.Parse(srv.URL)
	sbxURL, _ := url.Parse(srv.SandboxURL)
	if srv, err = StartServerOn(ctx, bin, dir, appURL.Port(), sbxURL.Port(), env...); err != nil {
		b.Fatal(err)
	}
	after, err := listings(ctx, me, idleListings, listEvery)
	if err != nil {
		b.Fatal(err)
	}
	tbl.Add(Row{Metric: "abuse: sandbox file after a sweep (restart)", Unit: "MiB", Values: Sample{mib(fileSize(dbFile))}})
	tbl.Add(Row{Metric: "abuse: server peak memory after a sweep (VmHWM)", Unit: "MiB", Values: Sample{mib(must(srv.PeakRSS()))},
		Note: "the restarted server, after its start-up sweep and a user's listings"})
	tbl.Add(Row{Metric: "abuse: the listing p50 after the sweep", Unit: "ms", Values: Sample{Millis(Percentile(after, 50))},
		Note: fmt.Sprintf("with the %d anonymous accounts still stored", accounts.Load())})
}

// visitAndConnect mints a token through the app as s and connects an
// account of a keys app with it, as the hosted page would.
func visitAndConnect(ctx context.Context, s *Session, c *http.Client, sandboxURL, access string) error {
	st, tok, err := s.Mint(ctx)
	if err != nil {
		return err
	}
	if st != http.StatusOK {
		return fmt.Errorf("mint through the app: %d", st)
	}
	_, err = testsupport.ConnectKeysWith(ctx, c, sandboxURL, access, tok, "openai", "", map[string]string{"api_key": "sk-abcdefgh12345"})
	return err
}

// listings lists s's accounts n times (0: until ctx ends), every pause,
// and returns the latencies.
func listings(ctx context.Context, s *Session, n int, pause time.Duration) ([]time.Duration, error) {
	var out []time.Duration
	for i := 0; n == 0 || i < n; i++ {
		start := time.Now()
		st, err := s.ListAccounts(ctx)
		if ctx.Err() != nil {
			return out, nil
		}
		if err != nil || st != http.StatusOK {
			return out, fmt.Errorf("list accounts: %d %v", st, err)
		}
		out = append(out, time.Since(start))
		if pause > 0 {
			select {
			case <-ctx.Done():
				return out, nil
			case <-time.After(pause):
			}
		}
	}
	return out, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func must(n int64, err error) int64 {
	if err != nil {
		return -1
	}
	return n
}
