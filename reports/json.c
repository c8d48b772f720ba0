/* json.c: the run as one JSON document. The schema is documented in
 * docs/json-report.md; other tools read it, so a change there is a change
 * of "format_version". */
#include "config.h"

#include <string.h>

#include "escape.h"
#include "report.h"

static void str(FILE *f, const char *s)
{
	if (s)
		ipcc_put_json(f, s, strlen(s));
	else
		fputs("null", f);
}

static void key(FILE *f, int indent, const char *k, int first)
{
	fprintf(f, "%s\n%*s\"%s\": ", first ? "" : ",", indent, "", k);
}

static void behaviours(FILE *f, const char *list)
{
	int first = 1;

	putc('[', f);
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ", ");

		if (n) {
			fputs(first ? "" : ", ", f);
			ipcc_put_json(f, p, n);
			first = 0;
		}
		p += n;
		p += strspn(p, ", ");
	}
	putc(']', f);
}

static void system_object(FILE *f, const struct ipcc_report_info *info)
{
	const struct ipcc_sysinfo *s = info->sys;

	fputs("{", f);
	key(f, 4, "os", 1); str(f, s->os);
	key(f, 4, "kernel", 0); str(f, s->kernel);
	key(f, 4, "kernel_build", 0); str(f, s->kernel_build);
	key(f, 4, "architecture", 0); str(f, s->arch);
	key(f, 4, "libc", 0); str(f, s->libc);
	key(f, 4, "libc_version", 0); str(f, s->libc_version);
	key(f, 4, "uid", 0); fprintf(f, "%ld", s->uid);
	key(f, 4, "euid", 0); fprintf(f, "%ld", s->euid);
	key(f, 4, "under_valgrind", 0); fputs(s->under_valgrind ? "true" : "false", f);
	key(f, 4, "isolation", 0);
	fputs("{", f);
	for (int i = 0; i < info->iso->n; i++) {
		const struct ipcc_layer *l = &info->iso->layer[i];

		key(f, 6, l->name, i == 0);
		fputs("{\"on\": ", f);
		fputs(l->state == IPCC_LAYER_ON ? "true" : "false", f);
		fputs(", \"detail\": ", f);
		str(f, l->detail);
		fputs("}", f);
	}
	fputs("\n    }\n  }", f);
}

static void case_object(FILE *f, const struct ipcc_result *r)
{
	fputs("    {", f);
	key(f, 6, "number", 1); fprintf(f, "%d", r->p->number);
	key(f, 6, "id", 0); str(f, r->p->id);
	key(f, 6, "suite", 0); str(f, r->p->suite->name);
	key(f, 6, "behaviours", 0); behaviours(f, r->p->c->behaviours);
	key(f, 6, "class", 0); str(f, r->p->c->cls);
	key(f, 6, "ref", 0); str(f, r->p->c->ref);
	key(f, 6, "outcome", 0); str(f, ipcc_outcome_name(r->outcome));
	key(f, 6, "reason", 0); str(f, r->reason);
	key(f, 6, "observations", 0);
	fputs("{", f);
	for (size_t i = 0; i < r->nobs; i++) {
		fputs(i ? ", " : "", f);
		str(f, r->obs[i].key);
		fputs(": ", f);
		str(f, r->obs[i].value);
	}
	fputs("}", f);
	key(f, 6, "duration_ms", 0); fprintf(f, "%.3f", r->duration_ms);
	key(f, 6, "diagnostics", 0);
	fputs("{", f);
	key(f, 8, "message", 1); str(f, r->message);
	key(f, 8, "file", 0); str(f, r->file && r->file[0] ? r->file : NULL);
	key(f, 8, "line", 0);
	if (r->file && r->file[0])
		fprintf(f, "%d", r->line);
	else
		fputs("null", f);
	key(f, 8, "expected", 0); str(f, r->expected);
	key(f, 8, "observed", 0); str(f, r->observed);
	key(f, 8, "exit", 0); str(f, r->exit);
	key(f, 8, "notes", 0);
	fputs("[", f);
	for (size_t i = 0; i < r->nnotes; i++) {
		fputs(i ? ", " : "", f);
		str(f, r->notes[i]);
	}
	fputs("]", f);
	key(f, 8, "output", 0);
	if (r->output)
		ipcc_put_json(f, r->output, r->output_len);
	else
		fputs("\"\"", f);
	key(f, 8, "output_bytes_dropped", 0); fprintf(f, "%zu", r->output_dropped);
	key(f, 8, "leftover_processes_killed", 0); fprintf(f, "%d", r->leftovers_killed);
	fputs("\n      }\n    }", f);
}

int ipcc_json_write(FILE *f, const struct ipcc_report_info *info,
		    const struct ipcc_result *results, size_t n)
{
	size_t counts[IPCC_NOUTCOMES], ran, first = 1;

	ipcc_count_outcomes(results, n, counts, &ran);
	fputs("{", f);
	key(f, 2, "format", 1); str(f, "ipcconform-report");
	key(f, 2, "format_version", 0); fputs("1", f);
	key(f, 2, "tool", 0);
	fputs("{\"name\": \"ipcconform\", \"version\": ", f);
	str(f, info->version);
	fputs("}", f);
	key(f, 2, "started", 0); str(f, info->started);
	key(f, 2, "duration_s", 0); fprintf(f, "%.3f", info->duration_s);
	key(f, 2, "profile", 0); str(f, info->profile);
	key(f, 2, "jobs", 0); fprintf(f, "%d", info->jobs);
	key(f, 2, "timeout_multiplier", 0); fprintf(f, "%g", info->multiplier);
	key(f, 2, "complete", 0); fputs(info->ended ? "false" : "true", f);
	key(f, 2, "stopped_because", 0); str(f, info->ended);
	key(f, 2, "system", 0); system_object(f, info);
	key(f, 2, "summary", 0);
	fprintf(f, "{\"planned\": %zu, \"ran\": %zu", info->planned, ran);
	for (int o = 0; o < IPCC_NOUTCOMES; o++)
		fprintf(f, ", \"%s\": %zu", ipcc_outcome_name((enum ipcc_outcome)o), counts[o]);
	fputs("}", f);
	key(f, 2, "cases", 0);
	fputs("[", f);
	for (size_t i = 0; i < n; i++) {
		if (!results[i].judged)
			continue;
		fputs(first ? "\n" : ",\n", f);
		case_object(f, &results[i]);
		first = 0;
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
	fflush(f);
	return ferror(f) ? -1 : 0;
}
