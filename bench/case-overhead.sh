#!/bin/sh
# bench/case-overhead.sh [RUNS]: what isolating one case costs. Runs the
# self-test suite "empty" (100 cases that do nothing) with the sandbox on and
# off, alternately, RUNS times each, and prints the median wall time per case.
# Run from the build tree after make check (it builds the self-test program).
set -eu
runs=${1:-7}
program=${SELFTEST:-./tests/ipcconform-selftest}

[ -x "$program" ] || { echo "bench: $program not found; run make check first" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/ipcc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
median() { sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "100 empty cases per run, $runs runs per setting, $(nproc) CPUs, $(uname -sr)"
i=1
while [ "$i" -le "$runs" ]; do
	for sandbox in on off; do
		t0=$(now)
		"$program" run --suite empty --sandbox "$sandbox" >/dev/null 2>&1 || true
		t1=$(now)
		echo "$t0 $t1" | awk '{printf "%.3f\n", ($2 - $1) * 1000 / 100}' >>"$dir/$sandbox"
	done
	i=$((i + 1))
done
on=$(median "$dir/on")
off=$(median "$dir/off")
echo "median per case, sandbox on:  $on ms"
echo "median per case, sandbox off: $off ms"
echo "the seccomp filter adds: $(echo "$on $off" | awk '{printf "%.3f ms (%.0f%%)", $1 - $2, ($1 - $2) * 100 / $2}')"
