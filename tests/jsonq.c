/* jsonq: reads a JSON file strictly and prints one value from it, for the
 * shell tests of the reports.
 *
 *   jsonq FILE            exit 0 when FILE is valid JSON
 *   jsonq FILE PATH       print the value at PATH
 *
 * PATH is segments joined by '/': a member name, an array index, KEY=VALUE
 * (the first array element whose member KEY is the string VALUE), or '#'
 * (the number of elements or members). Strings print raw, numbers as
 * written, true/false/null as such, containers as "<object>"/"<array>".
 * Exit status: 0 found, 1 no such value, 2 unreadable or invalid JSON. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf ? buf : calloc(1, 1);
}

static const struct ipcc_json *step(const struct ipcc_json *v, const char *seg, int *count)
{
	const char *eq = strchr(seg, '=');
	char *end;

	*count = 0;
	if (!strcmp(seg, "#")) {
		*count = 1;
		return v;
	}
	if (v->type == IPCC_JOBJECT)
		return ipcc_json_member(v, seg);
	if (v->type != IPCC_JARRAY)
		return NULL;
	if (eq) {
		size_t klen = (size_t)(eq - seg);

		for (size_t i = 0; i < v->n; i++) {
			const struct ipcc_json *item = v->items[i];

			for (size_t k = 0; item->type == IPCC_JOBJECT && k < item->n; k++)
				if (strlen(item->keys[k]) == klen && !strncmp(item->keys[k], seg, klen) &&
				    item->items[k]->type == IPCC_JSTRING && !strcmp(item->items[k]->text, eq + 1))
					return item;
		}
		return NULL;
	}
	unsigned long i = strtoul(seg, &end, 10);
	return *seg && !*end && i < v->n ? v->items[i] : NULL;
}

int main(int argc, char **argv)
{
	char err[300], *text, *path, *seg, *save = NULL;
	const struct ipcc_json *at;
	struct ipcc_json *doc;
	size_t len;
	int count = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: jsonq FILE [PATH]\n");
		return 2;
	}
	if (!(text = slurp(argv[1], &len))) {
		fprintf(stderr, "jsonq: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	doc = ipcc_json_parse(text, len, err, sizeof(err));
	free(text);
	if (!doc) {
		fprintf(stderr, "jsonq: %s: %s\n", argv[1], err);
		return 2;
	}
	at = doc;
	path = strdup(argc == 3 ? argv[2] : "");
	for (seg = strtok_r(path, "/", &save); seg && at && !count; seg = strtok_r(NULL, "/", &save))
		at = step(at, seg, &count);
	if (!at) {
		free(path);
		ipcc_json_free(doc);
		return 1;
	}
	if (argc == 3) {
		if (count)
			printf("%zu\n", at->n);
		else if (at->type == IPCC_JSTRING)
			fwrite(at->text, 1, at->len, stdout), putchar('\n');
		else if (at->type == IPCC_JNUMBER)
			printf("%s\n", at->text);
		else if (at->type == IPCC_JBOOL)
			printf("%s\n", at->boolean ? "true" : "false");
		else if (at->type == IPCC_JNULL)
			printf("null\n");
		else
			printf("%s\n", at->type == IPCC_JOBJECT ? "<object>" : "<array>");
	}
	free(path);
	ipcc_json_free(doc);
	return 0;
}
