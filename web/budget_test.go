package web_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// budgets caps the brotli size of each shipped wasm bundle.
var budgets = []struct {
	bundle string
	max    int
}{
	{"app.wasm", 1536 << 10},   // the PWA: 1.5 MiB
	{"widget.wasm", 600 << 10}, // the widget: 600 KiB
}

// TestBundleBudgets checks the built bundles (./build.sh writes them) against
// their size budgets, on the brotli copies browsers actually download.
func TestBundleBudgets(t *testing.T) {
	sums := readSums(t)
	for _, b := range budgets {
		raw, err := os.ReadFile("dist/" + b.bundle)
		if err != nil {
			t.Errorf("%s: bundle missing (%v): run ./build.sh", b.bundle, err)
			continue
		}
		br, err := os.ReadFile("dist/" + b.bundle + ".br")
		if err != nil {
			t.Errorf("%s: brotli copy missing (%v): run ./build.sh", b.bundle, err)
			continue
		}
		sum := sha256.Sum256(raw)
		if sums[b.bundle] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: brotli copy is stale (made from other bytes): run ./build.sh", b.bundle)
			continue
		}
		t.Logf("%s: %d bytes raw, %d bytes brotli (budget %d)", b.bundle, len(raw), len(br), b.max)
		if len(br) > b.max {
			t.Errorf("%s is over budget: %d bytes brotli > %d (%.2f MiB > %.2f MiB)",
				b.bundle, len(br), b.max, float64(len(br))/(1<<20), float64(b.max)/(1<<20))
		}
	}
}

func readSums(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("dist/precompress.sum")
	if err != nil {
		t.Fatalf("dist/precompress.sum missing (%v): run ./build.sh", err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if hash, key, ok := strings.Cut(sc.Text(), "  "); ok {
			sums[key] = hash
		}
	}
	return sums
}
