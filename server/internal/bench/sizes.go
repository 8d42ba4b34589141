package bench

import (
	"bytes"
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
// each built as build.sh builds the bundles. Raw is one figure; Brotli is
// one per build ID of buildIDs, the same for both builds of each pair:
// brotli 11 is chaotic at this size (four other bytes of build ID move a
// bundle's brotli size by a kilobyte or two, more than most cuts to the
// form), so the figure to read is the median over several.
func FormCost(ctx context.Context, root string) (raw int, brotli Sample, err error) {
	var bins [2][]byte
	for i, name := range []string{"base", "form"} {
		out := filepath.Join(os.TempDir(), fmt.Sprintf("pdconnect-formsize-%s-%d.wasm", name, os.Getpid()))
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-gcflags=all=-l", "-o", out,
			"./server/internal/bench/testdata/formsize/"+name)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if b, err := cmd.CombinedOutput(); err != nil {
			return 0, nil, fmt.Errorf("build %s: %w\n%s", name, err, b)
		}
		bins[i], err = os.ReadFile(out)
		os.Remove(out)
		if err != nil {
			return 0, nil, err
		}
	}
	raw = len(bins[1]) - len(bins[0])
	sizes := make([][2]int, buildIDs)
	errs := make(chan error, 2*buildIDs)
	for k := range buildIDs {
		for i := range bins {
			go func() {
				b, err := withBuildID(bins[i], k)
				if err == nil {
					b, err = compress.Best.Brotli(b)
				}
				sizes[k][i] = len(b)
				errs <- err
			}()
		}
	}
	for range 2 * buildIDs {
		if e := <-errs; e != nil {
			err = e
		}
	}
	if err != nil {
		return 0, nil, err
	}
	for _, s := range sizes {
		brotli = append(brotli, float64(s[1]-s[0]))
	}
	return raw, brotli, nil
}

// buildIDs is how many build IDs FormCost measures the form's cost with.
const buildIDs = 5

// withBuildID is a copy of the wasm b whose Go build ID (a hash, in its
// first section) is the k-th of FormCost's, of the same length.
func withBuildID(b []byte, k int) ([]byte, error) {
	const mark = "Go build ID: \""
	i := bytes.Index(b[:min(len(b), 256)], []byte(mark))
	if i < 0 {
		return nil, errors.New("no Go build ID in the wasm's first bytes")
	}
	out := bytes.Clone(b)
	for j := i + len(mark); j < len(out) && out[j] != '"'; j++ {
		out[j] = "0123456789abcdef"[(j*7+k*5)%16]
	}
	return out, nil
}
