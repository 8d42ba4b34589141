package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// benchProxy measures the Connect proxy: requests per second through the
// sandbox (its simulated provider answering) with pipedream.ProxyClient,
// and the app's overhead per proxied request, a test request
// (POST /connect/accounts/{id}/test-request, which also looks the account
// up) against the same GET sent straight. Both run in process on
// loopback. The app's test-request limits (per user, per address, and
// connecthttp.TestRequestBudget in all) let a person try an account, not
// thousands of requests a second: this in-process app raises those three
// through Config.Limits, as the events rows do, so the row measures the
// work of a proxied request, not the limiter; every other limit is real.
func benchProxy(b *testing.B, ctx context.Context, tbl *Table) {
	srv := httptest.NewUnstartedServer(nil)
	sbx, err := sandbox.New(sandbox.Options{BaseURL: "http://" + srv.Listener.Addr().String(), ProxyLimit: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	srv.Config.Handler = sbx.Handler()
	srv.Start()
	defer func() { srv.Close(); sbx.Close() }()

	pd := testsupport.Client(b, srv.URL, func(c *pipedream.Config) { c.HTTPClient = Client() })
	const user = "bench-proxy-user"
	acct := testsupport.Connect(b, pd, srv.URL, user, "openai", "", map[string]string{"api_key": "sk-benchproxy1234"})
	target := acct.App.Connect.BaseProxyTargetURL

	api, err := connecthttp.New(connecthttp.Config{
		Connect: pd,
		User:    func(http.ResponseWriter, *http.Request) (string, error) { return user, nil },
		Limits: func(name string, n int, period time.Duration) connecthttp.Limiter {
			if strings.HasPrefix(name, "test-request") {
				n = 1 << 30
			}
			return connecthttp.InProcessLimits(name, n, period)
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	appSrv := httptest.NewServer(api)
	defer appSrv.Close()

	hc := pd.ProxyClient(user, acct.ID)
	c := Client()
	direct := func(ctx context.Context, _ int) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		return drain(hc.Do(req))
	}
	viaApp := func(ctx context.Context, _ int) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, appSrv.URL+"/connect/accounts/"+acct.ID+"/test-request", strings.NewReader("{}"))
		return drain(c.Do(req))
	}
	for _, conc := range []int{1, 16} {
		var dirRPS, dirP50, appP50, overhead Sample
		for range runs {
			var d, a LoadResult
			for range turns {
				d.Add(Load(ctx, conc, 0, sliceTime, direct))
				a.Add(Load(ctx, conc, 0, sliceTime, viaApp))
			}
			for _, r := range []LoadResult{d, a} {
				if r.ErrCount > 0 || len(r.Latencies) != r.Requests {
					b.Errorf("proxy c=%d: %d transport errors %v, statuses %v", conc, r.ErrCount, r.Errors, r.Status)
				}
			}
			d50, a50 := Millis(Percentile(d.Latencies, 50)), Millis(Percentile(a.Latencies, 50))
			dirRPS, dirP50, appP50 = append(dirRPS, d.OKPerSecond()), append(dirP50, d50), append(appP50, a50)
			overhead = append(overhead, a50-d50)
		}
		tbl.Add(Row{Metric: fmt.Sprintf("proxy GET through the sandbox (ProxyClient), c=%d", conc), Unit: "req/s", Values: dirRPS})
		tbl.Add(Row{Metric: fmt.Sprintf("proxy GET straight p50, c=%d", conc), Unit: "ms", Values: dirP50})
		tbl.Add(Row{Metric: fmt.Sprintf("proxy test request via app p50, c=%d", conc), Unit: "ms", Values: appP50})
		tbl.Add(Row{Metric: fmt.Sprintf("app overhead per proxied request p50, c=%d", conc), Unit: "ms", Values: overhead,
			Note: "test request (account lookup + proxy) minus the proxy call alone; test-request limits raised in process"})
	}
}

// drain reads and closes an answer and returns its status.
func drain(res *http.Response, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// BenchmarkProxy runs the proxy rows alone:
// go test -run '^$' -bench Proxy -benchtime 1x ./server/internal/bench
func BenchmarkProxy(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tbl := &Table{Title: "proxy (" + time.Now().UTC().Format(time.DateTime) + " UTC, loopback)"}
	benchProxy(b, ctx, tbl)
	tbl.Print(os.Stdout)
}
