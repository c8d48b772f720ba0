#!/bin/sh
# bench/suite-wall-time.sh [SUITE] [RUNS]: wall time of one suite at -j1 and
# -j2, run alternately (j1, j2, j1, j2, ...) so that both see the same machine
# noise. Prints every run, then the medians and their ratio. Run from the
# build tree after make.
set -eu
suite=${1:-pipe}
runs=${2:-5}
program=${IPCCONFORM:-./ipcconform}

[ -x "$program" ] || { echo "bench: $program not found; run make first" >&2; exit 2; }

now() { date +%s.%N; }
: >"${TMPDIR:-/tmp}/ipcc-bench.$$.j1"
: >"${TMPDIR:-/tmp}/ipcc-bench.$$.j2"
trap 'rm -f "${TMPDIR:-/tmp}/ipcc-bench.$$."*' EXIT

echo "suite $suite, $runs runs per setting, $(nproc) CPUs, $(uname -sr)"
i=1
while [ "$i" -le "$runs" ]; do
	for j in 1 2; do
		t0=$(now)
		status=0
		"$program" run --suite "$suite" -j "$j" >/dev/null 2>&1 || status=$?
		t1=$(now)
		ms=$(echo "$t0 $t1" | awk '{printf "%.1f", ($2 - $1) * 1000}')
		echo "$ms" >>"${TMPDIR:-/tmp}/ipcc-bench.$$.j$j"
		echo "run $i -j$j: $ms ms (exit $status)"
	done
	i=$((i + 1))
done

median() { sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
m1=$(median "${TMPDIR:-/tmp}/ipcc-bench.$$.j1")
m2=$(median "${TMPDIR:-/tmp}/ipcc-bench.$$.j2")
echo "median -j1: $m1 ms"
echo "median -j2: $m2 ms"
echo "ratio -j1/-j2: $(echo "$m1 $m2" | awk '{printf "%.2f", $1 / $2}')"
