/* cgroup.h: a pids cgroup per case, the process cap that binds root.
 *
 * RLIMIT_NPROC does not apply to root (kernel uid 0 is exempt, in a user
 * namespace too), so a root case that forks without end would fill the
 * machine's process table before its deadline. Where the run may create
 * cgroups (root, with the pids controller on cgroup v1 or v2), each case
 * gets <mount>/ipcconform-<harness pid>/<supervisor pid> with pids.max,
 * which the case process joins before anything else. Elsewhere the cap is
 * RLIMIT_NPROC alone, which binds every uid but root. */
#ifndef IPCC_CGROUP_H
#define IPCC_CGROUP_H

#include <stddef.h>
#include <sys/types.h>

struct ipcc_cgroup {
	char run[240];   /* the run's directory; "" when there is none */
	int version;     /* 1 or 2 */
};

/* In the harness: finds a pids hierarchy and creates the run's directory.
 * Returns 0, or -1 with why (the run then goes on without). */
int ipcc_cgroup_setup(struct ipcc_cgroup *cg, char *why, size_t size);
/* Removes the run's directory (empty once every case has ended). */
void ipcc_cgroup_teardown(struct ipcc_cgroup *cg);

/* In the supervisor: the case's directory, capped at max processes;
 * path receives it. Returns 0 or -1 with why. */
int ipcc_cgroup_make(const struct ipcc_cgroup *cg, long max, char *path, size_t pathsize,
		     char *why, size_t size);
/* In the case process, first of all: joins path. 0 or -1 with why. */
int ipcc_cgroup_join(const char *path, char *why, size_t size);
/* In the supervisor, once everything of the case is reaped. */
void ipcc_cgroup_remove(const char *path);

#endif
