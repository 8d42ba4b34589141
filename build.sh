#!/usr/bin/env bash
# build.sh builds the product: the client-only wasm bundles into web/dist,
# their precompressed copies, then bin/server, which embeds every web asset.
#
#   ./build.sh            build everything that is stale
#   ./build.sh chromium   make sure headless Chromium is installed (for tests)
#
# Staleness: go build's cache makes an unchanged bundle's build take a
# fraction of a second; web/dist is written only when a bundle's bytes
# changed, and precompress redoes a copy only when its source's bytes changed
# (web/dist/precompress.sum), so `make run` after a small server edit neither
# recompresses nor re-embeds.
#
# The wasm bundles are built without inlining (-gcflags=all=-l): the raw
# bytes grow but the brotli copies browsers download shrink, presumably as
# the calls left in place repeat more (Go 1.26, brotli 11):
#   widget.wasm  2,957,304 -> 3,212,839 raw, 633,048 -> 593,201 brotli
#   app.wasm     7,951,166 -> 8,747,074 raw, 1,544,958 -> 1,466,084 brotli
# Inlining off only in runtime pays about two thirds of that on the widget.
# The cost is CPU, within noise here: a JSON/alloc/sort loop run 30 times
# under node 20 took 0.60-0.89 s user time with inlining, 0.67-0.71 s without.
#
# wasm-opt (binaryen 108) is not used: it does not pay on brotli. On the
# widget, -Oz 635,607, -Os 634,242, -O2 628,584 (13 s) vs 633,048; on the
# -l build, -Oz 600,861 and -O1 592,788 vs 593,201. Brotli window 24 instead
# of 22 gains nothing on the widget and 710 bytes on app.wasm. Also not
# kept: -gcflags=all="-l -N" (widget 653,798), GOEXPERIMENT=nogreenteagc
# (-7 KB on the widget, but Go means to drop that opt-out).
set -euo pipefail
cd "$(dirname "$0")"

OBJ=bin/obj

# need_chromium installs Debian's chromium unless a Chromium is on PATH (type
# -P looks at PATH only: this script's functions must not count).
need_chromium() {
	[ -n "${CHROMIUM:-}" ] && return 0
	for name in chromium chromium-browser google-chrome; do
		type -P "$name" >/dev/null && return 0
	done
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "build.sh: installing Debian's chromium for the browser tests" >&2
		apt-get update -qq >/dev/null &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null &&
			return 0
	fi
	echo "build.sh: the tests need Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chrome)" >&2
	exit 1
}

# clientonly fails when a wasm main links server code, net/http or crypto.
# The PWA may link server/connectapi, the API's JSON (component types for its
# forms included: use them from there, not from server/pipedream, which
# links the client and net/http); the widget, whose budget has no room, may
# not. net/http costs about 370 KB brotli and crypto (any of crypto/aes,
# crypto/rand, crypto/sha256...: they share the fips140 packages) about
# 55 KB, mostly package initialisation the linker keeps: go-app is used
# through a copy that imports neither in wasm (third_party/go-app), and
# nothing else may.
clientonly() {
	local main=$1 allowed=${2:-'^$'} deps bad
	deps=$(GOOS=js GOARCH=wasm go list -deps "$main")
	bad=$(echo "$deps" | grep -E '^github.com/pdconnect/pdconnect/server(/|$)' | grep -Ev "$allowed" || true)
	if [ -n "$bad" ]; then
		echo "build.sh: $main must stay client-only but links:" >&2
		echo "$bad" >&2
		exit 1
	fi
	for pkg in net/http crypto/internal/fips140; do
		if echo "$deps" | grep -qx "$pkg"; then
			echo "build.sh: $main links $pkg (net/http: about 370 KB brotli, crypto: 55 KB); who imports it: GOOS=js GOARCH=wasm go list -deps -f '{{.ImportPath}}: {{.Imports}}' $main | grep -w $pkg" >&2
			exit 1
		fi
	done
}

# wasm builds a client-only main into web/dist/NAME.wasm (-gcflags=all=-l:
# see the header).
wasm() {
	local main=$1 name=$2
	clientonly "$main" "${3:-}"
	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -gcflags=all=-l -o "$OBJ/$name.wasm" "$main"
	if ! cmp -s "$OBJ/$name.wasm" "web/dist/$name.wasm"; then
		cp "$OBJ/$name.wasm" "web/dist/$name.wasm.tmp"
		mv "web/dist/$name.wasm.tmp" "web/dist/$name.wasm"
	fi
}

all() {
	mkdir -p web/dist "$OBJ"
	cmp -s "$(go env GOROOT)/lib/wasm/wasm_exec.js" web/dist/wasm_exec.js ||
		cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" web/dist/wasm_exec.js
	wasm ./wasm/pwa app '^github.com/pdconnect/pdconnect/server/connectapi$'
	wasm ./wasm/widget widget
	go run ./web/internal/precompress -static web/static web/dist
	go build -trimpath -o bin/server ./server
}

case "${1:-all}" in
all) all ;;
chromium) need_chromium ;;
*) echo "usage: build.sh [all|chromium]" >&2; exit 2 ;;
esac
