package frontend

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// asset is one embedded file with its precompressed copies.
type asset struct {
	name        string            // file name, for content-type and errors
	contentType string            // Content-Type header value
	hash        string            // short hex SHA-256 of the identity bytes
	body        map[string][]byte // by content coding; "" is identity
	codings     []string          // the codings present in body besides identity
}

// contentTypes pins the types the browser is strict about (wasm streaming
// compilation, module scripts) instead of trusting the host's mime tables.
var contentTypes = map[string]string{
	".wasm":        "application/wasm",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
}

func contentType(name string, body []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(body)
}

// etag is the strong validator of the representation in the given coding.
func (a *asset) etag(coding string) string {
	if coding == "" {
		return `"` + a.hash + `"`
	}
	return `"` + a.hash + "-" + coding + `"`
}

// hashedName is name with the content hash before its extension:
// app.wasm -> app.0123456789abcdef.wasm.
func (a *asset) hashedName(name string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + a.hash + ext
}

// serve writes the asset in the best coding the request accepts, answering
// conditional (If-None-Match) and range requests through http.ServeContent.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	coding := negotiate(r.Header.Get("Accept-Encoding"), a.codings)
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", a.etag(coding))
	if len(a.codings) > 0 {
		h.Add("Vary", "Accept-Encoding")
	}
	if coding != "" {
		h.Set("Content-Encoding", coding)
		// ServeContent leaves Content-Length out of encoded answers, and
		// byte ranges of a compressed copy help nobody: send it whole.
		h.Set("Content-Length", strconv.Itoa(len(a.body[coding])))
		r = r.Clone(r.Context())
		r.Header.Del("Range")
	}
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body[coding]))
}

// assetSet is what the frontend serves from the embedded tree.
type assetSet struct {
	byName map[string]*asset // "app.wasm", "widget.js", "icons/x.svg": dist first, then static
}

// loadAssets reads every file of dist/ and static/ in fsys, attaching the
// precompressed copies build.sh left in dist/ (X.br, X.gz; static/X's copies
// in dist/static/) when dist/precompress.sum says they were made from the
// same bytes.
func loadAssets(fsys fs.FS) (*assetSet, error) {
	sums, err := readSums(fsys, "dist/precompress.sum")
	if err != nil {
		return nil, err
	}
	set := &assetSet{byName: map[string]*asset{}}
	for _, tree := range []struct{ root, copies, key string }{
		{"dist", "dist", ""},
		{"static", "dist/static", "static/"},
	} {
		err := fs.WalkDir(fsys, tree.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel := strings.TrimPrefix(p, tree.root+"/")
			if d.IsDir() {
				if tree.root == "dist" && rel == "static" {
					return fs.SkipDir
				}
				return nil
			}
			base := path.Base(p)
			if strings.HasPrefix(base, ".") || base == "precompress.sum" ||
				strings.HasSuffix(base, ".br") || strings.HasSuffix(base, ".gz") {
				return nil
			}
			if _, taken := set.byName[rel]; taken {
				return nil
			}
			a, err := loadAsset(fsys, p, path.Join(tree.copies, rel), sums[tree.key+rel])
			if err != nil {
				return err
			}
			set.byName[rel] = a
			return nil
		})
		if err != nil && !isNotExist(err) {
			return nil, fmt.Errorf("load web assets: %w", err)
		}
	}
	return set, nil
}

func loadAsset(fsys fs.FS, name, copies, sum string) (*asset, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	a := newAsset(name, raw)
	if full := sha256.Sum256(raw); sum != hex.EncodeToString(full[:]) {
		return a, nil // no copies, or copies of other bytes
	}
	for _, c := range []struct{ coding, ext string }{{encBrotli, ".br"}, {encGzip, ".gz"}} {
		b, err := fs.ReadFile(fsys, copies+c.ext)
		if err != nil {
			continue // not smaller than the source, so not kept
		}
		a.body[c.coding] = b
		a.codings = append(a.codings, c.coding)
	}
	return a, nil
}

// newAsset is raw, without compressed copies.
func newAsset(name string, raw []byte) *asset {
	full := sha256.Sum256(raw)
	return &asset{
		name:        path.Base(name),
		contentType: contentType(name, raw),
		hash:        hex.EncodeToString(full[:8]),
		body:        map[string][]byte{"": raw},
	}
}

func readSums(fsys fs.FS, name string) (map[string]string, error) {
	sums := map[string]string{}
	b, err := fs.ReadFile(fsys, name)
	if isNotExist(err) {
		return sums, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if hash, key, ok := strings.Cut(sc.Text(), "  "); ok {
			sums[key] = hash
		}
	}
	return sums, nil
}

func isNotExist(err error) bool {
	return err != nil && errors.Is(err, fs.ErrNotExist)
}
