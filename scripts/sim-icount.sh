#!/usr/bin/env bash
# sim-icount: count the machine instructions one simulator run takes, with cachegrind,
# so that a change to the simulator can be judged without timing it. Instruction
# counts do not depend on what else the machine is doing; seconds do.
#
#   scripts/sim-icount.sh                                # 5 x 3,000 x 12 weeks, paceline
#   BENCH='Simulate$/calendar' scripts/sim-icount.sh     # another strategy
#   BENCH='SimulateLarge' RUNS=3 scripts/sim-icount.sh   # 100 x 50,000 x 12 weeks
#   GOGC=100 RUNS=10 scripts/sim-icount.sh               # with the collector on
#
# It runs the benchmark once with 1 iteration and once with RUNS+1, by default with the
# collector off (GOGC=off, so that when it runs does not change the count; give GOGC to
# count the collector too, as a real run has it: its concurrent marking then moves the
# count by a few per cent from one process to the next, so count more RUNS), and prints the
# difference divided by the runs it makes: the instructions of one run, without the
# test binary's start-up or what the benchmark does once. The testing package runs a
# benchmark once before a count of N>1 iterations (1x runs once, (RUNS+1)x runs RUNS+2
# times), so the difference is RUNS+1 runs; until 2026-11-27 this script divided by
# RUNS, and its per-run figures were 1.2 times too high. Divided by the actions of a run (the
# benchmark prints them), it gives instructions per action.
# Needs: go and valgrind (Debian: apt-get install -y valgrind).
set -euo pipefail

BENCH=${BENCH:-'Simulate$/paceline'}
RUNS=${RUNS:-5}
GOGC=${GOGC:-off}
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "sim-icount: valgrind is missing (Debian: apt-get install -y valgrind)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sim-icount.XXXXXX")
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/sim.test" ./sim

# count N: the instructions of the whole test binary running the benchmark N times.
# Valgrind 3.19 cannot run RDTSCP, which the Go runtime executes when two threads
# contend for one of its locks (runtime.cputicks) on a processor that has it:
# GODEBUG=cpu.rdtscp=off makes the runtime use RDTSC instead.
count() {
	GOGC="$GOGC" GODEBUG=cpu.rdtscp=off valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$work/sim.test" -test.run '^$' -test.bench "$BENCH" -test.benchtime "${1}x" -test.cpu 1 \
		> "$work/out.txt" 2> "$work/err.txt" || true
	if ! grep -q 'actions/run' "$work/out.txt"; then
		echo "sim-icount: the benchmark failed under valgrind:" >&2
		tail -20 "$work/out.txt" "$work/err.txt" >&2
		exit 1
	fi
	awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$work/err.txt"
}
one=$(count 1)
many=$(count $((RUNS + 1)))
actions=$(grep -Eo '[0-9.]+ actions/run' "$work/out.txt" | head -1 | cut -d' ' -f1)
per_run=$(( (many - one) / (RUNS + 1) ))
echo "benchmark $BENCH (GOGC=$GOGC): $per_run instructions per run, $actions actions per run"
awk -v i="$per_run" -v a="$actions" 'BEGIN { if (a > 0) printf "%.0f instructions per action\n", i / a }'
