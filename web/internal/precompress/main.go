// Command precompress writes brotli (level 11) and gzip (level 9) copies of
// the compressible web assets into the build output, so the server never
// compresses at run time.
//
//	go run ./web/internal/precompress -static web/static web/dist
//
// Each file X in the dist directory gets X.br and X.gz; each file X in the
// static directory gets dist/static/X.br and dist/static/X.gz. A copy is
// dropped when it would not be smaller than its source.
//
// dist/precompress.sum records the SHA-256 of each source the copies were
// made from ("HEX  KEY", KEY being the copy's path in dist without .br/.gz).
// Copies are remade only when their source's content changed, and the server
// uses a copy only when its recorded hash matches the file it embeds, so a
// stale copy is never served.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/pdconnect/pdconnect/internal/compress"
)

// SumFile is the name of the source-hash record inside the dist directory.
const sumFile = "precompress.sum"

// compressible lists the extensions worth compressing.
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".mjs": true, ".css": true, ".html": true,
	".svg": true, ".json": true, ".webmanifest": true, ".txt": true, ".xml": true, ".map": true,
}

func main() {
	static := flag.String("static", "", "directory of hand-written assets to compress into DIST/static")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: precompress [-static DIR] DIST")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *static); err != nil {
		log.Fatalf("precompress: %v", err)
	}
}

func run(dist, static string) error {
	old, err := readSums(filepath.Join(dist, sumFile))
	if err != nil {
		return err
	}
	sums := map[string]string{}
	var jobs []job
	if err := compressTree(dist, dist, "", old, sums, &jobs); err != nil {
		return err
	}
	if static != "" {
		if err := compressTree(static, filepath.Join(dist, "static"), "static/", old, sums, &jobs); err != nil {
			return err
		}
	}
	written, err := runJobs(jobs)
	if err != nil {
		return err
	}
	if err := writeSums(filepath.Join(dist, sumFile), sums); err != nil {
		return err
	}
	if written > 0 {
		log.Printf("precompress: wrote %d compressed copies", written)
	}
	return nil
}

// compressTree queues every compressible file under src whose copies in dst
// (same relative path, .br/.gz added) are stale, and records source hashes
// under prefix+path in sums.
func compressTree(src, dst, prefix string, old, sums map[string]string, jobs *[]job) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// Copies of static assets live in dist/static: skip them when
			// walking dist itself.
			if src == dst && path != src && filepath.Base(path) == "static" {
				return filepath.SkipDir
			}
			return nil
		}
		if !compressible[strings.ToLower(filepath.Ext(path))] {
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		key := prefix + filepath.ToSlash(rel)
		sum := sha256.Sum256(raw)
		sums[key] = hex.EncodeToString(sum[:])
		out := filepath.Join(dst, rel)
		if old[key] == sums[key] && exists(out+".br") && exists(out+".gz") {
			return nil
		}
		*jobs = append(*jobs, job{raw: raw, out: out})
		return nil
	})
	if err != nil {
		return fmt.Errorf("walk %s: %w", src, err)
	}
	return nil
}

// job is one source to compress into out.br and out.gz.
type job struct {
	raw []byte
	out string
}

// runJobs compresses in parallel (brotli 11 of a wasm bundle takes tens of
// seconds on one core) and reports how many copies it wrote.
func runJobs(jobs []job) (int, error) {
	var (
		mu      sync.Mutex
		written int
		errs    []error
		wg      sync.WaitGroup
		sem     = make(chan struct{}, runtime.NumCPU())
	)
	for _, j := range jobs {
		for _, enc := range encoders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				n, err := compressFile(j.raw, j.out+enc.ext, enc.compress)
				mu.Lock()
				defer mu.Unlock()
				written += n
				if err != nil {
					errs = append(errs, fmt.Errorf("compress %s: %w", j.out+enc.ext, err))
				}
			}()
		}
	}
	wg.Wait()
	return written, errors.Join(errs...)
}

// encoders are the copies made of each source.
var encoders = []struct {
	ext      string
	compress func([]byte) ([]byte, error)
}{{".br", compress.Best.Brotli}, {".gz", compress.Best.Gzip}}

// compressFile writes target from raw, keeping it only when it is smaller
// than raw. It reports whether it wrote the copy (1) or not (0).
func compressFile(raw []byte, target string, compress func([]byte) ([]byte, error)) (int, error) {
	packed, err := compress(raw)
	if err != nil {
		return 0, err
	}
	if len(packed) >= len(raw) {
		if err := os.Remove(target); err != nil && !os.IsNotExist(err) {
			return 0, err
		}
		return 0, nil
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(target+".tmp", packed, 0o644); err != nil {
		return 0, err
	}
	return 1, os.Rename(target+".tmp", target)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func readSums(path string) (map[string]string, error) {
	sums := map[string]string{}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return sums, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if hash, key, ok := strings.Cut(sc.Text(), "  "); ok {
			sums[key] = hash
		}
	}
	return sums, nil
}

func writeSums(path string, sums map[string]string) error {
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&buf, "%s  %s\n", sums[k], k)
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil // unchanged: keep the file's mtime so go build stays cached
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
