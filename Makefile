# The commands people type. build.sh does the building.
.PHONY: run build test bench vet examples example-nethttp example-goapp

GO ?= go
WASMEXEC := $(CURDIR)/bin/tools/go_js_wasm_exec
STATICCHECK := $(CURDIR)/bin/tools/staticcheck

run: build
	./bin/server

build:
	./build.sh

bin/tools/go_js_wasm_exec: go.mod go.sum
	mkdir -p bin/tools
	$(GO) build -o $@ github.com/agnivade/wasmbrowsertest

# staticcheck is pinned by the tool directive in go.mod. The packages built
# for both the host and js/wasm are checked in both at once (-matrix), so
# code used on one side only is not reported unused.
bin/tools/staticcheck: go.mod go.sum
	mkdir -p bin/tools
	$(GO) build -o $@ honnef.co/go/tools/cmd/staticcheck

vet: bin/tools/staticcheck
	@unformatted=$$(gofmt -l server wasm internal web examples); \
		if [ -n "$$unformatted" ]; then echo "gofmt -w these files:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./internal/...
	$(STATICCHECK) ./server/... ./web/...
	printf 'host:\njs: GOOS=js GOARCH=wasm\n' | $(STATICCHECK) -matrix ./wasm/... ./internal/...

# The wasm tests run in wasmbrowsertest's Chromium, which leaves its folder
# (org.chromium.Chromium.*) in TMPDIR: they get a TMPDIR of their own,
# removed after.
test: build bin/tools/go_js_wasm_exec
	./build.sh chromium
	$(MAKE) vet
	$(MAKE) examples
	$(GO) test -count=1 ./...
	tmp=$$(mktemp -d -t wasmtest-XXXXXX) && \
		GOOS=js GOARCH=wasm TMPDIR=$$tmp $(GO) test -count=1 -exec="$(WASMEXEC)" ./wasm/... ./internal/...; \
		status=$$?; rm -rf $$tmp; exit $$status

# The examples are modules of their own (with a replace to this one): each is
# vetted and built here (examples/goapp for the browser too, and its test
# run); server/internal/e2e runs each with its make example-... in Chromium.
examples: bin/tools/staticcheck
	cd examples/nethttp && $(GO) vet ./... && $(STATICCHECK) ./... && $(GO) build -o /dev/null .
	cd examples/goapp && $(GO) vet ./... && GOOS=js GOARCH=wasm $(GO) vet ./... && \
		printf 'host:\njs: GOOS=js GOARCH=wasm\n' | $(STATICCHECK) -matrix ./... && \
		$(GO) build -o /dev/null . && GOOS=js GOARCH=wasm $(GO) build -o /dev/null . && $(GO) test -count=1 ./...

# Each example against this checkout's sandbox, with one command: see
# examples/run.sh (EXAMPLE_ADDR, SANDBOX_ADDR and DATA_DIR move them).
example-nethttp example-goapp: build
	./examples/run.sh $(@:example-%=%)

# The bench table (server/internal/bench) runs once and takes the median of
# its own runs; the packages' Go benchmarks run five times each, the
# component form's (wasm/connectui) in Chromium as js/wasm.
bench: build bin/tools/go_js_wasm_exec
	$(GO) test -run='^$$' -bench=Table -benchtime=1x -count=1 -timeout=25m ./server/internal/bench
	$(GO) test -run='^$$' -bench=. -count=5 $$($(GO) list ./server/... | grep -v /internal/bench)
	GOOS=js GOARCH=wasm $(GO) test -run='^$$' -bench=. -benchtime=100x -count=5 -exec="$(WASMEXEC)" ./wasm/connectui
