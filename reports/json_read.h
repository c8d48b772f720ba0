/* json_read.h: a strict JSON reader (RFC 8259), for reports given back to
 * ipcconform and for the tests that check the reports it writes. Strict
 * means: valid UTF-8 only, no trailing text, no duplicate keys, nesting
 * bounded; every refusal names the line and column. */
#ifndef IPCC_JSON_READ_H
#define IPCC_JSON_READ_H

#include <stddef.h>

enum ipcc_json_type { IPCC_JNULL, IPCC_JBOOL, IPCC_JNUMBER, IPCC_JSTRING, IPCC_JARRAY, IPCC_JOBJECT };

struct ipcc_json {
	enum ipcc_json_type type;
	int boolean;
	double number;
	char *text;                 /* a string's bytes (NUL-terminated), a number's literal */
	size_t len;                 /* a string's length (it may hold NUL bytes) */
	struct ipcc_json **items;   /* array elements, object values */
	char **keys;                /* object keys, parallel to items */
	size_t n;
};

/* Parses text; NULL with a message ("line 3, column 14: ...") on error. */
struct ipcc_json *ipcc_json_parse(const char *text, size_t len, char *err, size_t errsize);
void ipcc_json_free(struct ipcc_json *v);
/* An object's member, or NULL. */
const struct ipcc_json *ipcc_json_member(const struct ipcc_json *obj, const char *key);

#endif
