#!/bin/sh
# bench/case-overhead.sh [RUNS]: what isolating one case costs. In each
# round, side by side: a bare fork+_exit+waitpid (bench/fork-exit.c, 100
# times), then the self-test suite "empty" (100 cases that do nothing)
# with every layer, without namespaces, without the sandbox, and with
# neither. Prints the median per case of RUNS rounds and the ratios to the
# bare fork. Run from the build tree after make check (it needs the
# self-test program) as root or not: the layers differ, the header says how.
set -eu
runs=${1:-9}
here=$(dirname "$0")
program=${SELFTEST:-./tests/ipcconform-selftest}

[ -x "$program" ] || { echo "bench: $program not found; run make check first" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/ipcc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
${CC:-cc} -O2 -o "$dir/fork-exit" "$here/fork-exit.c"

now() { date +%s.%N; }
median() { sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
per_case() { # name, then the run's options
	name=$1
	shift
	t0=$(now)
	"$program" run --suite empty "$@" >/dev/null 2>&1 || true
	t1=$(now)
	echo "$t0 $t1" | awk '{printf "%.3f\n", ($2 - $1) * 1000 / 100}' >>"$dir/$name"
}

echo "100 cases (or forks) per round, $runs rounds, $(nproc) CPUs, $(uname -sr), uid $(id -u)"
"$program" --version | sed -n '/^isolation/,/^suites/p' | grep -v '^suites'
i=1
while [ "$i" -le "$runs" ]; do
	"$dir/fork-exit" 100 >>"$dir/fork"
	per_case full
	per_case nons --namespaces off
	per_case nosandbox --sandbox off
	per_case bare --namespaces off --sandbox off
	i=$((i + 1))
done
fork=$(median "$dir/fork")
show() { # label, name
	m=$(median "$dir/$2")
	printf '%-44s %7.3f ms  (%.1fx the bare fork)\n' "$1" "$m" "$(echo "$m $fork" | awk '{print $1 / $2}')"
}
printf '%-44s %7.3f ms\n' "bare fork + _exit + waitpid" "$fork"
show "empty case, every layer" full
show "empty case, no namespaces" nons
show "empty case, no sandbox" nosandbox
show "empty case, neither (process, limits, subreaper)" bare
