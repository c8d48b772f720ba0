/* escape.c: untrusted text in reports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "unit.h"

/* What a writer puts out for s[0..n), as a new string. */
static char *written(void (*put)(FILE *, const char *, size_t), const char *s, size_t n)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(f);
	put(f, s, n);
	fclose(f);
	return buf;
}

#define ASSERT_WRITES(put, in, out)                                        \
	do {                                                               \
		char *got_ = written(put, in, sizeof(in) - 1);             \
		ck_assert_str_eq(got_, out);                               \
		free(got_);                                                \
	} while (0)

START_TEST(yaml_scalars_stay_on_one_ascii_line)
{
	ASSERT_WRITES(ipcc_put_yaml, "plain", "\"plain\"");
	ASSERT_WRITES(ipcc_put_yaml, "a\nBail out!\n", "\"a\\nBail out!\\n\"");
	ASSERT_WRITES(ipcc_put_yaml, "q\"b\\t\tr\r", "\"q\\\"b\\\\t\\tr\\r\"");
	ASSERT_WRITES(ipcc_put_yaml, "\x01\x1b\x7f\xc3\xa9", "\"\\x01\\x1b\\x7f\\xc3\\xa9\"");
	ASSERT_WRITES(ipcc_put_yaml, "nul\0byte", "\"nul\\x00byte\"");
}
END_TEST

START_TEST(json_strings_keep_utf8_and_escape_the_rest)
{
	ASSERT_WRITES(ipcc_put_json, "caf\xc3\xa9", "\"caf\xc3\xa9\"");
	ASSERT_WRITES(ipcc_put_json, "\xff\xfe", "\"\\u00ff\\u00fe\"");
	ASSERT_WRITES(ipcc_put_json, "\xc3", "\"\\u00c3\"");               /* cut sequence */
	ASSERT_WRITES(ipcc_put_json, "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""); /* surrogate */
	ASSERT_WRITES(ipcc_put_json, "\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\""); /* overlong */
	ASSERT_WRITES(ipcc_put_json, "a\"\\\n\x01\x7f", "\"a\\\"\\\\\\n\\u0001\\u007f\"");
}
END_TEST

START_TEST(one_line_replaces_controls_and_non_ascii)
{
	char buf[32];

	ipcc_one_line(buf, sizeof(buf), "a\nb\tc\x80" "d");
	ck_assert_str_eq(buf, "a b c?d");
	ipcc_one_line(buf, 4, "abcdef");
	ck_assert_str_eq(buf, "abc");
}
END_TEST

Suite *unit_escape(void)
{
	Suite *s = suite_create("escape");

	UNIT(s, yaml_scalars_stay_on_one_ascii_line);
	UNIT(s, json_strings_keep_utf8_and_escape_the_rest);
	UNIT(s, one_line_replaces_controls_and_non_ascii);
	return s;
}
