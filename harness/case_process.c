/* case_process.c: prepares the case process and runs its Check test.
 *
 * Check runs in no-fork mode here: this process is already the isolated
 * child, so a failed assertion unwinds (longjmp) back to us and we report
 * Check's verdict down the result channel. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "channel.h"
#include "isolate.h"
#include "runtime.h"
#include "sandbox.h"

extern char **environ;

static const struct ipcc_launch *launch;

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
static void set_descriptors(const struct ipcc_launch *l)
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
	ipcc_close_from_except(3, chan, -1);
}

/* The case's environment is the harness's, plus IPCCONFORM_CASE so that an
 * LD_PRELOAD shim can tell a case from the harness, minus Check's own
 * variables (CK_RUN_CASE and friends would select or log our single test). */
static void set_environment(const struct ipcc_launch *l)
{
	for (size_t i = 0; environ[i];) {
		if (!strncmp(environ[i], "CK_", 3)) {
			char name[128];
			size_t n = strcspn(environ[i], "=");

			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			memcpy(name, environ[i], n);
			name[n] = '\0';
			unsetenv(name);
			continue; /* environ moved down under us */
		}
		i++;
	}
	if (setenv("IPCCONFORM_CASE", l->id, 1) < 0)
		broken_now("setenv IPCCONFORM_CASE");
}

static void set_limits(void)
{
	struct rlimit core;

	/* No core files, soft limit only: a case about core dumps may raise it. */
	if (getrlimit(RLIMIT_CORE, &core) == 0) {
		core.rlim_cur = 0;
		setrlimit(RLIMIT_CORE, &core);
	}
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

/* Check's checked fixture: runs after Check has installed its own SIGALRM,
 * SIGINT and SIGTERM handlers, just before the test, so the test starts with
 * every disposition at its default and nothing blocked. */
static void enter_case(void)
{
	char why[256];

	ipcc_reset_signals();
	if (launch->sandbox && ipcc_sandbox_load(launch->harness_pid, launch->harness_pgid, why, sizeof(why)) < 0) {
		const char *f[3] = { why, __FILE__, "0" };

		ipcc_rec_send(ipcc_rt.chan, REC_ERROR, f, 3);
		ck_abort_msg("sandbox: %s", why);
	}
}

void ipcc_case_process(const struct ipcc_launch *l)
{
	char why[256], line[16];
	const char *reason;
	TestResult **results;
	SRunner *sr;
	Suite *s;
	TCase *tc;

	launch = l;
	setpgid(0, 0);
	ipcc_reset_signals();
	ipcc_rt.case_pid = getpid();
	ipcc_rt.deadline = ipcc_now() + l->timeout;
	ipcc_rt.multiplier = l->multiplier;
	ipcc_rt.self_exe = l->self_exe;
	ipcc_vocab_reset();
	set_descriptors(l);
	if (chdir(l->dir) < 0)
		broken_now(l->dir);
	set_environment(l);
	set_limits();

	reason = cannot_run(l->c, why, sizeof(why));
	if (reason)
		skip_now(reason);

	s = suite_create(l->suite->name);
	tc = tcase_create(l->id);
	tcase_add_checked_fixture(tc, enter_case, NULL);
	tcase_add_test(tc, *l->c->test);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run(sr, NULL, NULL, CK_SILENT);

	/* A helper that returned from its function instead of exiting would
	 * unwind into a copy of this runner: it must not report. */
	if (getpid() != ipcc_rt.case_pid)
		_exit(IPCC_HELPER_BROKEN);
	fflush(NULL);
	results = srunner_results(sr);
	if (!results || srunner_ntests_run(sr) != 1) {
		send_fields(REC_ERROR, "Check ran no test", __FILE__, "0", NULL);
		_exit(1);
	}
	snprintf(line, sizeof(line), "%d", tr_lno(results[0]));
	send_fields(REC_RESULT, tr_rtype(results[0]) == CK_PASS ? "pass" : "fail",
		    tr_lfile(results[0]) ? tr_lfile(results[0]) : "",
		    line, tr_msg(results[0]) ? tr_msg(results[0]) : "");
	_exit(0);
}
