# hostile-run.sh [nobody]: runs every hostile fixture suite, with honest
# bystander cases among them, as the current user or (when root) as nobody,
# and checks that each attack costs exactly one result with a precise
# reason, within its deadline, and that nothing of the run survives it:
# no process, no temporary directory, no cgroup, no IPC object on the host.
# Sourced by tests/hostile.test and tests/hostile-nobody.test.
. "${IPCC_SRC:-.}/tests/tap.sh"

as=${1:-self}
# The run's program has a name of its own, so that its processes can be
# told from other tests' runs.
prog="$scratch/selftest-hostile"
work="$scratch"
if [ "$as" = nobody ]; then
	[ "$(id -u)" -eq 0 ] || skip_all "running as $(id -un) already: hostile.test is the unprivileged run"
	command -v setpriv >/dev/null || skip_all "setpriv (util-linux) is needed to drop to nobody"
	id nobody >/dev/null 2>&1 || skip_all "there is no user nobody"
	# nobody must reach the program and write its reports.
	chmod 755 "$scratch"
	work="$scratch/nobody"
	mkdir "$work" && chown nobody "$work"
	cp "$SELFTEST" "$work/selftest-hostile" && chmod 755 "$work/selftest-hostile"
	prog="$work/selftest-hostile"
	as_user() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
else
	ln -s "$SELFTEST" "$prog"
	as_user() { "$@"; }
fi
mkdir "$work/tmp"
[ "$as" = nobody ] && chown nobody "$work/tmp"

json="$work/hostile.json"
run hostile as_user env TMPDIR="$work/tmp" "$prog" run -j 2 --json "$json" \
	--suite hostile --suite runaway --suite bystander --suite escape --suite leak \
	--filter 'hostile.[!a]*' --filter 'runaway.*' --filter 'bystander.*' \
	--filter 'escape.*' --filter 'leak.*'

is "$(status_of hostile)" 1 "the run completes and exits 1"
check "the JSON report is valid" "$JSONQ" "$json"
total=$("$JSONQ" "$json" 'cases/#')
is "$(grep -c '^\(not \)\{0,1\}ok ' "$scratch/hostile.out")" "$total" "every case has one TAP line"
field() { "$JSONQ" "$json" "cases/id=$1/$2"; }
layer() { "$JSONQ" "$json" "system/isolation/$1/on"; }

outcome() { # case, outcome, reason pattern, what it shows
	is "$(field "$1" outcome)" "$2" "$1: $2 ($4)"
	[ -n "$3" ] && like "$(field "$1" reason)" "$3" "$1: the reason says why"
}

# Each case ends within its deadline (timeout) plus the time to kill and
# sweep what it left: a fork bomb's 255 processes take a moment to reap.
within_deadline() { # case, timeout in s
	ms=$(field "$1" duration_ms)
	ok=$(awk -v d="$ms" -v t="$2" 'BEGIN { print (d <= t * 1000 + 3000) ? 0 : 1 }')
	tap_result "$ok" "$1: ended within its deadline of $2 s"
	[ "$ok" -eq 0 ] || diag "took $ms ms"
}

# --- the result channel and the output -----------------------------------
outcome hostile.writes_garbage_to_channel error "result channel broken: bytes that are not a record" "garbage on the channel"
outcome hostile.sends_a_second_result error "two results for one case" "a forged second result"
outcome hostile.closes_channel error "before it sent a result" "a closed channel"
outcome hostile.floods_channel error "flooded: more than 4 MiB" "a flooded channel"
outcome hostile.floods_output pass "" "100 MiB on stdout does not change the verdict"
is "$(field hostile.floods_output diagnostics/output_bytes_dropped)" $((100 * 1024 * 1024 - 65536)) \
	"hostile.floods_output: output is kept to 64 KiB and the rest counted"
outcome hostile.prints_forged_tap pass "" "forged TAP stays in the output"
unlike "$(out_of hostile)" '^(ok 1 - forged|not ok 2 - forged|Bail out! forged|1\.\.0)' \
	"hostile.prints_forged_tap: no forged line reaches the TAP"

# --- the process tree --------------------------------------------------------
outcome hostile.leaves_daemon_behind pass "" "its daemon is swept"
is "$(field hostile.leaves_daemon_behind diagnostics/leftover_processes_killed)" 1 \
	"hostile.leaves_daemon_behind: the daemonised grandchild is killed and counted"
outcome hostile.kills_its_parent error "supervisor was killed by SIGKILL without reporting" "it killed its supervisor"
outcome hostile.signals_its_group pass "" "a case may signal its own group"
outcome hostile.removes_its_directory pass "" "a case may remove its own directory"

# --- runaways ----------------------------------------------------------------
outcome runaway.hangs_in_blocking_call error "^timed out after 1\.0 s with the case process blocked in read on fd 3" "a hang is cut at the deadline"
within_deadline runaway.hangs_in_blocking_call 1
outcome runaway.spins_in_user_space error "^timed out after 1\.0 s with the case process running" "a spin is cut at the deadline"
within_deadline runaway.spins_in_user_space 1
if [ "$(field runaway.forks_without_end outcome)" = skip ]; then
	skip "runaway.forks_without_end: a fork bomb is capped" "$(field runaway.forks_without_end reason)"
else
	outcome runaway.forks_without_end error "^timed out after 2\.0 s" "a fork bomb is capped and cut"
	killed=$(field runaway.forks_without_end diagnostics/leftover_processes_killed)
	ok=1
	[ "$killed" -ge 100 ] && [ "$killed" -lt 256 ] && ok=0
	tap_result "$ok" "runaway.forks_without_end: stopped below 256 processes and all of them killed"
	[ "$ok" -eq 0 ] || diag "killed: $killed"
	within_deadline runaway.forks_without_end 2
fi
if [ "$(field runaway.allocates_without_end outcome)" = skip ]; then
	skip "runaway.allocates_without_end: the address-space cap holds" "$(field runaway.allocates_without_end reason)"
else
	outcome runaway.allocates_without_end error "killed by SIGSEGV before it sent a result" "the address-space cap makes malloc fail"
	within_deadline runaway.allocates_without_end 5
fi
outcome runaway.stops_itself_with_sigstop error "stopped by SIGSTOP, so it was killed at once" "a stop is reported at once"
within_deadline runaway.stops_itself_with_sigstop 0
outcome runaway.blocks_and_ignores_every_signal error "^timed out after 1\.0 s" "blocking every signal does not save it"
within_deadline runaway.blocks_and_ignores_every_signal 1

# --- bystanders ----------------------------------------------------------------
for c in pipe_round_trip child_exit_status sysv_segment_round_trip posix_shm_round_trip; do
	is "$(field "bystander.$c" outcome)" pass "bystander.$c: an honest case among them still passes"
done

# --- signals aimed outside the case -----------------------------------------
if [ "$(layer seccomp)" = true ]; then
	for c in signals_every_process signals_the_harness signals_the_harness_group; do
		outcome "escape.$c" pass "" "the sandbox answers EPERM"
		like "$(field "escape.$c" diagnostics/notes/0)" "^the sandbox denied kill aimed at pid -?[0-9]+ \(SIG[A-Z]+\) by pid [0-9]+: it failed with EPERM" \
			"escape.$c: the report names the denied call"
	done
	outcome escape.traces_the_harness pass "" "the sandbox answers EPERM to ptrace"
	like "$(field escape.traces_the_harness diagnostics/notes/0)" "^the sandbox denied ptrace by pid [0-9]+: it failed with EPERM" \
		"escape.traces_the_harness: the report names the denied call"
	c=$(field escape.signals_every_process_as_i386 outcome)
	case $c in
	pass) tap_result 0 "escape.signals_every_process_as_i386: the i386 gate is filtered too" ;;
	skip) skip "escape.signals_every_process_as_i386: the i386 gate is filtered too" "$(field escape.signals_every_process_as_i386 reason)" ;;
	*) tap_result 1 "escape.signals_every_process_as_i386: the i386 gate is filtered too"; diag "outcome $c" ;;
	esac
else
	skip "escape.*: signals outside the case are denied" "no seccomp layer: $("$JSONQ" "$json" system/isolation/seccomp/detail)"
fi

# --- IPC objects left behind ----------------------------------------------------
for c in leaks_sysv_segment leaks_sysv_queue leaks_sysv_semaphores leaks_posix_shm \
	leaks_posix_semaphore leaks_posix_queue; do
	is "$(field "leak.$c" outcome)" pass "leak.$c: the case ran and made its object"
done
for c in leaks_sysv_segment:-m leaks_sysv_queue:-q leaks_sysv_semaphores:-s; do
	key=$(field "leak.${c%:*}" observations/key)
	unlike "$(ipcs "${c#*:}")" "^$key " "leak.${c%:*}: no object with its key $key is left on the host"
done
for c in leaks_posix_shm leaks_posix_semaphore; do
	name=$(field "leak.$c" observations/name)
	name=${name#/}
	check "leak.$c: /dev/shm/$name is not on the host" test ! -e "/dev/shm/$name"
done
# An IPC namespace ends with its last process; then every object in it is gone.
if [ "$(layer namespaces)" = true ]; then
	ns=$(field leak.leaks_sysv_segment observations/ipc_namespace)
	inuse=$(for p in /proc/[0-9]*; do readlink "$p/ns/ipc" 2>/dev/null; done | grep -Fx "$ns")
	is "$inuse" "" "leak.*: the case's IPC namespace ($ns) is gone, and its objects and queues with it"
else
	skip "leak.*: the case's IPC namespace is gone" "no namespaces: $("$JSONQ" "$json" system/isolation/namespaces/detail)"
fi

# --- nothing of the run survives ------------------------------------------------
daemon=$(field hostile.leaves_daemon_behind observations/daemon_pid)
if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then
	tap_result 1 "the daemon is gone after the run"
	diag "process $daemon still exists: $(ps -o pid,ppid,stat,cmd -p "$daemon" 2>&1)"
else
	tap_result 0 "the daemon is gone after the run"
fi
left=$(ps -eo pid,args | grep -F "$prog" | grep -v grep)
is "$left" "" "no process of the run is left"
is "$(ls -A "$work/tmp")" "" "no temporary directory of the run is left"
harness=$(field escape.signals_the_harness observations/harness_pid)
if [ -n "$harness" ]; then
	cg=$(ls -d /sys/fs/cgroup/*/ipcconform-"$harness" /sys/fs/cgroup/ipcconform-"$harness" 2>/dev/null)
	is "$cg" "" "no cgroup of the run is left"
else
	skip "no cgroup of the run is left" "escape.signals_the_harness did not say the harness's pid"
fi

done_testing
