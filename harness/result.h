/* result.h: the result model. The scheduler gathers the facts of a case's
 * run (the records it sent, how its processes ended); judge() turns facts
 * into an outcome; the report writers read results only. */
#ifndef IPCC_RESULT_H
#define IPCC_RESULT_H

#include <stddef.h>

#include "plan.h"

enum ipcc_outcome { IPCC_PASS, IPCC_FAIL, IPCC_SKIP, IPCC_XFAIL, IPCC_XPASS, IPCC_ERROR };
#define IPCC_NOUTCOMES 6

enum ipcc_profile { IPCC_PROFILE_LINUX, IPCC_PROFILE_POSIX };

struct ipcc_kv {
	char *key, *value;
};

/* What a run of a case left behind, before judgement. Strings are owned. */
struct ipcc_facts {
	int have_result, passed, r_line;   /* REC_RESULT: Check's verdict */
	char *r_file, *r_msg;
	int have_skip;                     /* REC_SKIP */
	char *skip_reason;
	int have_error, e_line;            /* REC_ERROR: setup failed */
	char *e_msg, *e_file;
	char *expected, *observed;         /* REC_DETAIL */
	int have_exit;                     /* REC_EXIT, from the supervisor */
	int status, timed_out, killed, reaped;
	char *where;                       /* where a timed-out case process was */
	long case_pid;                     /* REC_CHILD */
	char *broken;                      /* why the result channel is not trusted */
	int sup_status;                    /* the supervisor's own wait status */
	int outer_timeout;                 /* the harness had to kill the supervisor */
	char *harness_error;               /* the harness could not run the case */
	char *nostart;                     /* REC_NOSTART: the supervisor could not fork it */
	double timeout;                    /* the case's deadline, seconds */
};

struct ipcc_result {
	const struct ipcc_planned *p;
	int judged;          /* the case finished and has an outcome */
	enum ipcc_outcome outcome;
	char *reason;        /* one line: why skipped, expected, failed or errored */
	char *message;       /* the full failure or error message */
	char *file;          /* where the case failed */
	int line;
	char *expected, *observed;
	struct ipcc_kv *obs;
	size_t nobs;
	char **notes;
	size_t nnotes;
	char *output;        /* stdout+stderr of the case and its helpers, bounded */
	size_t output_len, output_dropped;
	char *exit;          /* how the case process ended: "exited 0" */
	int leftovers_killed, leftovers_reaped;
	double duration_ms;
};

const char *ipcc_outcome_name(enum ipcc_outcome o);

/* Decides the outcome from the facts, the class and the profile, and moves
 * the facts' strings into the result. */
void ipcc_judge(struct ipcc_result *r, struct ipcc_facts *f, enum ipcc_profile profile);

/* Records an observation, replacing an earlier value of the same key. */
void ipcc_result_observe(struct ipcc_result *r, const char *key, const char *value);
void ipcc_result_note(struct ipcc_result *r, const char *text);
void ipcc_result_free(struct ipcc_result *r);
void ipcc_facts_free(struct ipcc_facts *f);

#endif
