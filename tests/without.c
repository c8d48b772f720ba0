/* without: runs a command on a system that lacks a kernel feature, the way
 * containers and hardened kernels lack them, for tests/degraded.test:
 *
 *   without userns CMD...      unshare/clone with CLONE_NEWUSER fail (EPERM)
 *   without namespaces CMD...  unshare fails, and clone with any CLONE_NEW* (EPERM)
 *   without seccomp CMD...     seccomp(2) and prctl(PR_SET_SECCOMP) fail (EINVAL),
 *                              as on a kernel built without seccomp filters
 *
 * A seccomp filter of its own does it; it is inherited by the command and
 * everything it starts, which cannot remove it. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include <seccomp.h>

static int deny_flags(scmp_filter_ctx ctx, const char *call, int arg, unsigned long flags)
{
	int nr = seccomp_syscall_resolve_name(call);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
				SCMP_CMP64(arg, SCMP_CMP_MASKED_EQ, flags, flags));
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: without userns|namespaces|seccomp CMD...\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return 99;
	if (!strcmp(argv[1], "userns")) {
		rc = deny_flags(ctx, "unshare", 0, CLONE_NEWUSER);
		if (rc == 0)
			rc = deny_flags(ctx, "clone", 0, CLONE_NEWUSER);
	} else if (!strcmp(argv[1], "namespaces")) {
		static const unsigned long each[] = { CLONE_NEWUSER, CLONE_NEWIPC, CLONE_NEWNET,
						      CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS };

		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
		for (size_t i = 0; i < sizeof(each) / sizeof(each[0]) && rc == 0; i++)
			rc = deny_flags(ctx, "clone", 0, each[i]);
	} else if (!strcmp(argv[1], "seccomp")) {
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(seccomp), 0);
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(prctl), 1,
					      SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
	} else {
		fprintf(stderr, "without: unknown feature '%s'\n", argv[1]);
		return 2;
	}
	/* clone3 passes its flags in memory, out of a filter's reach: make
	 * it look absent, so that the C library falls back to clone. */
	if (rc == 0 && strcmp(argv[1], "seccomp"))
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc < 0 || (rc = seccomp_load(ctx)) < 0) {
		fprintf(stderr, "without: cannot install the filter: %s\n", strerror(-rc));
		return 99;
	}
	seccomp_release(ctx);
	execvp(argv[2], argv + 2);
	fprintf(stderr, "without: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
