package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/internal/pwa"
	"github.com/pdconnect/pdconnect/server/internal/browsertest"
)

// TestPWAPreloadsItsFirstCalls: on a first visit, the API calls the
// Connect button waits for (pwa.FirstRequests) leave with the page, as
// preloads the parser starts, and the app's own fetches take them: each is
// asked of the server once.
func TestPWAPreloadsItsFirstCalls(t *testing.T) {
	s := startPWAStack(t)
	ctx := browsertest.New(t, 3*time.Minute)
	var mu sync.Mutex
	asked := map[string][]string{} // path -> the initiators of its requests
	chromedp.ListenTarget(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			if path, ok := strings.CutPrefix(r.Request.URL, s.URL); ok {
				mu.Lock()
				asked[path] = append(asked[path], string(r.Initiator.Type))
				mu.Unlock()
			}
		}
	})
	run(t, ctx, network.Enable(), chromedp.Navigate(s.URL+"/"))
	waitJS(t, ctx, readyJS, "the PWA to be ready")
	mu.Lock()
	defer mu.Unlock()
	for _, path := range pwa.FirstRequests {
		if got := asked[path]; len(got) != 1 || got[0] != string(network.InitiatorTypeParser) {
			t.Errorf("%s was asked by %q; want once, by the parser (a preload the app's fetch took)", path, got)
		}
	}
}
