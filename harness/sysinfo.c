/* sysinfo.c: see sysinfo.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_GNU_LIBC_VERSION_H
#include <gnu/libc-version.h>
#endif
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#include "isolate.h"
#include "sandbox.h"
#include "sysinfo.h"

void ipcc_sysinfo_get(struct ipcc_sysinfo *s)
{
	struct utsname u;

	memset(s, 0, sizeof(*s));
	if (uname(&u) == 0) {
		snprintf(s->os, sizeof(s->os), "%s", u.sysname);
		snprintf(s->kernel, sizeof(s->kernel), "%s", u.release);
		snprintf(s->kernel_build, sizeof(s->kernel_build), "%s", u.version);
		snprintf(s->arch, sizeof(s->arch), "%s", u.machine);
	}
#if defined(__GLIBC__)
	snprintf(s->libc, sizeof(s->libc), "glibc");
#ifdef HAVE_GNU_LIBC_VERSION_H
	snprintf(s->libc_version, sizeof(s->libc_version), "%s", gnu_get_libc_version());
#endif
#elif defined(__BIONIC__)
	snprintf(s->libc, sizeof(s->libc), "bionic");
#elif defined(__UCLIBC__)
	snprintf(s->libc, sizeof(s->libc), "uClibc");
#elif defined(__linux__)
	/* musl defines no macro of its own, by design. */
	snprintf(s->libc, sizeof(s->libc), "musl (or another libc without a version macro)");
#else
	snprintf(s->libc, sizeof(s->libc), "the system's libc");
#endif
	if (!s->libc_version[0])
		snprintf(s->libc_version, sizeof(s->libc_version), "unknown");
	s->uid = (long)getuid();
	s->euid = (long)geteuid();
#ifdef RUNNING_ON_VALGRIND
	s->under_valgrind = RUNNING_ON_VALGRIND ? 1 : 0;
#endif
}

static int under_valgrind(void)
{
#ifdef RUNNING_ON_VALGRIND
	return RUNNING_ON_VALGRIND ? 1 : 0;
#else
	return 0;
#endif
}

static void __attribute__((format(printf, 4, 5)))
add(struct ipcc_isolation *iso, const char *name, enum ipcc_layer_state state, const char *fmt, ...)
{
	struct ipcc_layer *l = &iso->layer[iso->n++];
	va_list ap;

	l->name = name;
	l->state = state;
	va_start(ap, fmt);
	vsnprintf(l->detail, sizeof(l->detail), fmt, ap);
	va_end(ap);
}

/* Compiles the filter for this process (the harness), then installs it in
 * a throw-away child: the kernel (or valgrind) may refuse it, and then no
 * case will get it either. */
static int probe_sandbox(char *why, size_t size)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (ipcc_sandbox_prepare(getpid(), getpgrp(), why, size) < 0)
		return -1;
	if (pipe(fds) < 0) {
		snprintf(why, size, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		char msg[160] = "";
		int listener;

		close(fds[0]);
		if (ipcc_sandbox_enter(&listener, msg, sizeof(msg)) < 0) {
			if (write(fds[1], msg, strlen(msg)) < 0)
				_exit(2);
			_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		snprintf(why, size, "fork: %s", strerror(errno));
		return -1;
	}
	n = read(fds[0], why, size - 1);
	why[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!why[0])
		snprintf(why, size, "the probe process failed");
	return -1;
}

void ipcc_isolation_probe(struct ipcc_isolation *iso, int want_sandbox, int want_namespaces)
{
	char why[160], what[256];

	iso->n = 0;
	iso->sandbox = 0;
	iso->cg.run[0] = '\0';
	add(iso, "process", IPCC_LAYER_ON,
	    "a forked process per case, its own process group, default signal dispositions, "
	    "empty mask, no inherited descriptors, private working directory");
	if (geteuid() != 0)
		snprintf(what, sizeof(what), "%d processes (RLIMIT_NPROC)", IPCC_LIMIT_NPROC);
	else if (ipcc_cgroup_setup(&iso->cg, why, sizeof(why)) == 0)
		snprintf(what, sizeof(what), "%d processes (a pids cgroup v%d per case under %s)",
			 IPCC_LIMIT_NPROC, iso->cg.version, iso->cg.run);
	else
		snprintf(what, sizeof(what), "processes not capped: root is exempt from RLIMIT_NPROC "
			 "and %s", why);
	add(iso, "limits", IPCC_LAYER_ON,
	    "per case: no core files (RLIMIT_CORE soft 0), %s, %d descriptors, "
	    "%d MiB per file, CPU time deadline + 2 s%s", what, IPCC_LIMIT_NOFILE,
	    (int)(IPCC_LIMIT_FSIZE >> 20),
	    under_valgrind() ? "; no address-space cap under valgrind"
	    : IPCC_ASAN ? "; no address-space cap under AddressSanitizer" : ", 1 GiB of address space");
#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_CHILD_SUBREAPER)
	/* The runner makes the harness a subreaper too; asking now is the probe. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
		add(iso, "subreaper", IPCC_LAYER_ON,
		    "a supervisor per case reaps and kills what the case leaves running");
	else
		add(iso, "subreaper", IPCC_LAYER_OFF,
		    "off: prctl(PR_SET_CHILD_SUBREAPER) refused (%s); daemonised leftovers escape",
		    strerror(errno));
#else
	add(iso, "subreaper", IPCC_LAYER_OFF,
	    "off: no child subreaper on this system; only the case's process group is killed");
#endif
	if (!ipcc_sandbox_built())
		add(iso, "seccomp", IPCC_LAYER_OFF, "off: %s", ipcc_sandbox_build());
	else if (!want_sandbox)
		add(iso, "seccomp", IPCC_LAYER_OFF, "off: --sandbox=off (%s built in)", ipcc_sandbox_build());
	else if (probe_sandbox(why, sizeof(why)) < 0)
		add(iso, "seccomp", IPCC_LAYER_OFF, "off: the filter could not be loaded: %s", why);
	else {
		int notify = ipcc_sandbox_can_notify();

		/* Strict needs the supervisor to see the call; without
		 * notifications the kernel answers EPERM unseen. */
		iso->sandbox = want_sandbox == 2 && notify ? 2 : 1;
		add(iso, "seccomp", IPCC_LAYER_ON,
		    "%s%s: reboot, kexec, modules, mount, clock setting, swap, io_uring, ptrace and "
		    "signals to -1 or the harness %s", ipcc_sandbox_build(),
		    iso->sandbox == 2 ? ", strict" : "",
		    iso->sandbox == 2 ? "end the case as an error naming the call"
		    : notify ? "fail with EPERM, named in the case's report"
		    : want_sandbox == 2 ? "fail with EPERM (strict mode and naming the call need "
					  "seccomp notifications, which this kernel or valgrind lacks)"
		    : "fail with EPERM (not named: no seccomp notifications here)");
	}
	if (!want_namespaces) {
		iso->ns.flags = 0;
		add(iso, "namespaces", IPCC_LAYER_OFF,
		    "off: --namespaces off; System V and POSIX IPC objects and ports are shared with "
		    "the host: a census before and after each case removes what it leaves, and cases "
		    "run one at a time");
	} else if (ipcc_ns_probe(&iso->ns, what, sizeof(what)) == 0)
		add(iso, "namespaces", IPCC_LAYER_ON, "%s", what);
	else
		add(iso, "namespaces", IPCC_LAYER_OFF,
		    "%s; System V and POSIX IPC objects and ports are shared with the host: a census "
		    "before and after each case removes what it leaves, and cases run one at a time",
		    what);
}

void ipcc_isolation_release(struct ipcc_isolation *iso)
{
	ipcc_cgroup_teardown(&iso->cg);
}

int ipcc_isolation_sandbox_on(const struct ipcc_isolation *iso)
{
	return iso->sandbox;
}
