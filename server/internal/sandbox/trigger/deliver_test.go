package trigger

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func newTestDeliverer(t *testing.T, o DeliverOptions) *Deliverer {
	t.Helper()
	if o.Backoff == 0 {
		o.Backoff = 5 * time.Millisecond
	}
	d, err := NewDeliverer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// waitStats waits until d has delivered and abandoned at least as many.
func waitStats(t *testing.T, d *Deliverer, delivered, abandoned int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, lost := d.Stats()
		if got >= delivered && lost >= abandoned {
			if got != delivered || lost != abandoned {
				t.Fatalf("delivered %d, abandoned %d; want %d and %d", got, lost, delivered, abandoned)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: delivered %d, abandoned %d; want %d and %d", got, lost, delivered, abandoned)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func event(id string) pipedream.TriggerEvent {
	return pipedream.TriggerEvent{EmittedEvent: pipedream.EmittedEvent{ID: id, K: "emit", E: []byte(`{"n":1}`)}, DeployedTriggerID: "dc_1"}
}

func TestAllowed(t *testing.T) {
	d := newTestDeliverer(t, DeliverOptions{Origins: []string{"https://app.example.com"}})
	for _, ok := range []string{"http://127.0.0.1:9/x", "http://localhost:3000/api/connect/trigger-events?user=a", "http://[::1]:8080/", "https://app.example.com/api/x"} {
		if err := d.Allowed(ok); err != nil {
			t.Errorf("Allowed(%s) = %v", ok, err)
		}
	}
	for _, bad := range []string{"https://attacker.example/x", "http://10.0.0.1/x", "http://app.example.com/x", "ftp://127.0.0.1/", "http://u:p@127.0.0.1/", "/relative", "http://169.254.169.254/latest/meta-data"} {
		if err := d.Allowed(bad); err == nil {
			t.Errorf("Allowed(%s) = nil, want a refusal", bad)
		}
	}
	if err := newTestDeliverer(t, DeliverOptions{AllowAny: true}).Allowed("https://anywhere.example/x"); err != nil {
		t.Errorf("AllowAny: %v", err)
	}
}

// TestDeliverRetriesNotRedirects: a 503 is retried with backoff and each
// attempt is signed afresh; a redirect is not followed and not retried; a
// 400 is final.
func TestDeliverRetriesNotRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	var attempts atomic.Int32
	var mu sync.Mutex
	var sigs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flaky":
			mu.Lock()
			sigs = append(sigs, r.Header.Get(pipedream.EventTimestampHeader)+" "+r.Header.Get(pipedream.EventSignatureHeader))
			mu.Unlock()
			if attempts.Add(1) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		case "/redirect":
			http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
		case "/refuse":
			attempts.Add(100)
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer srv.Close()
	d := newTestDeliverer(t, DeliverOptions{Attempts: 5})
	d.Send(Delivery{URL: srv.URL + "/flaky", Key: "k", Event: event("evt_1")})
	waitStats(t, d, 1, 0)
	mu.Lock()
	defer mu.Unlock()
	if attempts.Load() != 3 || len(sigs) != 3 || !strings.HasPrefix(strings.Fields(sigs[0])[1], "v1=") {
		t.Errorf("attempts %d, signatures %v", attempts.Load(), sigs)
	}
	d.Send(Delivery{URL: srv.URL + "/redirect", Key: "k", Event: event("evt_2")})
	waitStats(t, d, 1, 1)
	d.Send(Delivery{URL: srv.URL + "/refuse", Key: "k", Event: event("evt_3")})
	waitStats(t, d, 1, 2)
	if elsewhere.Load() != 0 || attempts.Load() != 103 {
		t.Errorf("redirect followed %d times; refused attempts %d (want 1)", elsewhere.Load(), attempts.Load()-3)
	}
}

// TestDeliverTimesOut: a receiver that never answers costs one timeout per
// attempt, then the event is given up.
func TestDeliverTimesOut(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	d := newTestDeliverer(t, DeliverOptions{Attempts: 2, Timeout: 50 * time.Millisecond})
	start := time.Now()
	d.Send(Delivery{URL: srv.URL, Key: "k", Event: event("evt_1")})
	waitStats(t, d, 0, 1)
	if time.Since(start) > 5*time.Second {
		t.Errorf("giving up took %s", time.Since(start))
	}
}

// TestLoopbackNameMustDialLoopback: a URL allowed for naming localhost is
// still dialled only at a loopback address.
func TestLoopbackNameMustDialLoopback(t *testing.T) {
	hc := client(time.Second, true)
	dial := hc.Transport.(*http.Transport).DialContext
	conn, derr := dial(context.Background(), "tcp", "192.0.2.1:80")
	if derr == nil {
		conn.Close()
		t.Fatal("the loopback-only dialer connected to 192.0.2.1")
	}
	if !strings.Contains(derr.Error(), errNotLoopback.Error()) {
		t.Errorf("dial error %v, want %v", derr, errNotLoopback)
	}
}

// TestHangingWebhookHoldsUpNoOther: events queued for a webhook that never
// answers hold one worker, not all of them: another trigger's event goes
// out at once.
func TestHangingWebhookHoldsUpNoOther(t *testing.T) {
	release := make(chan struct{})
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			got <- r.Header.Get(pipedream.EventIDHeader)
			return
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	d := newTestDeliverer(t, DeliverOptions{Workers: 2, Timeout: time.Minute})
	for i := range 20 {
		d.Send(Delivery{URL: srv.URL + "/hang", Key: "k", Event: event(fmt.Sprintf("evt_hang_%d", i))})
	}
	other := event("evt_other")
	other.DeployedTriggerID = "dc_2"
	d.Send(Delivery{URL: srv.URL + "/ok", Key: "k", Event: other})
	select {
	case id := <-got:
		if id != "evt_other" {
			t.Fatalf("delivered %s", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("another trigger's event was held up behind a hanging webhook")
	}
}
