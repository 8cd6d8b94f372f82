# sfbench — `make run` and `make test` are all a fresh machine needs.
# The SIMD kernels need Go's simd/archsimd, which exists only under
# GOEXPERIMENT=simd; every target sets it, and `make test` also runs the
# tests without it (pure-Go kernels), since both builds must work.

GO      ?= go
SIMD    := GOEXPERIMENT=simd
BIN     := bin/sfbench
OUT     ?= out
PKGS    := ./...

.PHONY: summary mem-check bench-check bench-baseline bench-torch results all build run verify test test-simd test-purego test-race test-fuzz-short lint bench fuzz nightly nightly-baseline clean test-slurm test-k8s

all: build

build:
	$(SIMD) $(GO) build -o $(BIN) ./cmd/sfbench

# `run` runs the embedded default suite (smoke) into $(OUT)/smoke; rerunning
# resumes. Reports (tables, plots, RESULTS.md) come with the reports package.
run: build
	$(BIN) run -o $(OUT)/smoke

# Reproduce the paper at proxy scale: every configs/paper-*.yaml afresh into
# results/<suite>/ (results, tables, figures, RESULTS.md each), then the
# top-level RESULTS.md with the claims checklist, all computed from results.
# The wall time it took is kept in results/elapsed-seconds, so that
# `make summary` can render RESULTS.md and every suite's report again from
# the results alone (after a change to the reports) without rerunning.
PAPER := convex largelr quadratic vision lm pareto momentum
results: build
	@start=$$(date +%s); \
	for s in $(PAPER); do \
		rm -rf results/paper-$$s && \
		$(BIN) run -o results/paper-$$s configs/paper-$$s.yaml || exit 1; \
	done; \
	echo $$(( $$(date +%s) - start )) > results/elapsed-seconds; \
	$(BIN) summarize -elapsed $$(cat results/elapsed-seconds) -o RESULTS.md $(addprefix results/paper-,$(PAPER))

summary: build
	@for s in $(PAPER); do $(BIN) report results/paper-$$s || exit 1; done
	$(BIN) summarize -elapsed $$(cat results/elapsed-seconds) -o RESULTS.md $(addprefix results/paper-,$(PAPER))

# Replay the official implementation's reference trajectories (exit 1 if off).
verify: build
	$(BIN) verify-reference

test: lint test-simd test-purego test-race test-fuzz-short

test-simd:
	$(SIMD) $(GO) test -count=1 $(PKGS)

test-purego:
	$(GO) test -count=1 $(PKGS)

# The concurrent parts under the race detector, in the pure-Go build: -race
# turns on checkptr, which rejects archsimd's own LoadFloat64x4SlicePart
# (used by problems/nn) as straddling allocations.
test-race:
	$(GO) test -count=1 -race ./harness/... ./suites/...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(SIMD) $(GO) vet $(PKGS)
	$(GO) vet $(PKGS)

# A real Slurm: a one-node cluster on this machine (Debian's slurm-wlm and
# munge, installed when missing; root) runs internal/tools/slurmtest's suite
# through `sfbench submit -shards 3 -wait`; the merged records must equal a
# local -j 1 run's, and a resubmission after a shard was cut short must rerun
# only its missing cells. Every daemon it starts is stopped on exit. Not part
# of `make test` (.ci/run runs it after); about a minute.
test-slurm: build
	bash internal/tools/slurmtest/run.sh $(BIN)

# The manifests of `sfbench submit -engine k8s` (the golden ones of cluster/
# and cli/, and generated ones) decoded strictly into k8s.io/api's batch/v1
# Job and core/v1 ConfigMap and checked as the API server validates them. A
# module of its own (cluster/k8sschema), so that sfbench does not depend on
# k8s.io/api; .ci/run runs it.
test-k8s:
	cd cluster/k8sschema && $(GO) test -count=1 ./...

# Kernel benchmarks (benchstat-readable, saved in $(OUT)/bench.txt) and a
# table of GB/s and ratios computed from that same run.
BENCHTIME ?= 1s
COUNT     ?= 3
bench:
	@mkdir -p $(OUT)
	$(SIMD) $(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count $(COUNT) ./optim/kernel/ | tee $(OUT)/bench.txt
	$(GO) run ./internal/tools/benchtable < $(OUT)/bench.txt

# Speed regressions: the fused kernels and the problem steps, COUNT_CHECK
# repetitions each, against the stored baseline; reported benchstat-style,
# failing only when a benchmark is significantly slower by more than
# BENCH_THRESHOLD (a fraction). Baselines of several kinds of machine live
# side by side in BENCH_BASE, one file per CPU model, family/model numbers
# and vector code (benchcheck -key names it): the check takes the one of
# the machine it runs on, and fails (exit 2) where there is none.
# `make bench-baseline` records (or refreshes) this machine kind's baseline.
# The test binaries are built once and the repetitions interleaved (every
# benchmark once per round), so that a burst of noise on this shared
# machine spreads over all benchmarks instead of landing on one.
BENCH_BASE      ?= configs/bench-baselines
BENCH_THRESHOLD ?= 0.25
COUNT_CHECK     ?= 6
BENCH_BIN       := $(abspath $(OUT)/bench-bin)
define run-bench-set
	@mkdir -p $(BENCH_BIN)
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/kernel.test ./optim/kernel/
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/convex.test ./problems/convex/
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/vision.test ./problems/vision/
	@rm -f $(1).tmp
	@awk -F'\t*: ' '$$1=="vendor_id"{v=$$2} $$1=="cpu family"{f=$$2} $$1=="model"{m=$$2} END{if (v!="") print "cpuid: " v " family " f " model " m}' /proc/cpuinfo > $(1).tmp
	for i in $$(seq $(COUNT_CHECK)); do \
		$(BENCH_BIN)/kernel.test -test.run '^$$' -test.bench '^BenchmarkSF(Adam)?Step$$/./n=(4096|262144)/fused' -test.benchtime 0.2s >> $(1).tmp && \
		(cd problems/convex && $(BENCH_BIN)/convex.test -test.run '^$$' -test.bench 'SoftmaxLetter' -test.benchtime 0.5s) >> $(1).tmp && \
		(cd problems/vision && $(BENCH_BIN)/vision.test -test.run '^$$' -test.bench 'Step' -test.benchtime 20x) >> $(1).tmp || exit 1; \
	done
	mv $(1).tmp $(1)
endef
bench-check:
	@mkdir -p $(OUT)
	$(call run-bench-set,$(OUT)/bench-new.txt)
	$(GO) run ./internal/tools/benchcheck -threshold $(BENCH_THRESHOLD) $(BENCH_BASE) $(OUT)/bench-new.txt

bench-baseline:
	@mkdir -p $(OUT) $(BENCH_BASE)
	$(call run-bench-set,$(OUT)/bench-new.txt)
	cp $(OUT)/bench-new.txt $(BENCH_BASE)/$$($(GO) run ./internal/tools/benchcheck -key $(OUT)/bench-new.txt)

# Issue 16's table against PyTorch: sfbench's step benchmarks (vision,
# text, convex; the letter step also under SFBENCH_SIMD=off) and
# internal/tools/torchsteps (the same models in PyTorch float32 on one
# thread, with the official schedule-free step) in TORCH_ROUNDS interleaved
# rounds, then the table with the ratios (internal/tools/speedtable),
# saved in $(OUT)/bench-torch.md. PYTHON needs torch and schedulefree: on
# Debian `apt install python3-torch libopenblas0-pthread` (so that torch
# uses OpenBLAS), PYTHON=/usr/bin/python3, and SCHEDULEFREE=<a checkout of
# facebookresearch/schedule_free> (or `pip install schedulefree`).
PYTHON       ?= python3
SCHEDULEFREE ?=
TORCH_ROUNDS ?= 5
bench-torch:
	@$(PYTHON) -c 'import torch' 2>/dev/null || { echo "bench-torch: $(PYTHON) has no torch (see the Makefile's note; PYTHON=/usr/bin/python3 for Debian's python3-torch)"; exit 2; }
	@PYTHONPATH=$(SCHEDULEFREE) $(PYTHON) -c 'import schedulefree' 2>/dev/null || { echo "bench-torch: no schedulefree for $(PYTHON) (pip install schedulefree, or SCHEDULEFREE=<checkout>)"; exit 2; }
	@mkdir -p $(BENCH_BIN)
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/vision.test ./problems/vision/
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/text.test ./problems/text/
	$(SIMD) $(GO) test -c -o $(BENCH_BIN)/convex.test ./problems/convex/
	@awk -F'\t*: ' '$$1=="vendor_id"{v=$$2} $$1=="cpu family"{f=$$2} $$1=="model"{m=$$2} $$1=="model name"{n=$$2} END{if (v!="") print "cpuid: " n " (" v " family " f " model " m ")"}' /proc/cpuinfo > $(OUT)/bench-torch.txt
	@for i in $$(seq $(TORCH_ROUNDS)); do \
		echo "bench-torch: round $$i of $(TORCH_ROUNDS)"; \
		(cd problems/vision && $(BENCH_BIN)/vision.test -test.run '^$$' -test.bench 'Step' -test.cpu 1 -test.benchtime 3000x) >> $(OUT)/bench-torch.txt && \
		(cd problems/text && $(BENCH_BIN)/text.test -test.run '^$$' -test.bench 'Step' -test.cpu 1 -test.benchtime 20x) >> $(OUT)/bench-torch.txt && \
		(cd problems/convex && $(BENCH_BIN)/convex.test -test.run '^$$' -test.bench 'SoftmaxLetterSFAdamW$$' -test.cpu 1 -test.benchtime 200000x) >> $(OUT)/bench-torch.txt && \
		(cd problems/convex && SFBENCH_SIMD=off $(BENCH_BIN)/convex.test -test.run '^$$' -test.bench 'SoftmaxLetterSFAdamW$$' -test.cpu 1 -test.benchtime 40000x | sed 's/^BenchmarkSoftmax/BenchmarkSIMDOff\/Softmax/') >> $(OUT)/bench-torch.txt && \
		OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONPATH=$(SCHEDULEFREE) $(PYTHON) internal/tools/torchsteps/torchsteps.py >> $(OUT)/bench-torch.txt || exit 1; \
	done
	$(GO) run ./internal/tools/speedtable < $(OUT)/bench-torch.txt | tee $(OUT)/bench-torch.md

# Each fuzz target for FUZZTIME (seed corpora live in testdata/fuzz);
# FUZZ lists them as Target:package.
FUZZTIME ?= 30s
FUZZ     := FuzzParse:./suites/ FuzzParse:./record/ FuzzDecode:./internal/strictyaml/ \
	FuzzLIBSVM:./problems/data/ FuzzCSV:./problems/data/ FuzzIDX:./problems/data/
fuzz:
	@for t in $(FUZZ); do \
		echo "fuzz: $${t%%:*} in $${t#*:} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) $${t#*:} || exit 1; \
	done

# The short fuzz pass of `make test`: every target for FUZZTIME_SHORT, a
# count of executions rather than a duration (a few seconds each here): Go
# 1.26's fuzz coordinator can fail a target with "context deadline
# exceeded" when a duration ends while a worker is busy on a loaded
# machine (go.dev/issue/75804, fixed in Go 1.27); a count has no deadline.
FUZZTIME_SHORT ?= 10000x
test-fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

# The nightly regression guard: run configs/nightly.yaml afresh and compare
# it with the committed baseline (exit 1 only on a significant regression);
# JUnit XML and a Markdown summary land next to the results.
NIGHTLY_BASE ?= configs/nightly-baseline
nightly: build
	rm -rf $(OUT)/nightly
	$(BIN) run -o $(OUT)/nightly configs/nightly.yaml
	$(BIN) compare -junit $(OUT)/nightly/compare.xml -md $(OUT)/nightly/compare.md $(NIGHTLY_BASE) $(OUT)/nightly

# Refresh the baseline deliberately (then commit configs/nightly-baseline).
nightly-baseline: build
	rm -rf $(OUT)/nightly-baseline
	$(BIN) run -o $(OUT)/nightly-baseline configs/nightly.yaml
	mkdir -p $(NIGHTLY_BASE)
	cp $(OUT)/nightly-baseline/results.jsonl $(NIGHTLY_BASE)/results.jsonl

# Peak memory of the readers (report, compare, merge) on MEM_RECORDS
# records: the nightly baseline's records repeated with new ids and seeds
# (internal/tools/bigresults), about 2.5 KB a line. Prints one line per
# command: peak resident set and wall time (GNU time).
MEM_RECORDS ?= 200000
mem-check: build
	@mkdir -p $(OUT)/mem/a $(OUT)/mem/b
	$(GO) run ./internal/tools/bigresults -n $(MEM_RECORDS) -o $(OUT)/mem/a/results.jsonl $(NIGHTLY_BASE)
	cp $(OUT)/mem/a/results.jsonl $(OUT)/mem/b/results.jsonl
	@for c in "report -o $(OUT)/mem/report $(OUT)/mem/a" "compare $(OUT)/mem/a $(OUT)/mem/b" "merge -o $(OUT)/mem/merged $(OUT)/mem/a"; do \
		rm -rf $(OUT)/mem/merged; \
		/usr/bin/time -f "$$c: peak %M KB, %e s" $(BIN) $$c > /dev/null 2> $(OUT)/mem/time.txt; \
		tail -1 $(OUT)/mem/time.txt; \
	done

clean:
	rm -rf bin $(OUT)
