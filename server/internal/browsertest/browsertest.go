// Package browsertest starts the headless Chromium that the project's
// end-to-end tests drive through chromedp. It uses Debian's chromium (never a
// downloaded browser) and fails the test with one line saying what to
// install when none is found.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ExecPath finds the Chromium binary: $CHROMIUM, then the usual names on PATH.
func ExecPath() (string, bool) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// New starts a fresh headless browser with an empty profile and returns a
// chromedp context for its first tab. The browser stops when the test ends.
// The whole test is bounded by timeout.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	return NewWith(t, timeout)
}

// NewWith is New with extra browser options, such as
// chromedp.Flag("ignore-certificate-errors", true) for a page that talks to a
// loopback TLS server with a throwaway certificate.
func NewWith(t testing.TB, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path, ok := ExecPath()
	if !ok {
		t.Fatal("Chromium not found: install it with `apt-get install chromium` (or set CHROMIUM=/path/to/chrome)")
	}
	profile, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeProfile(t, profile) })
	// Chromium makes a folder of its own in TMPDIR (org.chromium.Chromium.*,
	// its singleton socket) and leaves it when killed: it gets a TMPDIR of
	// its own, which goes with the test. (Not inside the profile: a socket's
	// path may not pass 107 bytes.)
	tmp, err := os.MkdirTemp("", "chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeProfile(t, tmp) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Run(browserCtx); err != nil {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	return browserCtx
}

// removeProfile removes the browser's profile directory, retrying for a
// few seconds: Chromium's helper processes may still write to it for a
// moment after the browser has exited (t.TempDir's cleanup then fails with
// "directory not empty").
func removeProfile(t testing.TB, dir string) {
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
	}
	t.Errorf("remove the browser profile %s: %v", dir, err)
}
