#!/usr/bin/env bash
# run.sh runs one of the examples against the built-in sandbox of this
# checkout: `make example-nethttp` and `make example-goapp` (which build
# bin/server and the widget first) call it.
#
#   examples/run.sh nethttp|goapp
#
# It starts bin/server with no Pipedream credentials, for its sandbox (the
# PWA it also serves listens on a free loopback port nobody uses here), then
# the example with the PIPEDREAM_* variables pointing at that sandbox:
# nethttp with the widget's files copied to bin/examples/widget, goapp with
# its page's wasm built first (into examples/goapp/web, where it serves its
# page's files from). Ctrl-C stops both.
#
#   EXAMPLE_ADDR   the example's address (default localhost:8080 for
#                  nethttp, localhost:8090 for goapp)
#   SANDBOX_ADDR   the sandbox's (default: a free port on localhost)
#   DATA_DIR       the sandbox's state (default bin/examples/data)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

name=${1:-}
case "$name" in
nethttp) addr=${EXAMPLE_ADDR:-localhost:8080} ;;
goapp) addr=${EXAMPLE_ADDR:-localhost:8090} ;;
*) echo "usage: examples/run.sh nethttp|goapp" >&2; exit 2 ;;
esac
for f in bin/server web/static/widget.js web/dist/wasm_exec.js web/dist/widget.wasm; do
	[ -e "$f" ] || { echo "run.sh: $f is missing: run ./build.sh (make example-$name does)" >&2; exit 1; }
done

work=$root/bin/examples
mkdir -p "$work"
log=$(mktemp)
server=
example=
stop() {
	trap - EXIT INT TERM
	[ -n "$example" ] && kill "$example" 2>/dev/null
	[ -n "$server" ] && kill "$server" 2>/dev/null
	wait
	rm -f "$log"
}
trap stop EXIT
trap 'exit 130' INT TERM

# The server starts in bin/examples with a clean environment, so that no
# .env file or PIPEDREAM_*, REDIS_URL or PUBLIC_URL of the shell takes it
# off its sandbox.
(cd "$work" && exec env -i PATH="$PATH" HOME="${HOME:-/}" ADDR=127.0.0.1:0 \
	SANDBOX_ADDR="${SANDBOX_ADDR:-localhost:0}" DATA_DIR="${DATA_DIR:-$work/data}" \
	"$root/bin/server") 2>"$log" &
server=$!

# Its log names the sandbox's URL once it listens.
sandbox=
while [ -z "$sandbox" ]; do
	if ! kill -0 "$server" 2>/dev/null; then
		cat "$log" >&2
		echo "run.sh: bin/server stopped" >&2
		exit 1
	fi
	sandbox=$(sed -n 's/.*msg="sandbox: .* url=\([^ ]*\).*/\1/p' "$log" | head -n 1)
	[ -n "$sandbox" ] || sleep 0.1
done
echo "run.sh: the sandbox is at $sandbox" >&2

export PIPEDREAM_CLIENT_ID=sbx_client PIPEDREAM_CLIENT_SECRET=sbx_secret PIPEDREAM_PROJECT_ID=proj_sandbox
export PIPEDREAM_PROJECT_ENVIRONMENT=development PIPEDREAM_API_URL="$sandbox" PIPEDREAM_FRONTEND_URL="$sandbox"

case "$name" in
nethttp)
	widget=$work/widget
	mkdir -p "$widget/web"
	cp web/static/widget.js web/dist/wasm_exec.js "$widget/"
	cp web/dist/widget.wasm "$widget/web/"
	(cd examples/nethttp && go build -o "$work/nethttp" .)
	"$work/nethttp" -addr "$addr" -widget-dir "$widget" &
	;;
goapp)
	cd examples/goapp
	GOOS=js GOARCH=wasm go build -o web/app.wasm .
	go build -o "$work/goapp" .
	"$work/goapp" -addr "$addr" &
	;;
esac
example=$!
wait "$example"
