/* summary.c: what a person reads at the end of a run. The verdict comes
 * last, after the cases that deviate, so it is what stays on the screen. */
#include "config.h"

#include <string.h>

#include "escape.h"
#include "report.h"

void ipcc_count_outcomes(const struct ipcc_result *results, size_t n,
			 size_t counts[IPCC_NOUTCOMES], size_t *ran)
{
	memset(counts, 0, IPCC_NOUTCOMES * sizeof(counts[0]));
	*ran = 0;
	for (size_t i = 0; i < n; i++)
		if (results[i].judged) {
			counts[results[i].outcome]++;
			(*ran)++;
		}
}

static void table(FILE *f, const struct ipcc_result *results, size_t n)
{
	const char *suite = NULL;
	size_t c[IPCC_NOUTCOMES] = { 0 }, total[IPCC_NOUTCOMES] = { 0 }, ran = 0;

	fprintf(f, "  %-12s %5s %5s %5s %5s %5s %5s %5s\n", "suite", "cases", "pass", "fail",
		"error", "skip", "xfail", "xpass");
	for (size_t i = 0; i <= n; i++) {
		const char *s = i < n && results[i].judged ? results[i].p->suite->name : NULL;

		if (i < n && !results[i].judged)
			continue;
		if (suite && (!s || strcmp(s, suite))) {
			fprintf(f, "  %-12s %5zu %5zu %5zu %5zu %5zu %5zu %5zu\n", suite,
				c[0] + c[1] + c[2] + c[3] + c[4] + c[5], c[IPCC_PASS], c[IPCC_FAIL],
				c[IPCC_ERROR], c[IPCC_SKIP], c[IPCC_XFAIL], c[IPCC_XPASS]);
			memset(c, 0, sizeof(c));
		}
		if (!s)
			continue;
		suite = s;
		c[results[i].outcome]++;
		total[results[i].outcome]++;
		ran++;
	}
	if (ran)
		fprintf(f, "  %-12s %5zu %5zu %5zu %5zu %5zu %5zu %5zu\n", "total", ran,
			total[IPCC_PASS], total[IPCC_FAIL], total[IPCC_ERROR], total[IPCC_SKIP],
			total[IPCC_XFAIL], total[IPCC_XPASS]);
}

static void list(FILE *f, const char *title, const struct ipcc_result *results, size_t n,
		 enum ipcc_outcome which)
{
	int shown = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ipcc_result *r = &results[i];
		char reason[200] = "";

		if (!r->judged || r->outcome != which)
			continue;
		if (!shown++)
			fprintf(f, "\n%s\n", title);
		if (r->reason)
			ipcc_one_line(reason, sizeof(reason), r->reason);
		fprintf(f, "  %-44s %-9s %s", r->p->id, r->p->c->behaviours, reason);
		if (r->file && r->file[0] && which != IPCC_SKIP)
			fprintf(f, " (%s:%d)", r->file, r->line);
		putc('\n', f);
	}
}

/* The V rows' observations: what the system chose where POSIX lets it. */
static void recorded(FILE *f, const struct ipcc_result *results, size_t n)
{
	int shown = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ipcc_result *r = &results[i];
		char value[120];

		if (!r->judged || strcmp(r->p->c->cls, "V") || !r->nobs)
			continue;
		if (!shown++)
			fprintf(f, "\nRecorded where the standard leaves a choice (class V):\n");
		fprintf(f, "  %-44s", r->p->id);
		for (size_t k = 0; k < r->nobs; k++) {
			ipcc_one_line(value, sizeof(value), r->obs[k].value);
			fprintf(f, " %s=%s", r->obs[k].key, value);
		}
		putc('\n', f);
	}
}

void ipcc_summary_write(FILE *f, const struct ipcc_report_info *info,
			const struct ipcc_result *results, size_t n)
{
	const struct ipcc_sysinfo *s = info->sys;
	size_t c[IPCC_NOUTCOMES], ran;

	ipcc_count_outcomes(results, n, c, &ran);
	fprintf(f, "\nipcconform %s on %s %s %s, %s %s (profile %s, %d job%s)\n", info->version,
		s->os, s->kernel, s->arch, s->libc, s->libc_version, info->profile, info->jobs,
		info->jobs == 1 ? "" : "s");
	table(f, results, n);
	recorded(f, results, n);
	list(f, "Skipped (cannot be checked here):", results, n, IPCC_SKIP);
	list(f, "Expected deviations (--expect, or not judged under this profile):", results, n,
	     IPCC_XFAIL);
	list(f, "Expected deviations that did not occur:", results, n, IPCC_XPASS);
	list(f, "Errors (the case could not judge; the harness says why):", results, n, IPCC_ERROR);
	list(f, "DEVIATIONS (the system does not behave as documented):", results, n, IPCC_FAIL);
	for (int i = 0; i < info->iso->n; i++)
		if (info->iso->layer[i].state == IPCC_LAYER_OFF) {
			char line[200];

			ipcc_one_line(line, sizeof(line), info->iso->layer[i].detail);
			fprintf(f, "\nIsolation layer %s is %s", info->iso->layer[i].name, line);
		}
	fprintf(f, "\n\n");
	if (info->ended)
		fprintf(f, "Result: INCOMPLETE - %s; %zu of %zu cases ran", info->ended, ran,
			info->planned);
	else if (c[IPCC_FAIL])
		fprintf(f, "Result: DEVIATES - %zu of %zu cases found behaviour that differs from "
			"the documented rule", c[IPCC_FAIL], ran);
	else if (c[IPCC_ERROR])
		fprintf(f, "Result: NOT JUDGED - %zu case%s could not be judged (errors above); "
			"no deviation found", c[IPCC_ERROR], c[IPCC_ERROR] == 1 ? "" : "s");
	else
		fprintf(f, "Result: CONFORMS - every judged case behaved as documented "
			"(%zu passed, %zu skipped, %zu expected deviations)",
			c[IPCC_PASS] + c[IPCC_XPASS], c[IPCC_SKIP], c[IPCC_XFAIL]);
	fprintf(f, " in %.2f s.\n", info->duration_s);
	fflush(f);
}
