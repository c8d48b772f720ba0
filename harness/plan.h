/* plan.h: which cases a run executes, in which order, under which numbers. */
#ifndef IPCC_PLAN_H
#define IPCC_PLAN_H

#include <stddef.h>

#include "case.h"

struct ipcc_planned {
	const struct ipcc_suite *suite;
	const struct ipcc_case *c;
	char *id;              /* "<suite>.<test name>" */
	int number;            /* 1-based: the TAP test number */
	const char *expected;  /* why a deviation is expected here (--expect), or NULL */
};

struct ipcc_plan {
	struct ipcc_planned *cases;
	size_t n;
};

/* The name of the case's Check test, which is its id within the suite. */
const char *ipcc_case_name(const struct ipcc_case *c);

/* Builds the plan: the named suites (all when nnames is 0) in table order,
 * keeping the cases whose id or one of whose catalogue IDs matches one of
 * the filters (shell globs; all when nfilters is 0). Returns 0, or -1 with a
 * message in err (an unknown suite, nothing matched). */
int ipcc_plan_build(struct ipcc_plan *plan, const struct ipcc_suite *const *suites,
		    const char *const *names, size_t nnames, const char *const *filters,
		    size_t nfilters, char *err, size_t errsize);
void ipcc_plan_free(struct ipcc_plan *plan);

/* Whether a glob matches the case id or one of its catalogue IDs. */
int ipcc_case_matches(const char *glob, const char *id, const char *behaviours);

#endif
