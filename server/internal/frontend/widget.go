package frontend

import (
	"fmt"
	"strings"

	"github.com/pdconnect/pdconnect/internal/compress"
)

// widgetPaths are widget.js's lists of places to get the Go loader and the
// bundle from, as its source has them.
var widgetPaths = []struct{ list, asset string }{
	{`["/wasm_exec.js"]`, "wasm_exec.js"},
	{`["/web/widget.wasm"]`, "widget.wasm"},
}

// rewriteWidget puts the content-hashed URLs of the Go loader and the
// bundle, which browsers keep for good, first in widget.js's lists, so a
// page that has had the widget before asks this server for widget.js alone
// instead of revalidating two more files. The plain paths stay second: a
// widget.js cached from before a deploy names hashes this server no longer
// has, and falls back to them. The rewritten script is compressed here, at
// compress.Fast so as not to hold the start-up, its build-time copies being
// of the source.
func rewriteWidget(set *assetSet) error {
	js := set.byName["widget.js"]
	if js == nil {
		return nil
	}
	src := string(js.body[""])
	for _, p := range widgetPaths {
		a := set.byName[p.asset]
		if a == nil {
			return fmt.Errorf("widget.js needs %s, which is not built", p.asset)
		}
		if n := strings.Count(src, p.list); n != 1 {
			return fmt.Errorf("widget.js holds %s %d times; want once", p.list, n)
		}
		hashed := `["/web/` + a.hashedName(p.asset) + `", ` + strings.TrimPrefix(p.list, "[")
		src = strings.Replace(src, p.list, hashed, 1)
	}
	a, err := compressedAsset("widget.js", []byte(src))
	if err != nil {
		return fmt.Errorf("widget.js: %w", err)
	}
	set.byName["widget.js"] = a
	return nil
}

// compressedAsset is raw with its brotli and gzip copies at compress.Fast,
// each kept only when smaller.
func compressedAsset(name string, raw []byte) (*asset, error) {
	a := newAsset(name, raw)
	for _, c := range []struct {
		coding string
		pack   func([]byte) ([]byte, error)
	}{{encBrotli, compress.Fast.Brotli}, {encGzip, compress.Fast.Gzip}} {
		b, err := c.pack(raw)
		if err != nil {
			return nil, err
		}
		if len(b) < len(raw) {
			a.body[c.coding] = b
			a.codings = append(a.codings, c.coding)
		}
	}
	return a, nil
}
