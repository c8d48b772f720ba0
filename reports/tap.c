/* tap.c: TAP version 13, as prove (3.44), automake's tap-driver.sh and
 * node's tap-parser in strict mode all accept it: the plan on line 2,
 * numbers in plan order, one-line descriptions, "# SKIP"/"# TODO"
 * directives, and YAML blocks of double-quoted one-line scalars. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

#define TAP_OUTPUT_CAP 4096 /* bytes of a case's output shown in TAP; JSON has it all */

void ipcc_tap_begin(FILE *f, const struct ipcc_report_info *info)
{
	const struct ipcc_sysinfo *s = info->sys;

	fprintf(f, "TAP version 13\n1..%zu\n", info->planned);
	fprintf(f, "# ipcconform %s, profile %s, %d job%s, timeout multiplier %g, started %s\n",
		info->version, info->profile, info->jobs, info->jobs == 1 ? "" : "s",
		info->multiplier, info->started);
	fprintf(f, "# system: %s %s %s, %s %s, uid %ld euid %ld%s\n", s->os, s->kernel, s->arch,
		s->libc, s->libc_version, s->uid, s->euid,
		s->under_valgrind ? ", under valgrind" : "");
	for (int i = 0; i < info->iso->n; i++) {
		char line[600];

		ipcc_one_line(line, sizeof(line), info->iso->layer[i].detail);
		fprintf(f, "# isolation %s: %s%s\n", info->iso->layer[i].name,
			info->iso->layer[i].state == IPCC_LAYER_ON ? "on: " : "", line);
	}
	fflush(f);
}

static void yaml_pair(FILE *f, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(f, "  %s: ", key);
	ipcc_put_yaml(f, value, strlen(value));
	putc('\n', f);
}

static int wants_yaml(const struct ipcc_result *r)
{
	switch (r->outcome) {
	case IPCC_FAIL:
	case IPCC_ERROR:
	case IPCC_XFAIL:
	case IPCC_XPASS:
		return 1;
	case IPCC_PASS:
		/* A V case's observation is its result; processes left running
		 * are a fault of the case worth seeing even when it passed. */
		return (!strcmp(r->p->c->cls, "V") && r->nobs > 0) || r->leftovers_killed > 0;
	case IPCC_SKIP:
		return 0;
	}
	return 1;
}

static void yaml_block(FILE *f, const struct ipcc_result *r)
{
	char buf[64];

	fputs("  ---\n", f);
	yaml_pair(f, "outcome", ipcc_outcome_name(r->outcome));
	yaml_pair(f, "message", r->message);
	if (r->file && r->file[0]) {
		char *at = NULL;
		size_t len = strlen(r->file) + 24;

		if ((at = malloc(len))) {
			snprintf(at, len, "%s:%d", r->file, r->line);
			yaml_pair(f, "at", at);
			free(at);
		}
	}
	yaml_pair(f, "expected", r->expected);
	yaml_pair(f, "observed", r->observed);
	yaml_pair(f, "behaviours", r->p->c->behaviours);
	yaml_pair(f, "class", r->p->c->cls);
	yaml_pair(f, "ref", r->p->c->ref);
	yaml_pair(f, "exit", r->exit);
	snprintf(buf, sizeof(buf), "%.3f", r->duration_ms);
	yaml_pair(f, "duration_ms", buf);
	if (r->nobs) {
		fputs("  observations:\n", f);
		for (size_t i = 0; i < r->nobs; i++) {
			/* Keys are [a-z0-9_.-] (checked when received): safe unquoted. */
			fprintf(f, "    %s: ", r->obs[i].key);
			ipcc_put_yaml(f, r->obs[i].value, strlen(r->obs[i].value));
			putc('\n', f);
		}
	}
	if (r->nnotes) {
		fputs("  notes:\n", f);
		for (size_t i = 0; i < r->nnotes; i++) {
			fputs("    - ", f);
			ipcc_put_yaml(f, r->notes[i], strlen(r->notes[i]));
			putc('\n', f);
		}
	}
	if (r->output_len) {
		size_t n = r->output_len < TAP_OUTPUT_CAP ? r->output_len : TAP_OUTPUT_CAP;

		fputs("  output: ", f);
		ipcc_put_yaml(f, r->output, n);
		putc('\n', f);
		if (n < r->output_len || r->output_dropped) {
			snprintf(buf, sizeof(buf), "%zu", r->output_len - n + r->output_dropped);
			yaml_pair(f, "output_bytes_not_shown", buf);
		}
	}
	fputs("  ...\n", f);
}

int ipcc_tap_result(FILE *f, const struct ipcc_result *r)
{
	char reason[300] = "";
	int ok = r->outcome == IPCC_PASS || r->outcome == IPCC_SKIP || r->outcome == IPCC_XPASS;

	if (r->reason)
		ipcc_one_line(reason, sizeof(reason), r->reason);
	fprintf(f, "%s %d - %s (%s)", ok ? "ok" : "not ok", r->p->number, r->p->id,
		r->p->c->behaviours);
	if (r->outcome == IPCC_SKIP)
		fprintf(f, " # SKIP %s", reason);
	else if (r->outcome == IPCC_XFAIL || r->outcome == IPCC_XPASS)
		fprintf(f, " # TODO %s", reason);
	putc('\n', f);
	if (wants_yaml(r))
		yaml_block(f, r);
	fflush(f);
	return ferror(f) ? -1 : 0;
}

void ipcc_tap_bail(FILE *f, const char *why)
{
	char line[400];

	ipcc_one_line(line, sizeof(line), why);
	fprintf(f, "Bail out! %s\n", line);
	fflush(f);
}
