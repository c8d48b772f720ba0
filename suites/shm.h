/* shm.h: tools shared by the two files of the shm suite, shm-sysv.c (System
 * V segments) and shm-posix.c (POSIX objects, and synchronisation through
 * shared memory). */
#ifndef IPCC_SUITES_SHM_H
#define IPCC_SUITES_SHM_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case.h"

/* A key of the case's own: ftok() on a file in the case's private directory.
 * PROJ tells the keys of one case apart. */
static inline key_t case_key(int proj)
{
	key_t key;

	MUST(close((int)MUST(open("key", O_WRONLY | O_CREAT, 0600))));
	key = ftok("key", proj);
	MUST_TRUE(key != (key_t)-1, "ftok(\"key\", %d): %s", proj, ipcc_errno_name(errno));
	return key;
}

/* ipcc_join's verdict on a helper reaped with ipcc_reap: the case removed
 * what it had created between the two, so that a failing helper leaves
 * nothing behind. A helper killed by SIGKILL was stuck (gone_helper). */
static inline void judge_helper(int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == IPCC_HELPER_BROKEN)
		SETUP_FAILED("a helper could not set up (its output says why)");
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		SETUP_FAILED("a helper was killed by SIGKILL: it never reached its handshake");
	EXPECT_EXITED(status, 0);
}

/* gate_wait for a case that holds an object only it can remove: 0 when
 * the peer passed, -1 when the peer ended first or the deadline is near.
 * gate_wait would end the case there, and the object would stay. */
static inline int gate_wait_or_gone(struct ipcc_gate *g)
{
	double left = ipcc_time_left();
	struct pollfd p = { .fd = g->rd, .events = POLLIN };
	ssize_t n;
	char c;
	int r;

	do
		r = poll(&p, 1, (int)((left > 2.0 ? left - 1.0 : left / 2) * 1000));
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	do
		n = read(g->rd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

/* The status of a helper that did not reach its handshake: ended, or
 * stuck and then killed. */
static inline int gone_helper(pid_t pid)
{
	kill(pid, SIGKILL);
	return ipcc_reap(pid);
}

#endif
