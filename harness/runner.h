/* runner.h: runs a plan, -j cases at a time, and hands the results back in
 * plan order as soon as each one and all before it are complete. */
#ifndef IPCC_RUNNER_H
#define IPCC_RUNNER_H

#include <stddef.h>

#include "cgroup.h"
#include "namespace.h"
#include "plan.h"
#include "result.h"

struct ipcc_run_config {
	int jobs;
	double multiplier;          /* applied to every case's timeout */
	int sandbox;                /* 0 none, 1 the seccomp filter in each case, 2 strict */
	const struct ipcc_ns_plan *ns; /* namespaces for each case */
	const struct ipcc_cgroup *cg;  /* the run's pids cgroup, or NULL */
	int census;                 /* no IPC/mount namespace: census around each case (-j 1) */
	enum ipcc_profile profile;
	int keep_going;             /* a case the harness cannot start is an error, not the end */
	const char *self_exe;
	int under_valgrind;
};

enum ipcc_run_end {
	IPCC_RUN_COMPLETE,          /* every planned case has a result */
	IPCC_RUN_INTERRUPTED,       /* a signal asked us to stop: *signo says which */
	IPCC_RUN_HARNESS_BROKE,     /* the harness could not go on: err says why */
};

struct ipcc_run_stats {
	int signo;                  /* with IPCC_RUN_INTERRUPTED */
	int harness_errors;         /* cases the harness could not start (--keep-going) */
	int strays;                 /* orphans the harness itself had to reap */
	char err[512];              /* with IPCC_RUN_HARNESS_BROKE */
};

/* Runs the plan. results has plan->n zeroed entries. emit(ctx, r) is called
 * for results[0], results[1], ... in order, each as soon as it and all
 * before it are complete; it returns 0, or -1 when the report cannot be
 * written (the run then stops as broken). */
enum ipcc_run_end ipcc_run(const struct ipcc_plan *plan, const struct ipcc_run_config *cfg,
			   struct ipcc_result *results,
			   int (*emit)(void *ctx, const struct ipcc_result *r), void *ctx,
			   struct ipcc_run_stats *stats);

#endif
