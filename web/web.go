// Package web holds the static assets the server embeds: hand-written files
// in static/ and the build output (wasm bundles, precompressed copies) that
// build.sh writes to dist/.
package web

import "embed"

// FS holds static/ and dist/.
//
//go:embed all:static all:dist
var FS embed.FS
