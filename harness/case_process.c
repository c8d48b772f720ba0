/* case_process.c: prepares the case process and runs its Check test.
 *
 * The test function is called directly, not through Check's SRunner: this
 * process is already the isolated child, and the SRunner would add what a
 * case must not see (an open temporary file on descriptor 3, its own
 * SIGALRM/SIGINT/SIGTERM handlers, CK_* variables selecting tests). Check's
 * assertion macros end in _ck_assert_failed() and _mark_point(), which
 * check_glue.c defines to report here; a failed check unwinds (longjmp) to
 * the runner below, which has already sent the verdict. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "channel.h"
#include "fdpass.h"
#include "isolate.h"
#include "namespace.h"
#include "runtime.h"
#include "sandbox.h"

static jmp_buf unwind_to;
static int unwind_armed;
static const char *mark_file;
static int mark_line;

static void send_fields(enum ipcc_rec_type type, const char *a, const char *b, const char *c,
			const char *d)
{
	const char *f[4] = { a, b, c, d };

	ipcc_rec_send(ipcc_rt.chan, type, f, ipcc_rec_nfields(type));
}

static void __attribute__((noreturn)) skip_now(const char *reason)
{
	send_fields(REC_SKIP, reason, NULL, NULL, NULL);
	_exit(0);
}

static void __attribute__((noreturn)) broken_now(const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "preparing the case process: %s: %s", what, strerror(errno));
	send_fields(REC_ERROR, msg, __FILE__, "0", NULL);
	_exit(1);
}

/* Descriptors: stdin from /dev/null, stdout and stderr into the capture
 * pipe, the result channel moved high (so the case's own descriptors start
 * at 3 as in any fresh program), everything else closed. */
static void set_descriptors(const struct ipcc_launch *l, int keep)
{
	struct rlimit nofile;
	int null, chan, out = l->out_wr, top = 1023;

	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY &&
	    nofile.rlim_cur - 1 < (rlim_t)top)
		top = (int)nofile.rlim_cur - 1;
	chan = l->chan_wr;
	if (out == top)
		out = dup(out);
	if (chan != top) {
		if (dup2(chan, top) < 0)
			_exit(2);
		close(chan);
		chan = top;
	}
	fcntl(chan, F_SETFD, FD_CLOEXEC);
	ipcc_rt.chan = chan;

	null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		broken_now("stdin/stdout/stderr");
	ipcc_close_from_except(3, chan, keep);
}

/* The case's environment is the harness's plus IPCCONFORM_CASE, so that an
 * LD_PRELOAD shim can tell a case from the harness. */
static void set_environment(const struct ipcc_launch *l)
{
	if (setenv("IPCCONFORM_CASE", l->id, 1) < 0)
		broken_now("setenv IPCCONFORM_CASE");
}

/* Lowers resource to at most soft/hard (never raises a limit). */
static void cap(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit r;

	if (getrlimit(resource, &r) < 0)
		return;
	if (r.rlim_max == RLIM_INFINITY || r.rlim_max > hard)
		r.rlim_max = hard;
	if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur > soft)
		r.rlim_cur = soft;
	if (r.rlim_cur > r.rlim_max)
		r.rlim_cur = r.rlim_max;
	setrlimit(resource, &r);
}

/* Caps that turn a runaway case into its own failure (EAGAIN from fork,
 * ENOMEM, SIGXCPU, SIGXFSZ, EMFILE) instead of the machine's problem. The
 * values are documented in docs/ARCHITECTURE.md. */
static void set_limits(const struct ipcc_launch *l)
{
	struct rlimit core;
	rlim_t cpu = (rlim_t)l->timeout + 2;

	/* No core files, soft limit only: a case about core dumps may raise it. */
	if (getrlimit(RLIMIT_CORE, &core) == 0) {
		core.rlim_cur = 0;
		setrlimit(RLIMIT_CORE, &core);
	}
	/* Counted per user namespace (Linux >= 5.14), so it binds root too
	 * when the case has one. */
	cap(RLIMIT_NPROC, IPCC_LIMIT_NPROC, IPCC_LIMIT_NPROC);
	cap(RLIMIT_NOFILE, IPCC_LIMIT_NOFILE, IPCC_LIMIT_NOFILE_HARD);
	cap(RLIMIT_FSIZE, IPCC_LIMIT_FSIZE, IPCC_LIMIT_FSIZE);
	/* The deadline ends a spinning case; this also ends one of its
	 * processes that spins on after it. */
	cap(RLIMIT_CPU, cpu, cpu + 1);
	/* valgrind and AddressSanitizer reserve far more address space than
	 * the program uses: no cap there. */
	if (!l->under_valgrind && !IPCC_ASAN)
		cap(RLIMIT_AS, IPCC_LIMIT_AS, IPCC_LIMIT_AS);
}

/* Why this case cannot be judged here, or NULL. */
static const char *cannot_run(const struct ipcc_case *c, char *buf, size_t size)
{
	const char *cls = c->cls;

	if ((c->needs & IPCC_NEED_ROOT) && geteuid() != 0)
		return "needs root (effective uid 0)";
	if ((c->needs & IPCC_NEED_NOBODY) && geteuid() != 0)
		return "needs a second, unprivileged uid: run as root so the case can drop to nobody";
	if (!strcmp(cls, "X") && sysconf(_SC_XOPEN_UNIX) <= 0)
		return "the system does not claim the XSI option (sysconf(_SC_XOPEN_UNIX) <= 0)";
	if (!strcmp(cls, "O:MSG") && sysconf(_SC_MESSAGE_PASSING) <= 0)
		return "the system does not claim Message Passing (sysconf(_SC_MESSAGE_PASSING) <= 0)";
	if (!strcmp(cls, "O:SHM") && sysconf(_SC_SHARED_MEMORY_OBJECTS) <= 0)
		return "the system does not claim Shared Memory Objects "
		       "(sysconf(_SC_SHARED_MEMORY_OBJECTS) <= 0)";
	if (c->probe) {
		const char *why = c->probe();
		if (why) {
			snprintf(buf, size, "%s", why);
			return buf;
		}
	}
	return NULL;
}

void ipcc_case_mark(const char *file, int line)
{
	mark_file = file;
	mark_line = line;
}

void ipcc_case_abandon(int helper_code)
{
	fflush(NULL);
	if (ipcc_in_helper())
		_exit(helper_code);
	if (unwind_armed)
		longjmp(unwind_to, 1);
	_exit(1);
}

void ipcc_case_failed(const char *file, int line, const char *msg)
{
	char lbuf[16];

	if (ipcc_in_helper()) {
		fprintf(stderr, "ipcconform helper %ld: %s:%d: %s\n", (long)getpid(), file, line, msg);
		ipcc_case_abandon(IPCC_HELPER_FAILED);
	}
	snprintf(lbuf, sizeof(lbuf), "%d", line);
	send_fields(REC_RESULT, "fail", file, lbuf, msg);
	ipcc_case_abandon(IPCC_HELPER_FAILED);
}

void ipcc_case_process(const struct ipcc_launch *l)
{
	const TTest *test = *l->c->test;
	char why[256], line[16];
	const char *reason;

	setpgid(0, 0);
	ipcc_reset_signals();
	if (l->cg_path[0] && ipcc_cgroup_join(l->cg_path, why, sizeof(why)) < 0) {
		ipcc_rt.chan = l->chan_wr;
		send_fields(REC_ERROR, why, __FILE__, "0", NULL);
		_exit(1);
	}
	ipcc_rt.case_pid = getpid();
	ipcc_rt.deadline = ipcc_now() + l->timeout;
	ipcc_rt.multiplier = l->multiplier;
	ipcc_rt.self_exe = l->self_exe;
	ipcc_rt.under_valgrind = l->under_valgrind;
	ipcc_rt.sandboxed = l->sandbox;
	ipcc_rt.ns_flags = l->ns ? l->ns->flags : 0;
	ipcc_vocab_reset();
	ipcc_rt.chan = l->chan_wr; /* until set_descriptors moves it */
	if (l->ns && ipcc_ns_enter(l->ns, l->ns_sock, why, sizeof(why)) < 0) {
		send_fields(REC_ERROR, why, __FILE__, "0", NULL);
		_exit(1);
	}
	set_descriptors(l, l->ns_sock);
	if (chdir(l->dir) < 0)
		broken_now(l->dir);
	set_environment(l);
	set_limits(l);

	reason = cannot_run(l->c, why, sizeof(why));
	if (reason)
		skip_now(reason);
	if (l->sandbox) {
		int listener;

		if (ipcc_sandbox_enter(&listener, why, sizeof(why)) < 0) {
			send_fields(REC_ERROR, why, __FILE__, "0", NULL);
			_exit(1);
		}
		/* Denied calls now wait for the supervisor's answer: it must
		 * have the descriptor, and the case must not. */
		if (listener >= 0 && (l->ns_sock < 0 || ipcc_send_fd(l->ns_sock, listener) < 0))
			broken_now("handing the seccomp listener to the supervisor");
		if (listener >= 0)
			close(listener);
	}
	if (l->ns_sock >= 0)
		close(l->ns_sock);

	mark_file = test->file;
	mark_line = test->line;
	if (setjmp(unwind_to) == 0) {
		unwind_armed = 1;
		test->fn(0);
		unwind_armed = 0;
		/* A process the case forked that returned into here must not
		 * report as the case. */
		if (ipcc_in_helper())
			_exit(IPCC_HELPER_BROKEN);
		fflush(NULL);
		snprintf(line, sizeof(line), "%d", mark_line);
		send_fields(REC_RESULT, "pass", mark_file, line, "");
	}
	_exit(0);
}
