/* escape.h: writing untrusted text (a case's output, its messages) into
 * reports so that it can never break their syntax or forge a TAP line. */
#ifndef IPCC_ESCAPE_H
#define IPCC_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* A YAML double-quoted scalar on one line, pure ASCII: quotes, backslashes,
 * control characters and every byte above 0x7e are escaped. */
void ipcc_put_yaml(FILE *f, const char *s, size_t n);
/* A JSON string: valid UTF-8 passes through, everything else is escaped. */
void ipcc_put_json(FILE *f, const char *s, size_t n);
/* Copies src into dst as one printable ASCII line: control characters and
 * non-ASCII bytes become spaces or '?'. For TAP descriptions and directives. */
void ipcc_one_line(char *dst, size_t size, const char *src);

#endif
