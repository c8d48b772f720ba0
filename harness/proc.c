/* proc.c: the words for other processes (see case.h): helpers, reaping,
 * handshakes, and proving that a process is blocked in a call. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_PIDFD_H
#include <sys/pidfd.h>
#endif
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "case.h"
#include "names.h"
#include "procfs.h"
#include "runtime.h"

/* Waits inside a case end a little before the harness's own deadline, so
 * that the report names what was being waited for instead of a bare timeout. */
static double local_deadline(void)
{
	double left = ipcc_time_left();

	return ipcc_now() + (left > 2.0 ? left - 1.0 : left * 0.5);
}

static int ms_until(double t)
{
	double ms = (t - ipcc_now()) * 1000.0;

	return ms <= 0 ? 0 : ms > 1e9 ? 1000000000 : (int)ms + 1;
}

pid_t ipcc_spawn_(int (*fn)(void *), void *arg, const char *file, int line)
{
	pid_t pid;

	fflush(NULL); /* buffered output must not be written twice */
	pid = fork();
	if (pid < 0)
		ipcc_setup_failed_(file, line, "fork: %s", ipcc_errno_name(errno));
	if (pid == 0) {
		int code = fn(arg);

		fflush(NULL);
		if (code < 0 || code >= 120) {
			fprintf(stderr, "ipcconform helper %ld: %s:%d: returned %d, outside 0..119\n",
				(long)getpid(), file, line, code);
			_exit(IPCC_HELPER_BROKEN);
		}
		_exit(code);
	}
	return pid;
}

int ipcc_reap_(pid_t pid, const char *file, int line)
{
	double limit = local_deadline();
	int status;

#if defined(HAVE_PIDFD_OPEN)
	/* A pidfd lets the wait end at the deadline; without one (old kernels,
	 * valgrind < 3.21) waitpid blocks and the harness's deadline applies. */
	int pfd = pidfd_open(pid, 0);

	if (pfd >= 0) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };
		int r;

		do
			r = poll(&p, 1, ms_until(limit));
		while (r < 0 && errno == EINTR);
		close(pfd);
		if (r == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ipcc_setup_failed_(file, line, "process %ld was still running at the deadline; killed",
					   (long)pid);
		}
	}
#else
	(void)limit;
#endif
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			ipcc_setup_failed_(file, line, "waitpid(%ld): %s", (long)pid, ipcc_errno_name(errno));
	return status;
}

int ipcc_join_(pid_t pid, const char *file, int line)
{
	int status = ipcc_reap_(pid, file, line);
	char how[64];

	if (WIFEXITED(status)) {
		int code = WEXITSTATUS(status);

		if (code < 120)
			return code;
		if (code == IPCC_HELPER_BROKEN)
			ipcc_setup_failed_(file, line, "helper %ld could not set up (its output says why)",
					   (long)pid);
		if (code == IPCC_HELPER_FAILED)
			ipcc_expect_failed_(file, line, "the helper's checks pass", "a check failed",
					    "helper %ld found a deviation (its output says which)", (long)pid);
	}
	ipcc_describe_status(status, how, sizeof(how));
	ipcc_expect_failed_(file, line, "exited 0..119", how, "helper %ld %s", (long)pid, how);
}

void ipcc_exec_helper_(const char *name, char *const args[], const char *file, int line)
{
	char *argv[32];
	int n = 0;

	argv[n++] = (char *)ipcc_rt.self_exe;
	argv[n++] = (char *)"__helper";
	argv[n++] = (char *)name;
	for (int i = 0; args && args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	fflush(NULL);
	execv(ipcc_rt.self_exe, argv);
	ipcc_setup_failed_(file, line, "exec %s: %s", ipcc_rt.self_exe, ipcc_errno_name(errno));
}

/* ---- handshakes ---------------------------------------------------------- */

void ipcc_gate_open_(struct ipcc_gate *g, const char *file, int line)
{
	int fds[2];

	if (pipe(fds) < 0)
		ipcc_setup_failed_(file, line, "handshake pipe: %s", ipcc_errno_name(errno));
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	g->rd = fds[0];
	g->wr = fds[1];
}

void ipcc_gate_pass_(struct ipcc_gate *g, const char *file, int line)
{
	ssize_t n;

	do
		n = write(g->wr, "!", 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		ipcc_setup_failed_(file, line, "handshake write: %s",
				   n < 0 ? ipcc_errno_name(errno) : "short write");
}

void ipcc_gate_wait_(struct ipcc_gate *g, const char *file, int line)
{
	double limit = local_deadline();
	struct pollfd p = { .fd = g->rd, .events = POLLIN };
	char c;
	ssize_t n;
	int r;

	do
		r = poll(&p, 1, ms_until(limit));
	while (r < 0 && errno == EINTR);
	if (r == 0)
		ipcc_setup_failed_(file, line, "the peer did not reach the handshake before the deadline");
	do
		n = read(g->rd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		ipcc_setup_failed_(file, line, "the peer closed the handshake without passing it (it ended?)");
	if (n < 0)
		ipcc_setup_failed_(file, line, "handshake read: %s", ipcc_errno_name(errno));
}

void gate_close_rd(struct ipcc_gate *g)
{
	if (g->rd >= 0)
		close(g->rd);
	g->rd = -1;
}

void gate_close_wr(struct ipcc_gate *g)
{
	if (g->wr >= 0)
		close(g->wr);
	g->wr = -1;
}

/* ---- proving that a process is blocked ----------------------------------- */

static const char *call_name(enum ipcc_call call)
{
	static const char *const names[] = { "read", "write", "open", "poll", "a blocking call" };

	return names[call];
}

#ifdef __linux__
static int call_matches(enum ipcc_call call, long nr)
{
	switch (call) {
	case IPCC_IN_READ:
		return nr == SYS_read || nr == SYS_readv;
	case IPCC_IN_WRITE:
		return nr == SYS_write || nr == SYS_writev;
	case IPCC_IN_OPEN:
#ifdef SYS_open
		if (nr == SYS_open)
			return 1;
#endif
		return nr == SYS_openat;
	case IPCC_IN_POLL:
#ifdef SYS_poll
		if (nr == SYS_poll)
			return 1;
#endif
#ifdef SYS_select
		if (nr == SYS_select)
			return 1;
#endif
		return nr == SYS_ppoll || nr == SYS_pselect6;
	case IPCC_IN_ANY:
		return 1;
	}
	return 0;
}
#endif

/* The pause between two reads of the kernel's view of a process: polling
 * kernel-visible state, as the catalogue's notes prescribe, from 1 ms
 * doubling to 16 ms. Not a synchronisation: what ends the wait is the state
 * read after it. */
static void backoff(long *delay_ns)
{
	struct timespec pause = { 0, *delay_ns };

	nanosleep(&pause, NULL); /* back-off of a /proc poll, not a synchronisation */
	if (*delay_ns < 16000000)
		*delay_ns *= 2;
}

static int has_exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

/* The process ended where it should have blocked: a deviation when blocking
 * is the behaviour under test, an error when it was only the setup. */
static void __attribute__((noreturn)) ended_instead(pid_t pid, enum ipcc_call call, int judge,
						     const char *file, int line)
{
	siginfo_t si;
	char how[64] = "ended";

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) {
		if (si.si_code == CLD_EXITED)
			snprintf(how, sizeof(how), "exited %d", si.si_status);
		else
			snprintf(how, sizeof(how), "was killed by %s", ipcc_signal_name(si.si_status));
	}
	if (judge)
		ipcc_expect_failed_(file, line, "blocked", how,
				    "process %ld returned from %s instead of blocking (it %s)", (long)pid,
				    call_name(call), how);
	ipcc_setup_failed_(file, line, "process %ld %s instead of blocking in %s", (long)pid, how,
			   call_name(call));
}

void ipcc_wait_blocked_(pid_t pid, enum ipcc_call call, int fd, int judge, const char *file,
			int line)
{
	double start = ipcc_now(), limit = local_deadline();
	long delay_ns = 1000000, nr = -1, arg0 = -1;
	char state = ipcc_proc_state(pid), fdtext[24] = "";
	int sys = -1, with_fd = fd >= 0 && (call == IPCC_IN_READ || call == IPCC_IN_WRITE);

	if (with_fd)
		snprintf(fdtext, sizeof(fdtext), " on fd %d", fd);
	if (!state) {
		/* No kernel view of the process (no /proc): the portable fallback
		 * proves a lower bound only. The pause is the documented grace
		 * period, not a synchronisation. */
		struct timespec grace = { 0, (long)(50e6 * ipcc_rt.multiplier) };

		while (grace.tv_nsec >= 1000000000L) {
			grace.tv_sec++;
			grace.tv_nsec -= 1000000000L;
		}
		nanosleep(&grace, NULL); /* the no-/proc fallback: a lower bound only */
		if (has_exited(pid))
			ended_instead(pid, call, judge, file, line);
		note("blocked in %s%s: no kernel view of processes here, still waiting after a "
		     "grace period (a lower bound only)", call_name(call), fdtext);
		return;
	}
	for (;;) {
		if (state == 'Z' || state == 'X' || has_exited(pid))
			ended_instead(pid, call, judge, file, line);
		if (state == 'S' || state == 'D') {
			sys = ipcc_proc_syscall(pid, &nr, &arg0);
#ifdef __linux__
			if (sys == 1 && call_matches(call, nr) && (!with_fd || arg0 == fd)) {
				note("blocked in %s%s: /proc/%ld shows state %c in syscall %ld after %.1f ms",
				     call_name(call), fdtext, (long)pid, state, nr,
				     (ipcc_now() - start) * 1000.0);
				return;
			}
#endif
			if (sys < 0) {
				note("blocked in %s%s: /proc/%ld shows state %c after %.1f ms (syscall "
				     "not readable, so the call itself is not confirmed)",
				     call_name(call), fdtext, (long)pid, state, (ipcc_now() - start) * 1000.0);
				return;
			}
		}
		if (ipcc_now() > limit)
			ipcc_setup_failed_(file, line,
					   "process %ld never blocked in %s%s (last seen: state %c, syscall %ld)",
					   (long)pid, call_name(call), fdtext, state, sys == 1 ? nr : -1L);
		backoff(&delay_ns);
		state = ipcc_proc_state(pid);
		if (!state)
			ended_instead(pid, call, judge, file, line);
	}
}

void ipcc_expect_not_blocked_(pid_t pid, enum ipcc_call call, int fd, const char *file, int line)
{
	double limit = local_deadline();
	long delay_ns = 1000000, nr = -1, arg0 = -1;
	int with_fd = fd >= 0 && (call == IPCC_IN_READ || call == IPCC_IN_WRITE);
	char state;

	for (;;) {
		if (has_exited(pid))
			return;
		state = ipcc_proc_state(pid);
		if (!state)
			return; /* no kernel view (or gone): the join decides */
#ifdef __linux__
		if ((state == 'S' || state == 'D') && ipcc_proc_syscall(pid, &nr, &arg0) == 1 &&
		    call_matches(call, nr) && (!with_fd || arg0 == fd)) {
			char seen[64];

			snprintf(seen, sizeof(seen), "blocked in %s", call_name(call));
			ipcc_expect_failed_(file, line, "returned at once", seen,
					    "process %ld blocked in %s%s where the call must return at once",
					    (long)pid, call_name(call), with_fd ? " on its descriptor" : "");
		}
#endif
		if (ipcc_now() > limit)
			ipcc_setup_failed_(file, line, "process %ld neither returned nor blocked in %s",
					   (long)pid, call_name(call));
		backoff(&delay_ns);
	}
}
