package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeDir holds the pinned axe-core (package.json and package-lock.json;
// `npm ci` fills node_modules on first use).
var axeDir = filepath.Join("testdata", "axe")

var axeSource = sync.OnceValues(func() (string, error) {
	js := filepath.Join(axeDir, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(js); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return "", fmt.Errorf("npm is not installed: the accessibility checks need Node.js 18+ and npm to install axe-core")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = axeDir
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("npm ci in %s: %v\n%s", axeDir, err, out)
		}
	}
	b, err := os.ReadFile(js)
	return string(b), err
})

// axeRunJS runs axe on the document it is evaluated in, leaving frames to
// their own run, and returns its serious and critical violations.
const axeRunJS = `axe.run(document, {iframes: false, resultTypes: ["violations"]}).then((r) =>
	r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({
		ID: v.id, Impact: v.impact, Help: v.help,
		Nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ")),
	})))`

// axeViolation is one rule that axe found broken.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s\n\t\t%s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t\t"))
}

// axeEval evaluates JavaScript in the document under test, awaiting a
// promise, and decodes its value.
type axeEval func(expr string, res any) error

// axeCheck runs axe-core with eval, injecting it first when the document
// has none, and fails the test for each serious or critical violation;
// what names the state.
func axeCheck(t *testing.T, eval axeEval, what string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	var vs []axeViolation
	if err := eval("if (typeof axe !== \"object\") {\n"+src+"\n}\n"+axeRunJS, &vs); err != nil {
		t.Fatalf("%s: axe: %v", what, err)
	}
	for _, v := range vs {
		t.Errorf("%s: axe: %v", what, v)
	}
}

// pageEval evaluates in ctx's page.
func pageEval(ctx context.Context) axeEval {
	return func(expr string, res any) error {
		return chromedp.Run(ctx, chromedp.Evaluate(expr, res, awaitPromise))
	}
}
