package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
)

// The widget is three files: widget.js, the loader the page includes;
// wasm_exec.js, Go's loader; and web/widget.wasm, the client compiled from
// the module's wasm/widget. They are build outputs, so no package of the
// module embeds them: build them in a checkout of
// github.com/pdconnect/pdconnect at the version go.mod requires:
//
//	./build.sh
//	mkdir -p DIR/web
//	cp web/static/widget.js web/dist/wasm_exec.js DIR/
//	cp web/dist/widget.wasm DIR/web/
//
// (examples/run.sh, behind `make example-nethttp`, does just that.)
// The app serves them itself, from its own origin, rather than from the
// pdconnect app's /widget.js: the page's CSP stays 'self', the widget is
// the version of the app's connecthttp, and no other server has to be up.
// widget.js fetches the other two at these paths from its own origin.
var widgetFiles = map[string]string{
	"/widget.js":       "widget.js",
	"/wasm_exec.js":    "wasm_exec.js",
	"/web/widget.wasm": "web/widget.wasm",
}

// widget serves the widget's files from a directory.
type widget struct{ dir string }

// newWidget checks that dir holds the widget's files.
func newWidget(dir string) (*widget, error) {
	for _, name := range widgetFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("the widget's %s is missing from -widget-dir %s: `make example-nethttp` in the repository's root puts them there, or see widget.go", name, dir)
		}
	}
	return &widget{dir: dir}, nil
}

func (wd *widget) register(mux *http.ServeMux) {
	for path, name := range widgetFiles {
		file := filepath.Join(wd.dir, name)
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFile(w, r, file)
		})
	}
}
