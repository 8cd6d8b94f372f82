# sfbench — `make run` and `make test` are all a fresh machine needs.
# The SIMD kernels need Go's simd/archsimd, which exists only under
# GOEXPERIMENT=simd; every target sets it, and `make test` also runs the
# tests without it (pure-Go kernels), since both builds must work.

GO      ?= go
SIMD    := GOEXPERIMENT=simd
BIN     := bin/sfbench
OUT     ?= out
PKGS    := ./...

.PHONY: all build run test test-simd test-purego lint bench clean

all: build

build:
	$(SIMD) $(GO) build -o $(BIN) ./cmd/sfbench

# Until the sweep harness lands, `run` replays the official reference
# trajectories shipped in the binary (exit 1 if any case is off).
run: build
	$(BIN) version
	$(BIN) verify-reference

test: lint test-simd test-purego

test-simd:
	$(SIMD) $(GO) test -count=1 $(PKGS)

test-purego:
	$(GO) test -count=1 $(PKGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(SIMD) $(GO) vet $(PKGS)
	$(GO) vet $(PKGS)

# Kernel benchmarks (benchstat-readable, saved in $(OUT)/bench.txt) and a
# table of GB/s and ratios computed from that same run.
BENCHTIME ?= 1s
COUNT     ?= 3
bench:
	@mkdir -p $(OUT)
	$(SIMD) $(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count $(COUNT) ./optim/kernel/ | tee $(OUT)/bench.txt
	$(GO) run ./internal/tools/benchtable < $(OUT)/bench.txt

clean:
	rm -rf bin $(OUT)
