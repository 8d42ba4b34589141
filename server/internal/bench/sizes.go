package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

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
// one per sample of buildIDs, the same build ID and layout for both builds
// of each pair: brotli 11 is chaotic at this size (four other bytes of
// build ID move a bundle's brotli size by a kilobyte or two, and so does
// where the linker puts things: the same code with its data moved by a few
// kilobytes cost 68.7 to 73.5 KiB), so each sample has its own build ID
// and its own layout, and the figure to read is the median.
func FormCost(ctx context.Context, root string) (raw int, brotli Sample, err error) {
	sizes := make([][2]int, buildIDs)
	var raws [2]int
	errs := make(chan error, 2*buildIDs)
	for k := range buildIDs {
		for i, name := range []string{"base", "form"} {
			b, err := buildFormSize(ctx, root, name, k)
			if err != nil {
				return 0, nil, err
			}
			if k == 0 {
				raws[i] = len(b)
			}
			go func() {
				b, err := withBuildID(b, k)
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
	return raws[1] - raws[0], brotli, nil
}

// buildFormSize builds testdata/formsize/name as build.sh builds a bundle,
// its data laid out as sample k's: runtime.Version's string padded by k
// times 1,531 bytes (k = 0: as built), which moves the data the linker
// lays out after it. The padding compresses to nearly nothing.
func buildFormSize(ctx context.Context, root, name string, k int) ([]byte, error) {
	out := filepath.Join(os.TempDir(), fmt.Sprintf("pdconnect-formsize-%s-%d.wasm", name, os.Getpid()))
	ldflags := "-s -w"
	if k > 0 {
		ldflags += " -X runtime.buildVersion=" + runtime.Version() + strings.Repeat("_", k*1531)
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags="+ldflags, "-gcflags=all=-l", "-o", out,
		"./server/internal/bench/testdata/formsize/"+name)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build %s: %w\n%s", name, err, b)
	}
	defer os.Remove(out)
	return os.ReadFile(out)
}

// buildIDs is how many samples (build IDs and layouts) FormCost measures
// the form's cost with.
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
