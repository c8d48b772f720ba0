/* leftovers.h: what a case left behind on the host, found by census.
 *
 * Used when cases do not get their own IPC and mount namespaces (refused
 * by the system, or --namespaces off): then SysV objects, POSIX shared
 * memory, semaphores and queues, and FIFOs and sockets in $TMPDIR made by a
 * case outlive it. A census before and after each case tells what appeared
 * meanwhile; what belongs to the run's users (the run's uid, and nobody's
 * when root, since root's cases drop to it) is removed and listed in the
 * case's notes; what another user made is listed and left alone.
 *
 * Only one case may run at a time for that to be exact: the runner runs
 * cases one by one while the census is on (the header says so). A run
 * interrupted mid-case settles that case's leftovers the same way, on
 * stderr. */
#ifndef IPCC_LEFTOVERS_H
#define IPCC_LEFTOVERS_H

#include <stdio.h>
#include <sys/types.h>

#include "census.h"
#include "result.h"

struct ipcc_leftovers {
	struct ipcc_census before, after, fresh;
	long uid[2];
	int nuid;
	const char *dirs[2];     /* $TMPDIR, NULL */
	char mqueue[300];        /* our own mqueue mount, "" when none */
};

/* At the start of the run; tmpdir is where cases might leave FIFOs and
 * sockets outside their own directory. POSIX message queues can be listed
 * only through an mqueue mount: without /dev/mqueue, root mounts one of its
 * own in a private mount namespace of the harness. Says on warn what the
 * census cannot see. */
void ipcc_leftovers_start(struct ipcc_leftovers *lo, const char *tmpdir, FILE *warn);
void ipcc_leftovers_before_case(struct ipcc_leftovers *lo);
/* After the case and everything it started have ended: removes what it
 * left and says so in r's notes, or on warn when r is NULL. */
void ipcc_leftovers_after_case(struct ipcc_leftovers *lo, struct ipcc_result *r, FILE *warn);
void ipcc_leftovers_free(struct ipcc_leftovers *lo);

#endif
