/* shm.h: tools shared by the two files of the shm suite, shm-sysv.c (System
 * V segments) and shm-posix.c (POSIX objects, and synchronisation through
 * shared memory). */
#ifndef IPCC_SUITES_SHM_H
#define IPCC_SUITES_SHM_H

#include <fcntl.h>
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
 * nothing behind. */
static inline void judge_helper(int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == IPCC_HELPER_BROKEN)
		SETUP_FAILED("a helper could not set up (its output says why)");
	EXPECT_EXITED(status, 0);
}

#endif
