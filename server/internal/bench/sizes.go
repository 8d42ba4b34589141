package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pdconnect/pdconnect/internal/compress"
)

// Sizes are a bundle's byte counts as stored and as sent compressed.
type Sizes struct {
	Raw, Gzip, Brotli int
}

// Measure compresses b the way build.sh does (gzip 9, brotli 11).
func Measure(b []byte) (Sizes, error) {
	gz, err := compress.Best.Gzip(b)
	if err != nil {
		return Sizes{}, err
	}
	br, err := compress.Best.Brotli(b)
	if err != nil {
		return Sizes{}, err
	}
	return Sizes{Raw: len(b), Gzip: len(gz), Brotli: len(br)}, nil
}

// BuiltSizes reads a bundle and the copies build.sh wrote next to it.
func BuiltSizes(path string) (Sizes, error) {
	var s Sizes
	for _, f := range []struct {
		suffix string
		n      *int
	}{{"", &s.Raw}, {".gz", &s.Gzip}, {".br", &s.Brotli}} {
		info, err := os.Stat(path + f.suffix)
		if err != nil {
			return s, fmt.Errorf("bundle %s not built (run ./build.sh): %w", path+f.suffix, err)
		}
		*f.n = int(info.Size())
	}
	return s, nil
}

// BuildOfficial bundles the official browser client (@pipedream/sdk, pinned
// in dir's package-lock.json) with esbuild, installing it with `npm ci` when
// dir has no node_modules yet, and returns the bundle's path.
func BuildOfficial(ctx context.Context, dir string) (string, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("npm is not installed: bundling the official @pipedream/sdk needs Node.js 18+ and npm")
	}
	run := func(args ...string) error {
		cmd := exec.CommandContext(ctx, "npm", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("npm %v in %s: %w\n%s", args, dir, err, out)
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@pipedream", "sdk")); err != nil {
		if err := run("ci", "--no-audit", "--no-fund"); err != nil {
			return "", err
		}
	}
	if err := run("run", "build"); err != nil {
		return "", err
	}
	return filepath.Join(dir, "dist", "official.js"), nil
}

// FormCost is what connectui's component form (ComponentForm and
// SelectComponent) adds to a go-app wasm that has connectui's ConnectButton
// and AccountsList: testdata/formsize/form less testdata/formsize/base,
// each built as build.sh builds the bundles.
func FormCost(ctx context.Context, root string) (Sizes, error) {
	var s [2]Sizes
	for i, name := range []string{"base", "form"} {
		out := filepath.Join(os.TempDir(), fmt.Sprintf("pdconnect-formsize-%s-%d.wasm", name, os.Getpid()))
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-gcflags=all=-l", "-o", out,
			"./server/internal/bench/testdata/formsize/"+name)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if b, err := cmd.CombinedOutput(); err != nil {
			return Sizes{}, fmt.Errorf("build %s: %w\n%s", name, err, b)
		}
		raw, err := os.ReadFile(out)
		os.Remove(out)
		if err != nil {
			return Sizes{}, err
		}
		if s[i], err = Measure(raw); err != nil {
			return Sizes{}, err
		}
	}
	return Sizes{Raw: s[1].Raw - s[0].Raw, Gzip: s[1].Gzip - s[0].Gzip, Brotli: s[1].Brotli - s[0].Brotli}, nil
}
