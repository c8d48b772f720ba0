/* expect.c: the expectations file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "unit.h"

START_TEST(one) {}
END_TEST
START_TEST(two) {}
END_TEST

static const struct ipcc_case cases[] = {
	CASE(one, "PIPE-001", "P", "r"),
	CASE(two, "PIPE-002", "P", "r"),
};
IPCC_SUITE(suite, "s", "s", cases);
static const struct ipcc_suite *const suites[] = { &suite, NULL };

static char *write_file(const char *text)
{
	static char path[] = "/tmp/ipcc-unit-expect-XXXXXX";
	int fd;

	strcpy(path, "/tmp/ipcc-unit-expect-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	return path;
}

START_TEST(lines_mark_the_cases_they_match)
{
	struct ipcc_plan plan;
	char err[256], *path = write_file("# comment\n\n  s.one   fails here  # trailing\nPIPE-002 too\n");

	ck_assert_int_eq(ipcc_plan_build(&plan, suites, NULL, 0, NULL, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(ipcc_expect_load(path, &plan, err, sizeof(err)), 0);
	ck_assert_str_eq(plan.cases[0].expected, "fails here");
	ck_assert_str_eq(plan.cases[1].expected, "too");
	unlink(path);
	ipcc_plan_free(&plan);
	ipcc_expect_free();
}
END_TEST

START_TEST(a_line_without_a_reason_is_refused)
{
	struct ipcc_plan plan;
	char err[256], *path = write_file("s.one\n");

	ck_assert_int_eq(ipcc_plan_build(&plan, suites, NULL, 0, NULL, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(ipcc_expect_load(path, &plan, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ":1: 's.one' has no reason"), "%s", err);
	unlink(path);
	ipcc_plan_free(&plan);
	ipcc_expect_free();
}
END_TEST

Suite *unit_expect(void)
{
	Suite *s = suite_create("expect");

	UNIT(s, lines_mark_the_cases_they_match);
	UNIT(s, a_line_without_a_reason_is_refused);
	return s;
}
