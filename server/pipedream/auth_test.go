package pipedream_test

import (
	"sync"
	"testing"
	"time"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestConcurrentCallsShareOneRefresh(t *testing.T) {
	f := newFakeAPI(t)
	f.tokenDelay = 100 * time.Millisecond // keep the refresh in flight while all calls arrive
	f.reply("GET /v1/connect/apps", 200, emptyApps)
	c := f.client()
	const calls = 50
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Go(func() {
			if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := f.tokenHits.Load(); n != 1 {
		t.Errorf("token endpoint hit %d times for %d concurrent calls, want 1", n, calls)
	}
	if n := len(f.recorded()); n != calls {
		t.Errorf("API requests = %d, want %d", n, calls)
	}
}

func TestAccessTokenRefreshedTwoMinutesEarly(t *testing.T) {
	t.Run("long-lived token reused", func(t *testing.T) {
		f := newFakeAPI(t)
		f.reply("GET /v1/connect/apps", 200, emptyApps)
		c := f.client()
		for range 3 {
			if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
				t.Fatal(err)
			}
		}
		if n := f.tokenHits.Load(); n != 1 {
			t.Errorf("token requests = %d, want 1", n)
		}
	})
	t.Run("token within two minutes of expiry replaced", func(t *testing.T) {
		f := newFakeAPI(t)
		f.expiresIn = 119
		f.reply("GET /v1/connect/apps", 200, emptyApps)
		c := f.client()
		for range 3 {
			if _, err := c.ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
				t.Fatal(err)
			}
		}
		if n := f.tokenHits.Load(); n != 3 {
			t.Errorf("token requests = %d, want 3 (one per call)", n)
		}
	})
}

func TestClientsDoNotShareTokens(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET /v1/connect/apps", 200, emptyApps)
	if _, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
	// A second client must fetch its own token; the fake accepts only the
	// latest one, so the first client would now be refused.
	if _, err := f.client().ListApps(t.Context(), pipedream.AppsQuery{}); err != nil {
		t.Fatal(err)
	}
	if n := f.tokenHits.Load(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}
