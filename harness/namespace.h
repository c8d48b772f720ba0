/* namespace.h: new user, IPC and network namespaces for each case.
 *
 * A case in its own IPC namespace cannot see the host's System V objects and
 * POSIX message queues, nor leave any behind: they go with the namespace
 * when its last process ends. Its own network namespace (loopback up) gives
 * it ports no other case or host process competes for. The user namespace
 * is what lets an unprivileged run create the other two; as root it is
 * still used, with every id mapped to itself, because RLIMIT_NPROC applies
 * to root inside it and is counted per namespace: a case that forks without
 * end hits its own cap and no one else's.
 *
 * Order of events for one case:
 *   case process: unshare(CLONE_NEWUSER|CLONE_NEWIPC|CLONE_NEWNET), then
 *                 asks its supervisor (one byte on a socket) for its id maps
 *   supervisor:   writes /proc/PID/{setgroups,uid_map,gid_map}, answers
 *   case process: brings up lo; unprivileged, drops the capabilities the new
 *                 user namespace gave it, so that permission rules hold as
 *                 they do outside
 * Only a process outside the namespace may write a map of more than one id,
 * which is why the supervisor does it.
 *
 * POSIX shared memory objects and named semaphores are files in /dev/shm,
 * which no IPC namespace covers; a mount namespace with a private tmpfs on
 * /dev/shm does. */
#ifndef IPCC_NAMESPACE_H
#define IPCC_NAMESPACE_H

#include <stddef.h>
#include <sys/types.h>

struct ipcc_ns_plan {
	int flags;         /* CLONE_NEW* to unshare in each case; 0: none */
	int map_all;       /* root: map every uid and gid to itself */
	uid_t uid;         /* otherwise the one id mapped, to itself */
	gid_t gid;
};

/* Finds which namespaces a case can have here, trying them in a throw-away
 * process: user+IPC+net, then (as root) IPC+net without a user namespace.
 * Fills plan (flags 0 when none) and describes the result or the refusal
 * in what. Returns 0 when the case gets at least an IPC namespace. */
int ipcc_ns_probe(struct ipcc_ns_plan *plan, char *what, size_t size);

/* In the case process: enters the namespaces of plan, using sock to have
 * the supervisor write the id maps. Returns 0, or -1 with the reason. */
int ipcc_ns_enter(const struct ipcc_ns_plan *plan, int sock, char *why, size_t size);

/* In the supervisor, right after forking the case process: waits for its
 * request on sock and writes its maps. Returns 0, or -1 with the reason
 * (the case process will then report that it could not start). */
int ipcc_ns_map(const struct ipcc_ns_plan *plan, pid_t pid, int sock, char *why, size_t size);

/* Whether the case process will ask its supervisor for id maps. */
int ipcc_ns_needs_map(const struct ipcc_ns_plan *plan);

/* "user, ipc, net" for the flags. */
const char *ipcc_ns_names(int flags, char *buf, size_t size);

#endif
