/* json_read.c: see json_read.h. A recursive-descent parser over the
 * RFC 8259 grammar. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "util.h"

#define MAX_DEPTH 64

struct parser {
	const char *s, *end, *p;
	char *err;
	size_t errsize;
	int failed;
};

static void __attribute__((format(printf, 2, 3))) fail(struct parser *P, const char *fmt, ...)
{
	int line = 1, col = 1;
	char msg[200];
	va_list ap;

	if (P->failed)
		return;
	P->failed = 1;
	for (const char *q = P->s; q < P->p; q++, col++)
		if (*q == '\n') {
			line++;
			col = 0;
		}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(P->err, P->errsize, "line %d, column %d: %s", line, col, msg);
}

static void skip_ws(struct parser *P)
{
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\t' || *P->p == '\n' || *P->p == '\r'))
		P->p++;
}

static struct ipcc_json *new_value(enum ipcc_json_type type)
{
	struct ipcc_json *v = ipcc_xmalloc(sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->type = type;
	return v;
}

static int literal(struct parser *P, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(P->end - P->p) < n || memcmp(P->p, word, n)) {
		fail(P, "expected a value");
		return 0;
	}
	P->p += n;
	return 1;
}

static int hex4(struct parser *P, unsigned *out)
{
	unsigned v = 0;

	if (P->end - P->p < 4) {
		fail(P, "a \\u escape needs four hex digits");
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		char c = *P->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else {
			fail(P, "a \\u escape needs four hex digits");
			return 0;
		}
	}
	*out = v;
	return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of a valid UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n > left)
		return 0;
	cp = p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static char *string(struct parser *P, size_t *len)
{
	char *out = ipcc_xmalloc((size_t)(P->end - P->p) + 1);
	size_t o = 0;

	P->p++; /* the opening quote */
	while (P->p < P->end && *P->p != '"') {
		unsigned char c = (unsigned char)*P->p;

		if (c < 0x20) {
			fail(P, "a control character inside a string");
			goto bad;
		}
		if (c == '\\') {
			unsigned cp, lo;

			if (++P->p >= P->end)
				break;
			switch (*P->p++) {
			case '"': out[o++] = '"'; break;
			case '\\': out[o++] = '\\'; break;
			case '/': out[o++] = '/'; break;
			case 'b': out[o++] = '\b'; break;
			case 'f': out[o++] = '\f'; break;
			case 'n': out[o++] = '\n'; break;
			case 'r': out[o++] = '\r'; break;
			case 't': out[o++] = '\t'; break;
			case 'u':
				if (!hex4(P, &cp))
					goto bad;
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					fail(P, "a lone low surrogate");
					goto bad;
				}
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (P->end - P->p < 2 || P->p[0] != '\\' || P->p[1] != 'u') {
						fail(P, "a high surrogate without its low half");
						goto bad;
					}
					P->p += 2;
					if (!hex4(P, &lo))
						goto bad;
					if (lo < 0xdc00 || lo > 0xdfff) {
						fail(P, "a high surrogate without its low half");
						goto bad;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				}
				o += put_utf8(out + o, cp);
				break;
			default:
				P->p--;
				fail(P, "an unknown escape");
				goto bad;
			}
			continue;
		}
		if (c < 0x80) {
			out[o++] = (char)c;
			P->p++;
			continue;
		}
		size_t n = utf8_seq((const unsigned char *)P->p, (size_t)(P->end - P->p));
		if (!n) {
			fail(P, "bytes that are not UTF-8");
			goto bad;
		}
		memcpy(out + o, P->p, n);
		o += n;
		P->p += n;
	}
	if (P->p >= P->end) {
		fail(P, "a string that does not end");
		goto bad;
	}
	P->p++;
	out[o] = '\0';
	*len = o;
	return out;
bad:
	free(out);
	return NULL;
}

static int digits(struct parser *P)
{
	const char *start = P->p;

	while (P->p < P->end && *P->p >= '0' && *P->p <= '9')
		P->p++;
	return P->p > start;
}

static struct ipcc_json *number(struct parser *P)
{
	const char *start = P->p;
	struct ipcc_json *v;

	if (*P->p == '-')
		P->p++;
	if (P->p < P->end && *P->p == '0')
		P->p++;
	else if (!digits(P)) {
		fail(P, "a malformed number");
		return NULL;
	}
	if (P->p < P->end && *P->p == '.') {
		P->p++;
		if (!digits(P)) {
			fail(P, "a malformed number");
			return NULL;
		}
	}
	if (P->p < P->end && (*P->p == 'e' || *P->p == 'E')) {
		P->p++;
		if (P->p < P->end && (*P->p == '+' || *P->p == '-'))
			P->p++;
		if (!digits(P)) {
			fail(P, "a malformed number");
			return NULL;
		}
	}
	v = new_value(IPCC_JNUMBER);
	v->text = ipcc_xstrndup(start, (size_t)(P->p - start));
	v->number = strtod(v->text, NULL);
	return v;
}

static struct ipcc_json *value(struct parser *P, int depth);

static void append(struct ipcc_json *v, char *key, struct ipcc_json *item)
{
	v->items = ipcc_xrealloc(v->items, (v->n + 1) * sizeof(*v->items));
	if (v->type == IPCC_JOBJECT)
		v->keys = ipcc_xrealloc(v->keys, (v->n + 1) * sizeof(*v->keys));
	if (key)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static struct ipcc_json *container(struct parser *P, int depth)
{
	int object = *P->p == '{';
	char close = object ? '}' : ']';
	struct ipcc_json *v = new_value(object ? IPCC_JOBJECT : IPCC_JARRAY);

	if (depth > MAX_DEPTH) {
		fail(P, "nested deeper than %d", MAX_DEPTH);
		return v;
	}
	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == close) {
		P->p++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		size_t klen;
		struct ipcc_json *item;

		skip_ws(P);
		if (object) {
			if (P->p >= P->end || *P->p != '"') {
				fail(P, "expected a member name in double quotes");
				return v;
			}
			if (!(key = string(P, &klen)))
				return v;
			if (strlen(key) != klen || ipcc_json_member(v, key)) {
				fail(P, strlen(key) != klen ? "a member name holding NUL"
							    : "a member name given twice");
				free(key);
				return v;
			}
			skip_ws(P);
			if (P->p >= P->end || *P->p != ':') {
				fail(P, "expected ':' after a member name");
				free(key);
				return v;
			}
			P->p++;
		}
		item = value(P, depth + 1);
		if (!item) {
			free(key);
			return v;
		}
		append(v, key, item);
		if (P->failed)
			return v;
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == close) {
			P->p++;
			return v;
		}
		fail(P, object ? "expected ',' or '}'" : "expected ',' or ']'");
		return v;
	}
}

static struct ipcc_json *value(struct parser *P, int depth)
{
	struct ipcc_json *v;

	skip_ws(P);
	if (P->p >= P->end) {
		fail(P, "expected a value, found the end");
		return NULL;
	}
	switch (*P->p) {
	case '{':
	case '[':
		return container(P, depth);
	case '"':
		v = new_value(IPCC_JSTRING);
		if (!(v->text = string(P, &v->len))) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
		if (!literal(P, "true"))
			return NULL;
		v = new_value(IPCC_JBOOL);
		v->boolean = 1;
		return v;
	case 'f':
		if (!literal(P, "false"))
			return NULL;
		return new_value(IPCC_JBOOL);
	case 'n':
		if (!literal(P, "null"))
			return NULL;
		return new_value(IPCC_JNULL);
	default:
		if (*P->p == '-' || (*P->p >= '0' && *P->p <= '9'))
			return number(P);
		fail(P, "expected a value");
		return NULL;
	}
}

struct ipcc_json *ipcc_json_parse(const char *text, size_t len, char *err, size_t errsize)
{
	struct parser P = { .s = text, .end = text + len, .p = text, .err = err, .errsize = errsize };
	struct ipcc_json *v = value(&P, 0);

	if (!P.failed) {
		skip_ws(&P);
		if (P.p < P.end)
			fail(&P, "text after the document");
	}
	if (P.failed) {
		ipcc_json_free(v);
		return NULL;
	}
	return v;
}

void ipcc_json_free(struct ipcc_json *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		ipcc_json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
	free(v);
}

const struct ipcc_json *ipcc_json_member(const struct ipcc_json *obj, const char *key)
{
	if (!obj || obj->type != IPCC_JOBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}
