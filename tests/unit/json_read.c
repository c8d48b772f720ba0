/* json_read.c: the strict JSON reader. */
#include "config.h"

#include <string.h>

#include "json_read.h"
#include "unit.h"

static struct ipcc_json *parse(const char *text, char *err, size_t size)
{
	return ipcc_json_parse(text, strlen(text), err, size);
}

START_TEST(documents_parse_into_values)
{
	char err[200];
	struct ipcc_json *v = parse(" {\"a\": [1, -2.5e3, true, false, null],\n \"s\": \"\\u00e9\\ud83d\\ude00\\n\"} ",
				    err, sizeof(err));
	const struct ipcc_json *a;

	ck_assert_msg(v != NULL, "%s", err);
	a = ipcc_json_member(v, "a");
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->n, 5);
	ck_assert(a->items[1]->number == -2500.0);
	ck_assert_str_eq(a->items[1]->text, "-2.5e3");
	ck_assert_int_eq(a->items[2]->boolean, 1);
	ck_assert_int_eq(a->items[4]->type, IPCC_JNULL);
	ck_assert_str_eq(ipcc_json_member(v, "s")->text, "\xc3\xa9\xf0\x9f\x98\x80\n");
	ck_assert_ptr_null(ipcc_json_member(v, "missing"));
	ipcc_json_free(v);
}
END_TEST

START_TEST(malformed_documents_are_refused_with_a_position)
{
	static const char *const bad[][2] = {
		{ "", "line 1, column 1: expected a value, found the end" },
		{ "{\"a\":1,}", "expected a member name" },
		{ "[1 2]", "expected ',' or ']'" },
		{ "{\"a\":1,\"a\":2}", "a member name given twice" },
		{ "\"\xff\"", "bytes that are not UTF-8" },
		{ "\"\\ud800\"", "a high surrogate without its low half" },
		{ "\"a\tb\"", "a control character inside a string" },
		{ "01", "text after the document" },
		{ "1.", "a malformed number" },
		{ "{}\n{}", "line 2, column 1: text after the document" },
		{ "tru", "expected a value" },
		{ "\"abc", "a string that does not end" },
	};
	char err[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(parse(bad[i][0], err, sizeof(err)) == NULL, "accepted '%s'", bad[i][0]);
		ck_assert_msg(strstr(err, bad[i][1]), "for '%s': '%s' lacks '%s'", bad[i][0], err, bad[i][1]);
	}
}
END_TEST

START_TEST(nesting_is_bounded)
{
	char deep[300], err[200];

	memset(deep, '[', 200);
	deep[200] = '\0';
	ck_assert_ptr_null(parse(deep, err, sizeof(err)));
	ck_assert_msg(strstr(err, "nested deeper than"), "%s", err);
}
END_TEST

Suite *unit_json_read(void)
{
	Suite *s = suite_create("json_read");

	UNIT(s, documents_parse_into_values);
	UNIT(s, malformed_documents_are_refused_with_a_position);
	UNIT(s, nesting_is_bounded);
	return s;
}
