/* report.h: the report writers. They read results and describe the run;
 * only the harness process writes them. */
#ifndef IPCC_REPORT_H
#define IPCC_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"
#include "sysinfo.h"

struct ipcc_report_info {
	const char *version;
	const struct ipcc_sysinfo *sys;
	const struct ipcc_isolation *iso;
	const char *profile;          /* "linux" or "posix" */
	int jobs;
	double multiplier;
	char started[32];             /* UTC, ISO 8601 */
	double duration_s;
	size_t planned;
	const char *ended;            /* NULL when complete, else why the run stopped */
};

/* TAP 13: the version line, the plan, the run described in comments. */
void ipcc_tap_begin(FILE *f, const struct ipcc_report_info *info);
/* One test line (and its YAML block); -1 when the stream cannot be written. */
int ipcc_tap_result(FILE *f, const struct ipcc_result *r);
void ipcc_tap_bail(FILE *f, const char *why);

/* The whole run as one JSON document (docs/json-report.md). */
int ipcc_json_write(FILE *f, const struct ipcc_report_info *info,
		    const struct ipcc_result *results, size_t n);

/* The human summary, for the end of a run on stderr. */
void ipcc_summary_write(FILE *f, const struct ipcc_report_info *info,
			const struct ipcc_result *results, size_t n);

/* Counts of each outcome over the judged results. */
void ipcc_count_outcomes(const struct ipcc_result *results, size_t n,
			 size_t counts[IPCC_NOUTCOMES], size_t *ran);

#endif
