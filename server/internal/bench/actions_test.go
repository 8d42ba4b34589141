package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// benchActions measures the components API straight to the sandbox with
// server/pipedream: an action run (slack-send-message, which changes the
// simulated workspace) at c=1 and c=16, and configureProp with a query
// (a Slack channel search). In process on loopback.
func benchActions(b *testing.B, ctx context.Context, tbl *Table) {
	srv := httptest.NewUnstartedServer(nil)
	sbx, err := sandbox.New(sandbox.Options{BaseURL: "http://" + srv.Listener.Addr().String()})
	if err != nil {
		b.Fatal(err)
	}
	srv.Config.Handler = sbx.Handler()
	srv.Start()
	defer func() { srv.Close(); sbx.Close() }()

	pd := testsupport.Client(b, srv.URL, func(c *pipedream.Config) { c.HTTPClient = Client(); c.MaxRetries = -1 })
	const user = "bench-actions-user"
	slack := testsupport.ConnectOAuth(b, pd, srv.URL, user, "slack")
	props := pipedream.ConfiguredProps{"channel": "general", "text": "bench"}.SetApp("slack", slack.ID)
	run := func(ctx context.Context, _ int) (int, error) {
		_, err := pd.RunAction(ctx, pipedream.RunActionRequest{ID: "slack-send-message", ExternalUserID: user, ConfiguredProps: props})
		return status(err)
	}
	configure := func(ctx context.Context, _ int) (int, error) {
		res, err := pd.ConfigureProp(ctx, pipedream.ConfigurePropRequest{ID: "slack-send-message", ExternalUserID: user, PropName: "channel",
			ConfiguredProps: pipedream.ConfiguredProps{}.SetApp("slack", slack.ID), Query: "eng"})
		if err == nil && len(res.Options) == 0 {
			err = errors.New("no options for the query")
		}
		return status(err)
	}
	for _, conc := range []int{1, 16} {
		var rps, p50, p99 Sample
		for range runs {
			var r LoadResult
			for range turns {
				r.Add(Load(ctx, conc, 0, sliceTime, run))
			}
			if r.ErrCount > 0 || len(r.Latencies) != r.Requests {
				b.Errorf("run c=%d: %d errors %v, statuses %v", conc, r.ErrCount, r.Errors, r.Status)
			}
			rps, p50, p99 = append(rps, r.OKPerSecond()), append(p50, Millis(Percentile(r.Latencies, 50))), append(p99, Millis(Percentile(r.Latencies, 99)))
		}
		tbl.Add(Row{Metric: fmt.Sprintf("action run straight to sandbox p50, c=%d", conc), Unit: "ms", Values: p50, Target: "< 5"})
		tbl.Add(Row{Metric: fmt.Sprintf("action run straight to sandbox p99, c=%d", conc), Unit: "ms", Values: p99})
		if conc == 16 {
			tbl.Add(Row{Metric: "action runs per second, c=16", Unit: "runs/s", Values: rps, Note: "slack-send-message with server/pipedream"})
		}
	}
	var p50 Sample
	for range runs {
		var r LoadResult
		for range turns {
			r.Add(Load(ctx, 1, 0, sliceTime, configure))
		}
		if r.ErrCount > 0 || len(r.Latencies) != r.Requests {
			b.Errorf("configureProp: %d errors %v, statuses %v", r.ErrCount, r.Errors, r.Status)
		}
		p50 = append(p50, Millis(Percentile(r.Latencies, 50)))
	}
	tbl.Add(Row{Metric: "configureProp with a query p50, c=1", Unit: "ms", Values: p50, Target: "< 5", Note: "Slack channel search"})
}

// status turns a client call's error into what Load counts: 200, the
// API's status, or a transport error.
func status(err error) (int, error) {
	var apiErr *pipedream.APIError
	switch {
	case err == nil:
		return http.StatusOK, nil
	case errors.As(err, &apiErr):
		return apiErr.StatusCode, nil
	}
	return 0, err
}
