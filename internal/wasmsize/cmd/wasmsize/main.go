// Command wasmsize builds a js/wasm main package as build.sh does and prints
// which Go packages its code comes from, largest first, raw and brotli.
//
//	go run ./internal/wasmsize/cmd/wasmsize [-n 40] [-by package|func] [-match RE] ./wasm/pwa
//
// It links without -s, since build.sh's -s drops the name section this
// reads; the code is the same. The brotli column compresses each group's
// function bodies alone (quality 11): an estimate of what the group costs,
// as brotli also finds matches across groups. Data segments are not per
// symbol; they are reported as a whole.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/pdconnect/pdconnect/internal/wasmsize"
)

func main() {
	n := flag.Int("n", 40, "groups to print")
	by := flag.String("by", "package", "group by package or func")
	match := flag.String("match", "", "only functions whose name (as the name section spells it) matches this regexp")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: wasmsize [flags] ./main/package")
	}
	re, err := regexp.Compile(*match)
	if err != nil {
		log.Fatal(err)
	}
	b, pkgs, err := build(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	m, err := wasmsize.Parse(b)
	if err != nil {
		log.Fatal(err)
	}
	type group struct {
		name  string
		funcs int
		code  bytes.Buffer
	}
	groups := map[string]*group{}
	var total int
	for _, f := range m.Funcs {
		total += len(f.Body)
		if !re.MatchString(f.Name) {
			continue
		}
		key := f.Name
		if *by == "package" {
			if key = wasmsize.Package(f.Name, pkgs); key == "" {
				key = "(other)"
			}
		}
		g := groups[key]
		if g == nil {
			g = &group{name: key}
			groups[key] = g
		}
		g.funcs++
		g.code.Write(f.Body)
	}
	list := make([]*group, 0, len(groups))
	for _, g := range groups {
		list = append(list, g)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].code.Len() > list[j].code.Len() })
	fmt.Printf("file %d B, code %d B in %d funcs (brotli %d B), data %d B (brotli %d B), names %d B\n",
		len(b), total, len(m.Funcs), brotliSize(code(m)), len(m.Data), brotliSize(m.Data), m.Custom["name"])
	fmt.Printf("%10s %10s %6s  %s\n", "code", "brotli", "funcs", *by)
	var sumRaw int
	for i, g := range list {
		sumRaw += g.code.Len()
		if i < *n {
			fmt.Printf("%10d %10d %6d  %s\n", g.code.Len(), brotliSize(g.code.Bytes()), g.funcs, g.name)
		}
	}
	fmt.Printf("%10d %10s %6d  (all %d groups)\n", sumRaw, "", len(list), len(list))
}

// build links main as build.sh does but keeps the name section, and lists
// the packages it imports (as the name section spells them).
func build(main string) ([]byte, []string, error) {
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "main.wasm")
	env := append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-w", "-gcflags=all=-l", "-o", out, main)
	cmd.Env, cmd.Stderr = env, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, nil, fmt.Errorf("go build: %w", err)
	}
	list := exec.Command("go", "list", "-deps", main)
	list.Env, list.Stderr = env, os.Stderr
	paths, err := list.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(paths)) {
		pkgs = append(pkgs, wasmsize.Sanitize(p))
	}
	b, err := os.ReadFile(out)
	return b, append(pkgs, "main"), err
}

func code(m *wasmsize.Module) []byte {
	var b []byte
	for _, f := range m.Funcs {
		b = append(b, f.Body...)
	}
	return b
}

func brotliSize(b []byte) int {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
