/* runtime.h: the state a case process inherits from the harness, shared by
 * the code that prepares the case (case_child.c) and the vocabulary that the
 * case calls (vocab.c, proc.c). Not for suites: they use case.h. */
#ifndef IPCC_RUNTIME_H
#define IPCC_RUNTIME_H

#include <sys/types.h>

struct ipcc_runtime {
	int chan;              /* the result channel; -1 outside a case */
	pid_t case_pid;        /* the case process itself: only it talks to Check */
	double deadline;       /* monotonic seconds at which the harness kills the case */
	double multiplier;     /* --timeout-multiplier, already applied to deadline */
	const char *self_exe;  /* this program, for exec'd helpers */
	int under_valgrind;
	int sandboxed;         /* the seccomp filter is installed in the case */
	int ns_flags;          /* the CLONE_NEW* namespaces the case process entered */
};

extern struct ipcc_runtime ipcc_rt;

/* CLOCK_MONOTONIC in seconds. */
double ipcc_now(void);
/* True in a process forked by the case (or exec'd helper): there a failed
 * check ends the process instead of unwinding through Check. */
int ipcc_in_helper(void);
/* Resets the bookkeeping of observation keys (a fresh case process). */
void ipcc_vocab_reset(void);

/* Ending a test early (case_process.c). In the case process these unwind to
 * the runner, which then exits; in a helper they _exit(helper_code). */
void ipcc_case_abandon(int helper_code) __attribute__((noreturn));
/* A failed check: reported as the case's verdict (in a helper: printed to
 * stderr, exit IPCC_HELPER_FAILED), then the test is abandoned. */
void ipcc_case_failed(const char *file, int line, const char *msg) __attribute__((noreturn));
/* The last place a passing check was made (Check's mark_point). */
void ipcc_case_mark(const char *file, int line);

#endif
