package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// TestPWAConnectsAnAgent: a person creates an agent key in "Connect an
// agent" with the mouse, copies the MCP URL and the key, sees them once;
// an agent uses the key; on the next visit the key is listed with its last
// use and not shown again; Revoke, pressed with the keyboard, cuts the
// agent off. Each state is looked
// at (see looker).
func TestPWAConnectsAnAgent(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	l := newLooker(t, ctx, "agent", phone)
	waitText(t, ctx, ".agents", "No keys yet.")
	l.look("agent-none")

	clickButton(t, ctx, "Create an agent key")
	waitJS(t, ctx, `!!document.getElementById("agent-key") && document.getElementById("agent-key").value.startsWith("pdmcp_")`, "the new key")
	var url, key string
	run(t, ctx, chromedp.Value("#agent-url", &url, chromedp.ByID), chromedp.Value("#agent-key", &key, chromedp.ByID))
	if url != s.URL+"/api/mcp" {
		t.Errorf("MCP URL %q, want %q", url, s.URL+"/api/mcp")
	}
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error { return grantClipboard(ctx, s.URL) }))
	mouseClick(t, ctx, `document.querySelector("button[aria-label='Copy the Agent key (shown only now)']")`, "Copy the key")
	waitText(t, ctx, "#agent-status", "Agent key copied to the clipboard.")
	var clip string
	run(t, ctx, chromedp.Evaluate(`navigator.clipboard.readText()`, &clip, awaitPromise))
	if clip != key {
		t.Errorf("clipboard = %q, want the key", clip)
	}
	waitText(t, ctx, ".agent-keys", "never used")
	l.look("agent-key-shown")

	// An agent uses the key.
	if code, _ := testsupport.MCPInitialize(t, url, key, nil); code != 200 {
		t.Fatalf("the agent's initialize: %d", code)
	}

	// A return visit: the key is listed with its use, and not shown again.
	run(t, ctx, chromedp.Reload())
	waitJS(t, ctx, readyJS, "the PWA to be ready again")
	waitText(t, ctx, ".agent-keys", "last used")
	var html string
	run(t, ctx, chromedp.Evaluate(`document.documentElement.outerHTML`, &html))
	if strings.Contains(html, key) {
		t.Error("the key shows again on a return visit")
	}
	l.look("agent-key-used")

	// Revoke, with the keyboard.
	run(t, ctx, chromedp.Focus(`button[aria-label^='Revoke the agent key']`, chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	waitText(t, ctx, ".agents", "No keys yet.")
	l.look("agent-revoked")
	if code, _ := testsupport.MCPInitialize(t, url, key, nil); code != 401 {
		t.Errorf("the agent's initialize after Revoke: %d, want 401", code)
	}
}
