/* util.h: allocation that cannot return NULL, and formatting into new strings. */
#ifndef IPCC_UTIL_H
#define IPCC_UTIL_H

#include <stddef.h>

void *ipcc_xmalloc(size_t n);
void *ipcc_xrealloc(void *p, size_t n);
char *ipcc_xstrdup(const char *s);
char *ipcc_xstrndup(const char *s, size_t n);
char *ipcc_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
