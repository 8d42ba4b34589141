#!/usr/bin/env bash
# build.sh builds the product: the client-only wasm bundles into web/dist,
# then bin/server, which embeds every web asset.
#
#   ./build.sh            build everything that is stale
#   ./build.sh chromium   make sure headless Chromium is installed (for tests)
set -euo pipefail
cd "$(dirname "$0")"

chromium() {
	for name in chromium chromium-browser google-chrome; do
		command -v "$name" >/dev/null 2>&1 && return 0
	done
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "build.sh: installing Debian's chromium for the browser tests" >&2
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
		return 0
	fi
	echo "build.sh: the tests need Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chrome)" >&2
	exit 1
}

wasm() {
	local main=$1 out=$2
	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out" "$main"
}

all() {
	mkdir -p web/dist bin
	cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" web/dist/wasm_exec.js
	if [ -d wasm/pwa ]; then wasm ./wasm/pwa web/dist/app.wasm; fi
	if [ -d wasm/widget ]; then wasm ./wasm/widget web/dist/widget.wasm; fi
	go build -trimpath -o bin/server ./server
}

case "${1:-all}" in
all) all ;;
chromium) chromium ;;
*) echo "usage: build.sh [all|chromium]" >&2; exit 2 ;;
esac
