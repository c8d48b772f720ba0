# run-suite.sh SUITE [nobody]: runs one conformance suite against this
# machine as a TAP test for make check, as the current user or, when root,
# as the unprivileged user nobody. Run by tests/suite-*.test.
#
# The suite's TAP goes to stdout as it is. A run whose cases fail exits 1:
# that is in the TAP already, so it is not reported twice; a usage error
# (2) or a broken harness (99) is passed on as the error it is.

: "${IPCC_BUILD:?IPCC_BUILD is set by make check}"
suite=$1
as=${2:-self}
program="$IPCC_BUILD/ipcconform"

if [ "$as" = nobody ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "1..0 # SKIP running as $(id -un) already: the other suite test is the unprivileged run"
		exit 0
	fi
	setpriv=$(command -v setpriv) || {
		echo "1..0 # SKIP setpriv (util-linux) is needed to drop to nobody"
		exit 0
	}
	uid=$(id -u nobody 2>/dev/null) || {
		echo "1..0 # SKIP there is no user nobody"
		exit 0
	}
	gid=$(id -g nobody)
	# nobody may not be able to reach the build tree: run a copy.
	dir=$(mktemp -d "${TMPDIR:-/tmp}/ipcc-nobody.XXXXXX") || exit 99
	trap 'rm -rf "$dir"' EXIT
	cp "$program" "$dir/ipcconform" && chmod 755 "$dir" "$dir/ipcconform" || exit 99
	"$setpriv" --reuid="$uid" --regid="$gid" --clear-groups \
		"$dir/ipcconform" run --suite "$suite" -j 2
else
	"$program" run --suite "$suite" -j 2
fi
status=$?
[ "$status" -eq 1 ] && status=0
exit "$status"
