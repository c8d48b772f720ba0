/* isolate.h: the process model of one case.
 *
 *   harness ── supervisor ── case process ── helpers the case forks
 *
 * The supervisor is a small trusted process per case: a child subreaper in
 * its own process group that forks the case into another group, enforces
 * the case's deadline, and, once the case process has ended, kills and reaps
 * everything the case left running (daemonised grandchildren included). It
 * reports the case's wait status as the last record on the result channel.
 * The harness keeps an outer deadline in case the supervisor itself is lost. */
#ifndef IPCC_ISOLATE_H
#define IPCC_ISOLATE_H

#include <sys/resource.h>
#include <sys/types.h>

#include "case.h"
#include "cgroup.h"
#include "namespace.h"

struct ipcc_launch {
	const struct ipcc_suite *suite;
	const struct ipcc_case *c;
	const char *id;          /* "pipe.read_returns_written_bytes" */
	const char *dir;         /* the case's private working directory */
	int chan_wr;             /* write end of the result channel */
	int out_wr;              /* write end of the output capture (stdout+stderr) */
	double timeout;          /* seconds, multiplier applied */
	double multiplier;
	int sandbox;             /* load the seccomp filter */
	int under_valgrind;
	const char *self_exe;
	const struct ipcc_ns_plan *ns; /* namespaces to enter; NULL or flags 0: none */
	int ns_sock;             /* case process's end of the id-map request socket */
	const struct ipcc_cgroup *cg; /* the run's pids cgroup, or NULL */
	char cg_path[256];       /* the case's own cgroup, made by the supervisor; "" none */
};

/* The resource limits of every case process (case_process.c). */
#define IPCC_LIMIT_NPROC 256                          /* processes */
#define IPCC_LIMIT_NOFILE 1024                        /* descriptors, soft */
#define IPCC_LIMIT_NOFILE_HARD 4096
#define IPCC_LIMIT_FSIZE ((rlim_t)256 << 20)          /* bytes per file */
#define IPCC_LIMIT_AS ((rlim_t)1 << 30)               /* bytes of address space */
#if defined(__SANITIZE_ADDRESS__)
#define IPCC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IPCC_ASAN 1
#endif
#endif
#ifndef IPCC_ASAN
#define IPCC_ASAN 0
#endif

/* In the supervisor (just forked by the harness): never returns. */
void ipcc_supervise(const struct ipcc_launch *l) __attribute__((noreturn));
/* In the case process (just forked by the supervisor): never returns. */
void ipcc_case_process(const struct ipcc_launch *l) __attribute__((noreturn));

/* Every disposition back to SIG_DFL and an empty mask. */
void ipcc_reset_signals(void);
/* Closes every descriptor from `from` up, except keep1 and keep2 (-1: none). */
void ipcc_close_from_except(int from, int keep1, int keep2);
/* Lists up to max live children of the calling process; -1 when the
 * system offers no way to list them. */
int ipcc_list_children(pid_t *out, int max);

#endif
