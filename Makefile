# paceline — run `make help` for the targets.
GO ?= go
FUZZTIME ?= 30s

.PHONY: help
help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build the paceline binary into ./paceline
	$(GO) build -o paceline ./cmd/paceline

.PHONY: test
test: ## run the tests (what CI runs)
	$(GO) test ./...

.PHONY: test-race
test-race: ## run the tests with the race detector
	$(GO) test -race ./...

.PHONY: test-big
test-big: ## the tests that write a file past 1 GiB (the bulk import's page writer)
	PACELINE_BIG_TESTS=1 $(GO) test -run 'PastOneGiB' ./store/sqlite/internal/pagefile

.PHONY: ci
ci: ## run .ci/run as CI does
	bash .ci/run

.PHONY: bench
bench: ## run the benchmarks (figures for the README and issue notes)
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench-out.txt

.PHONY: sim-bench
sim-bench: ## the simulator's speed on one core: actions per CPU-second at 5 x 3,000 and 100 x 50,000 leads (docs/simulator.md, Speed)
	$(GO) test -run '^$$' -bench 'Simulate$$|SimulateLarge' -cpu 1 -count 3 -benchmem ./sim

.PHONY: sim-icount
sim-icount: ## the instructions one simulator run takes, counted by valgrind: steady under any load (scripts/sim-icount.sh)
	bash scripts/sim-icount.sh

.PHONY: import-bench
import-bench: ## time a 1,000,000-row lead import against the sqlite3 shell's .import
	bash scripts/import-bench.sh

.PHONY: crash-long
crash-long: ## the crash test with 200 SIGKILLs instead of 15 (takes a few minutes)
	PACELINE_CRASH_KILLS=200 $(GO) test -run '^TestCrashRecovery$$' -count=1 -timeout 30m -v ./cmd/paceline/

.PHONY: runtime-bench
runtime-bench: ## actions executed and recorded per second through the outbox (SQLite; PostgreSQL with PACELINE_TEST_POSTGRES)
	$(GO) test -run '^$$' -bench Outbox -benchtime 3s ./runtime/

.PHONY: property
property: ## run the Pacer's property tests over 50 more seeds
	PACELINE_PROPERTY_RUNS=50 $(GO) test -run Properties -v ./limits/

.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME each (default 30s)
	@set -e; for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

.PHONY: lint
lint: ## gofmt and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

.PHONY: generate
generate: ## regenerate generated code (sqlc for store/postgres; builds sqlc once, takes minutes)
	$(GO) generate ./...
