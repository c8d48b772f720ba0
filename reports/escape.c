/* escape.c: see escape.h. */
#include "config.h"

#include <string.h>

#include "escape.h"

static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	default: return NULL;
	}
}

void ipcc_put_yaml(FILE *f, const char *s, size_t n)
{
	putc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = short_escape(c);

		if (e)
			fputs(e, f);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\x%02x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void ipcc_put_json(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	putc('"', f);
	for (size_t i = 0; i < n;) {
		const char *e = short_escape(u[i]);
		size_t len;

		if (e) {
			fputs(e, f);
			i++;
		} else if (u[i] < 0x20 || u[i] == 0x7f) {
			fprintf(f, "\\u%04x", u[i]);
			i++;
		} else if (u[i] < 0x80) {
			putc(u[i], f);
			i++;
		} else if ((len = utf8_len(u + i, n - i)) > 0) {
			fwrite(u + i, 1, len, f);
			i += len;
		} else {
			fprintf(f, "\\u%04x", u[i]); /* a stray byte, read as Latin-1 */
			i++;
		}
	}
	putc('"', f);
}

void ipcc_one_line(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	for (; *src && o + 1 < size; src++) {
		unsigned char c = (unsigned char)*src;

		dst[o++] = c < 0x20 ? ' ' : c > 0x7e ? '?' : (char)c;
	}
	dst[o] = '\0';
}
