package apicheck

import (
	"bufio"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite api/public.txt with the public packages' API as it is now")

// regenerate is the command that records the API as it is now.
const regenerate = "go test ./server/internal/apicheck -run TestPublicAPI -update"

// TestPublicAPI fails when an exported identifier of a public package
// appears, changes or goes without api/public.txt saying so. Review the
// diff of the file: it is the change to the API that users see.
func TestPublicAPI(t *testing.T) {
	root, module := moduleRoot(t)
	pkgs, got := readPublic(t, root, module)
	for _, want := range []string{"server/pipedream", "server/connecthttp", "server/connectapi", "wasm/connect", "wasm/connectui"} {
		if _, ok := pkgs[module+"/"+want]; !ok {
			t.Errorf("the public packages found are %v; want %s among them", slices.Sorted(maps.Keys(pkgs)), want)
		}
	}
	golden := filepath.Join(root, "api", "public.txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		header := "# The exported API of the public packages, one line per identifier, field and method;\n" +
			"# a line only some platforms build says which. Written by: " + regenerate + "\n"
		if err := os.WriteFile(golden, []byte(header+strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readLines(t, golden)
	added, removed := diff(want, got)
	if len(added)+len(removed) > 0 {
		var b strings.Builder
		b.WriteString("the public API differs from api/public.txt:\n")
		for _, l := range removed {
			b.WriteString("  - " + l + "\n")
		}
		for _, l := range added {
			b.WriteString("  + " + l + "\n")
		}
		b.WriteString("If the change is meant, record it and review the file's diff:\n  " + regenerate)
		t.Error(b.String())
	}
}

// TestDocLinksResolve: every [Name] and [pkg.Name] in the public packages'
// docs names an identifier that exists, so go doc and pkg.go.dev show it
// as a link.
func TestDocLinksResolve(t *testing.T) {
	root, module := moduleRoot(t)
	pkgs, _ := readPublic(t, root, module)
	for _, bad := range Resolve(pkgs, module) {
		t.Error(bad)
	}
	rels, err := Public(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range rels {
		for _, plat := range Platforms {
			bad, err := Unlinked(filepath.Join(root, filepath.FromSlash(rel)), plat)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Error(strings.TrimPrefix(b, root+string(filepath.Separator)))
			}
		}
	}
}

// TestReadSample reads a small package whose API is known, including a
// js-only file and what must be left out (unexported names, tests).
func TestReadSample(t *testing.T) {
	p, err := Read("testdata", "example.com/m", "sample")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pkg example.com/m/sample (js-wasm), func InBrowser() bool",
		"pkg example.com/m/sample, const KindA Kind = \"a\"",
		"pkg example.com/m/sample, const KindB = KindA",
		"pkg example.com/m/sample, method (*Thing) Do(context.Context, int, int) (int, error)",
		"pkg example.com/m/sample, type Doer interface",
		"pkg example.com/m/sample, type Doer interface, Do(context.Context, int, int) (int, error)",
		"pkg example.com/m/sample, type Kind string",
		"pkg example.com/m/sample, type List[T any] struct",
		"pkg example.com/m/sample, type List[T any] struct, Data []T",
		"pkg example.com/m/sample, type Thing struct",
		"pkg example.com/m/sample, type Thing struct, Name string",
		"pkg example.com/m/sample, type Thing struct, On func(context.Context, int) error",
		"pkg example.com/m/sample, type Thing struct, embedded Kind",
		"pkg example.com/m/sample, var Err error",
	}
	if got := p.APILines(); !slices.Equal(got, want) {
		t.Errorf("API lines:\ngot  %q\nwant %q", got, want)
	}
	bad := Resolve(map[string]*Package{p.Path: p}, "example.com/m")
	wantBad := []string{
		"example.com/m/sample: Thing.Do: [InBrowser] names nothing in the host build (only in js-wasm)",
		"example.com/m/sample: Thing: [Thing.Missing] names nothing",
		"example.com/m/sample: package sample: [Gone] names nothing",
		"example.com/m/sample: package sample: [hidden] names an unexported identifier, which the docs do not show",
	}
	if !slices.Equal(bad, wantBad) {
		t.Errorf("unresolved links:\ngot  %q\nwant %q", bad, wantBad)
	}
	unlinked, err := Unlinked(filepath.Join("testdata", "sample"), Platforms[0])
	if err != nil {
		t.Fatal(err)
	}
	wantUnlinked := []string{
		"testdata/sample (host): package doc: [Gone] is no link",
		"testdata/sample (host): Thing: [Thing.Missing] is no link",
		"testdata/sample (host): Thing.Do: [InBrowser] is no link",
	}
	if !slices.Equal(unlinked, wantUnlinked) {
		t.Errorf("go doc's unlinked brackets:\ngot  %q\nwant %q", unlinked, wantUnlinked)
	}
}

// readPublic reads every public package and renders their API.
func readPublic(t *testing.T, root, module string) (map[string]*Package, []string) {
	t.Helper()
	rels, err := Public(root)
	if err != nil {
		t.Fatal(err)
	}
	pkgs := map[string]*Package{}
	var lines []string
	for _, rel := range rels {
		p, err := Read(root, module, rel)
		if err != nil {
			t.Fatal(err)
		}
		pkgs[p.Path] = p
		lines = append(lines, p.APILines()...)
	}
	slices.Sort(lines)
	return pkgs, lines
}

// moduleRoot finds go.mod above the test's directory and reads the module
// path from it.
func moduleRoot(t *testing.T) (root, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if lines := readLines(t, filepath.Join(dir, "go.mod")); lines != nil {
			for _, l := range lines {
				if m, ok := strings.CutPrefix(l, "module "); ok {
					return dir, strings.TrimSpace(m)
				}
			}
			t.Fatalf("%s/go.mod names no module", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// readLines returns the lines of a file but blank and # lines; nil when it
// does not exist.
func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := []string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// diff returns the lines of got not in want, and of want not in got.
func diff(want, got []string) (added, removed []string) {
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, l := range list {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	for _, l := range got {
		if !w[l] {
			added = append(added, l)
		}
	}
	for _, l := range want {
		if !g[l] {
			removed = append(removed, l)
		}
	}
	return added, removed
}

// TestREADMESnippetsCompile: every line of the README's Go snippets is a
// line of an example test of a public package (spacing aside), so the
// snippets compile and use today's names. A line the module cannot compile
// (a third-party API client) is a comment in the README.
func TestREADMESnippetsCompile(t *testing.T) {
	root, _ := moduleRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rels, err := Public(root)
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]bool{}
	for _, rel := range rels {
		files, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(rel), "*_test.go"))
		for _, f := range files {
			for _, l := range readLines(t, f) {
				examples[strings.Join(strings.Fields(l), " ")] = true
			}
		}
	}
	snippets := 0
	in := false
	for n, l := range strings.Split(string(readme), "\n") {
		switch {
		case l == "```go":
			in, snippets = true, snippets+1
		case in && l == "```":
			in = false
		case in:
			code := strings.Join(strings.Fields(l), " ")
			if code != "" && !strings.HasPrefix(code, "//") && !examples[code] {
				t.Errorf("README.md:%d: %q is in no example test of a public package; put the snippet in one (e.g. readme_example_test.go)", n+1, code)
			}
		}
	}
	if snippets == 0 {
		t.Error("found no ```go snippet in README.md")
	}
}
