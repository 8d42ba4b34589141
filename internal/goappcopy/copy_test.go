//go:build !wasm

package goappcopy

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// upstream is the release the copy was taken from (third_party/go-app/README.md).
const upstream = "github.com/maxence-charriere/go-app/v10@v10.1.10"

// patched names every file the copy changes or adds, as its README says.
var patched = []string{
	"app/attribute.go",       // an empty value, href, src... is kept: Set switches on the name
	"app/context.go",         // ids from newID
	"app/crypto.go",          // built off wasm only
	"app/crypto_wasm.go",     // encryption returns an error
	"app/engine.go",          // a quiet spell's first dispatch gets its frame at once, a burst's frames spaced by their cost
	"app/handler.go",         // Handler and Icon, moved from http.go
	"app/http.go",            // built off wasm only
	"app/id_nowasm.go",       // newID: uuid.NewString
	"app/id_wasm.go",         // newID: a v4 UUID from math/rand/v2
	"app/js_nowasm.go",       // no goappElement off wasm
	"app/js_wasm.go",         // makeElement: app.js's goappElement
	"app/node.go",            // an element and its listeners mounted in one call (makeHTMLElement)
	"app/resource.go",        // LocalDir moved out
	"app/resource_nowasm.go", // LocalDir, unchanged
	"app/resource_wasm.go",   // LocalDir without http.FileServer
	"app/route.go",           // a pattern kept as its MatchString
	"app/scripts.go",         // app.js's goappElement
	"app/state.go",           // ids from newID
}

// TestCopyIsUpstreamWithThePatch fails when a file of the copy differs from
// the release, or is missing from it, without being one of the patched files,
// so the copy cannot drift from go-app unnoticed.
func TestCopyIsUpstreamWithThePatch(t *testing.T) {
	up := filepath.Join(download(t), "pkg")
	local := filepath.Join("..", "..", "third_party", "go-app", "pkg")
	var changed []string
	for _, rel := range goFiles(t, local) {
		want, err := os.ReadFile(filepath.Join(up, rel))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(local, rel))
		if err != nil {
			t.Fatal(err)
		}
		if want == nil || !bytes.Equal(got, want) {
			changed = append(changed, rel)
		}
	}
	if !slices.Equal(changed, patched) {
		t.Errorf("the copy's changed files are %q, its README's patch names %q", changed, patched)
	}
	for _, rel := range goFiles(t, up) {
		// Only pkg/app and pkg/errors are used; the HTML generator is not.
		if !strings.HasPrefix(rel, "app/") && !strings.HasPrefix(rel, "errors/") || strings.HasPrefix(rel, "app/gen/") {
			continue
		}
		if _, err := os.Stat(filepath.Join(local, rel)); err != nil {
			t.Errorf("the copy lacks upstream's %s", rel)
		}
	}
}

// download fetches the release through the module proxy (or the module
// cache) and returns its directory.
func download(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", upstream)
	cmd.Dir = t.TempDir() // outside this module: its replace must not apply
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v\n%s", upstream, err, out)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download %s: no directory in %s (%v)", upstream, out, err)
	}
	return mod.Dir
}

// goFiles lists the non-test Go files under root, relative to it, sorted.
func goFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, err := filepath.Rel(root, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}
