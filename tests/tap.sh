# tap.sh: the TAP a shell test writes, sourced by tests/*.test.
#
#   check "description" command args...   ok when the command exits 0
#   is "$got" "$expected" "description"    ok when the two strings are equal
#   like "$text" "pattern" "description"   ok when the text matches grep -E pattern
#   skip "description" "reason"
#   skip_all "reason"                      the whole script cannot run here
#   done_testing                           the plan, last; always exits 0
#
# Results are in the TAP, never in the exit status: automake's tap-driver
# counts any non-zero exit as an extra error.

tap_n=0
echo "TAP version 13"

# Diagnostics are comments: every line gets a "# ", so that output quoted
# from a program under test can never read as a test line.
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

tap_result() {
	tap_n=$((tap_n + 1))
	case $2 in
	*'#'*) echo "Bail out! test description with a '#' (a TAP directive): $2" && exit 0 ;;
	esac
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
	fi
}

check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		tap_result 0 "$desc"
	else
		tap_result 1 "$desc"
		diag "command: $*" "$out"
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		diag "got:      $1" "expected: $2"
	fi
}

like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		diag "pattern: $2" "text:" "$1"
	fi
}

unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		tap_result 1 "$3"
		diag "pattern that must not match: $2" "text:" "$1"
	else
		tap_result 0 "$3"
	fi
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	exit 0
}

# The programs under test, from the build tree.
: "${IPCC_BUILD:?IPCC_BUILD is set by make check}"
IPCCONFORM="$IPCC_BUILD/ipcconform"
SELFTEST="$IPCC_BUILD/tests/ipcconform-selftest"
JSONQ="$IPCC_BUILD/tests/jsonq"

# A scratch directory removed when the script ends.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ipcc-test.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

# Runs a command, keeping its stdout, stderr and status in the scratch dir:
#   run NAME command args...; then $scratch/NAME.out, NAME.err, NAME.status
run() {
	name=$1
	shift
	"$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.status"
}
status_of() { cat "$scratch/$1.status"; }
out_of() { cat "$scratch/$1.out"; }
err_of() { cat "$scratch/$1.err"; }
