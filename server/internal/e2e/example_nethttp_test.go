package e2e

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pdconnect/pdconnect/server/internal/browsertest"
	"github.com/pdconnect/pdconnect/server/internal/sandbox"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// TestNetHTTPExample builds examples/nethttp (its own module), runs it
// against a sandbox with the widget of this build, and uses its page as a
// person would: sign in, Connect Slack through the hosted page, see the
// account listed, disconnect it.
func TestNetHTTPExample(t *testing.T) {
	const root = "../../.."
	bin := filepath.Join(t.TempDir(), "nethttp")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(root, "examples/nethttp")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build examples/nethttp: %v\n%s", err, out)
	}
	widget := t.TempDir()
	for src, dst := range map[string]string{
		"web/static/widget.js": "widget.js", "web/dist/wasm_exec.js": "wasm_exec.js", "web/dist/widget.wasm": "web/widget.wasm",
	} {
		data, err := os.ReadFile(filepath.Join(root, src))
		if err != nil {
			t.Fatalf("the widget is not built (./build.sh): %v", err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(widget, dst)), 0o755)
		if err := os.WriteFile(filepath.Join(widget, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	sbxURL := testsupport.StartSandbox(t, testsupport.SandboxOptions{}).URL
	app := exec.Command(bin, "-addr", "127.0.0.1:0", "-widget-dir", widget)
	app.Env = append(os.Environ(),
		"PIPEDREAM_CLIENT_ID="+sandbox.DefaultClientID, "PIPEDREAM_CLIENT_SECRET="+sandbox.DefaultClientSecret,
		"PIPEDREAM_PROJECT_ID="+sandbox.DefaultProjectID, "PIPEDREAM_PROJECT_ENVIRONMENT="+string(pipedream.Development),
		"PIPEDREAM_API_URL="+sbxURL, "PIPEDREAM_FRONTEND_URL="+sbxURL)
	stderr, err := app.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	logged := make(chan struct{})
	t.Cleanup(func() { app.Process.Kill(); <-logged; app.Wait() })
	go func() {
		defer close(logged)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			t.Log("nethttp:", sc.Text())
			if m := regexp.MustCompile(`serving url=(\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	var appURL string
	select {
	case appURL = <-urls:
	case <-time.After(30 * time.Second):
		t.Fatal("examples/nethttp did not say where it serves within 30 s")
	}

	ctx := browsertest.New(t, 3*time.Minute)
	run(t, ctx, chromedp.Navigate(appURL+"/"), chromedp.SendKeys(`input[name=name]`, "ann", chromedp.ByQuery))
	clickButton(t, ctx, "Sign in")
	waitText(t, ctx, "h1", "Hello, ann")
	waitJS(t, ctx, `!!PipedreamConnect && [...document.querySelectorAll("pipedream-connect button")].some(b => b.innerText.trim() === "Connect Slack")`, "the Connect Slack button")

	h := newHostedPage(t, ctx, sbxURL)
	clickButton(t, ctx, "Connect Slack")
	h.press("Continue")
	h.press("Allow")
	h.waitText("Connected")
	h.press("Close")
	waitJS(t, ctx, `[...document.querySelectorAll("#accounts li")].some(li => li.innerText.startsWith("Slack"))`, "Slack in the accounts list")

	pd := testsupport.Client(t, sbxURL, nil)
	count := func() (n int) {
		for _, err := range pd.Accounts(context.Background(), pipedream.AccountsQuery{ExternalUserID: "ann"}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("ann has %d accounts in the sandbox, want 1", n)
	}
	clickButton(t, ctx, "Disconnect")
	waitJS(t, ctx, `document.querySelectorAll("#accounts li").length === 0`, "the accounts list to empty")
	if n := count(); n != 0 {
		t.Errorf("ann has %d accounts in the sandbox after Disconnect, want 0", n)
	}
}
