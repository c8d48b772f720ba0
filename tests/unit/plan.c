/* plan.c: which cases a run executes, and their numbers. */
#include "config.h"

#include <string.h>

#include "plan.h"
#include "unit.h"

START_TEST(first) {}
END_TEST
START_TEST(second) {}
END_TEST
START_TEST(third) {}
END_TEST

static const struct ipcc_case a_cases[] = {
	CASE(first, "PIPE-001", "P", "r"),
	CASE(second, "PIPE-002,PIPE-003", "V", "r"),
};
static const struct ipcc_case b_cases[] = {
	CASE(third, "FIFO-001", "P", "r"),
};
IPCC_SUITE(suite_a, "alpha", "a", a_cases);
IPCC_SUITE(suite_b, "beta", "b", b_cases);
static const struct ipcc_suite *const suites[] = { &suite_a, &suite_b, NULL };

static void plan_ids(struct ipcc_plan *plan, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < plan->n; i++) {
		ck_assert_int_eq(plan->cases[i].number, (int)i + 1);
		strncat(buf, plan->cases[i].id, size - strlen(buf) - 2);
		strcat(buf, " ");
	}
}

#define ASSERT_PLAN(names, nnames, filters, nfilters, expected)                                  \
	do {                                                                                     \
		struct ipcc_plan plan_;                                                          \
		char err_[256], ids_[256];                                                       \
		ck_assert_int_eq(ipcc_plan_build(&plan_, suites, names, nnames, filters, nfilters, \
						 err_, sizeof(err_)), 0);                        \
		plan_ids(&plan_, ids_, sizeof(ids_));                                            \
		ck_assert_str_eq(ids_, expected);                                                \
		ipcc_plan_free(&plan_);                                                          \
	} while (0)

START_TEST(all_suites_in_table_order_numbered_from_one)
{
	ASSERT_PLAN(NULL, 0, NULL, 0, "alpha.first alpha.second beta.third ");
}
END_TEST

START_TEST(suites_and_filters_narrow_the_plan)
{
	const char *beta[] = { "beta" };
	const char *by_id[] = { "alpha.s*" };
	const char *by_row[] = { "PIPE-003", "FIFO-*" };

	ASSERT_PLAN(beta, 1, NULL, 0, "beta.third ");
	ASSERT_PLAN(NULL, 0, by_id, 1, "alpha.second ");
	ASSERT_PLAN(NULL, 0, by_row, 2, "alpha.second beta.third ");
}
END_TEST

START_TEST(an_unknown_suite_or_an_empty_plan_is_refused)
{
	const char *nosuch[] = { "gamma" };
	const char *nothing[] = { "zzz*" };
	struct ipcc_plan plan;
	char err[256];

	ck_assert_int_eq(ipcc_plan_build(&plan, suites, nosuch, 1, NULL, 0, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no suite named 'gamma' (suites: alpha, beta)");
	ck_assert_int_eq(ipcc_plan_build(&plan, suites, NULL, 0, nothing, 1, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no case matches"), "%s", err);
}
END_TEST

Suite *unit_plan(void)
{
	Suite *s = suite_create("plan");

	UNIT(s, all_suites_in_table_order_numbered_from_one);
	UNIT(s, suites_and_filters_narrow_the_plan);
	UNIT(s, an_unknown_suite_or_an_empty_plan_is_refused);
	return s;
}
