package browsertest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTheBrowserLeavesNothingInTheTempFolder: Chromium's own folder (its
// singleton socket, org.chromium.Chromium.*) is made in the test's profile
// and goes with it, rather than piling up in the temp folder run after run.
func TestTheBrowserLeavesNothingInTheTempFolder(t *testing.T) {
	tmp, err := os.MkdirTemp("", "bt") // short: Chromium's socket path must be
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	t.Setenv("TMPDIR", tmp)
	t.Run("browse", func(t *testing.T) {
		ctx := New(t, time.Minute)
		var title string
		if err := chromedp.Run(ctx, chromedp.Navigate("about:blank"), chromedp.Title(&title)); err != nil {
			t.Fatal(err)
		}
		if own, _ := filepath.Glob(filepath.Join(tmp, "chromium-*", "org.chromium.Chromium.*")); len(own) == 0 {
			t.Error("Chromium made no folder of its own in the TMPDIR it was given")
		}
	})
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in the temp folder after the browser stopped: %s", e.Name())
	}
}
