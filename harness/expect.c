/* expect.c: see expect.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "util.h"

static char **reasons;
static size_t nreasons;

static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return s;
}

int ipcc_expect_load(const char *path, struct ipcc_plan *plan, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (!f) {
		snprintf(err, errsize, "cannot read the expectations file '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *glob, *reason, *hash;
		int matched = 0;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errsize, "%s:%d: line longer than %zu bytes", path, lineno,
				 sizeof(line) - 2);
			fclose(f);
			return -1;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		glob = trim(line);
		if (!*glob)
			continue;
		reason = glob + strcspn(glob, " \t");
		if (*reason)
			*reason++ = '\0';
		reason = trim(reason);
		if (!*reason) {
			snprintf(err, errsize, "%s:%d: '%s' has no reason; write 'GLOB reason'", path,
				 lineno, glob);
			fclose(f);
			return -1;
		}
		reasons = ipcc_xrealloc(reasons, (nreasons + 1) * sizeof(*reasons));
		reasons[nreasons] = ipcc_xstrdup(reason);
		for (size_t i = 0; i < plan->n; i++)
			if (ipcc_case_matches(glob, plan->cases[i].id, plan->cases[i].c->behaviours)) {
				plan->cases[i].expected = reasons[nreasons];
				matched = 1;
			}
		nreasons++;
		if (!matched)
			fprintf(stderr, "ipcconform: %s:%d: '%s' matches no case of this run\n", path,
				lineno, glob);
	}
	if (ferror(f)) {
		snprintf(err, errsize, "cannot read the expectations file '%s': %s", path,
			 strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

void ipcc_expect_free(void)
{
	for (size_t i = 0; i < nreasons; i++)
		free(reasons[i]);
	free(reasons);
	reasons = NULL;
	nreasons = 0;
}
