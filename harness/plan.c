/* plan.c: building the plan from suites, --suite and --filter. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "util.h"

const char *ipcc_case_name(const struct ipcc_case *c)
{
	return (*c->test)->name;
}

int ipcc_case_matches(const char *glob, const char *id, const char *behaviours)
{
	char one[64];

	if (fnmatch(glob, id, 0) == 0)
		return 1;
	for (const char *p = behaviours; p && *p;) {
		size_t n = strcspn(p, ", ");

		if (n > 0 && n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = '\0';
			if (fnmatch(glob, one, 0) == 0)
				return 1;
		}
		p += n;
		p += strspn(p, ", ");
	}
	return 0;
}

static const struct ipcc_suite *find_suite(const struct ipcc_suite *const *suites,
					   const char *name)
{
	for (size_t i = 0; suites[i]; i++)
		if (!strcmp(suites[i]->name, name))
			return suites[i];
	return NULL;
}

static int wanted(const struct ipcc_suite *s, const char *const *names, size_t nnames)
{
	if (nnames == 0)
		return 1;
	for (size_t i = 0; i < nnames; i++)
		if (!strcmp(names[i], s->name))
			return 1;
	return 0;
}

static void list_suites(const struct ipcc_suite *const *suites, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	/* A suite may span files, each with its own table under one name:
	 * consecutive tables of a name are one suite. */
	for (size_t i = 0; suites[i] && len < size; i++)
		if (!i || strcmp(suites[i]->name, suites[i - 1]->name))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
						suites[i]->name);
}

int ipcc_plan_build(struct ipcc_plan *plan, const struct ipcc_suite *const *suites,
		    const char *const *names, size_t nnames, const char *const *filters,
		    size_t nfilters, char *err, size_t errsize)
{
	size_t cap = 0;

	plan->cases = NULL;
	plan->n = 0;
	for (size_t i = 0; i < nnames; i++)
		if (!find_suite(suites, names[i])) {
			char known[256];

			list_suites(suites, known, sizeof(known));
			snprintf(err, errsize, "no suite named '%s' (suites: %s)", names[i], known);
			return -1;
		}
	for (size_t s = 0; suites[s]; s++) {
		if (!wanted(suites[s], names, nnames))
			continue;
		for (size_t i = 0; i < suites[s]->ncases; i++) {
			const struct ipcc_case *c = &suites[s]->cases[i];
			char *id = ipcc_strfmt("%s.%s", suites[s]->name, ipcc_case_name(c));
			int keep = nfilters == 0;

			for (size_t f = 0; f < nfilters && !keep; f++)
				keep = ipcc_case_matches(filters[f], id, c->behaviours);
			if (!keep) {
				free(id);
				continue;
			}
			if (plan->n == cap) {
				cap = cap ? cap * 2 : 64;
				plan->cases = ipcc_xrealloc(plan->cases, cap * sizeof(*plan->cases));
			}
			plan->cases[plan->n] = (struct ipcc_planned){
				.suite = suites[s], .c = c, .id = id, .number = (int)plan->n + 1,
			};
			plan->n++;
		}
	}
	if (plan->n == 0) {
		snprintf(err, errsize, "nothing to run: no case matches the --suite and --filter given");
		return -1;
	}
	return 0;
}

void ipcc_plan_free(struct ipcc_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		free(plan->cases[i].id);
	free(plan->cases);
	plan->cases = NULL;
	plan->n = 0;
}
