/* judge.c: from the facts of a run to an outcome, rule by rule. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "result.h"
#include "unit.h"
#include "util.h"

START_TEST(dummy)
{
}
END_TEST

static const struct ipcc_case case_p = { .test = &dummy, .behaviours = "PIPE-001", .cls = "P", .ref = "r" };
static const struct ipcc_case case_l = { .test = &dummy, .behaviours = "PIPE-032", .cls = "L", .ref = "r" };
static const struct ipcc_suite suite = { "unit", "unit", &case_p, 1 };

static struct ipcc_planned planned(const struct ipcc_case *c, const char *expected)
{
	return (struct ipcc_planned){ .suite = &suite, .c = c, .id = (char *)"unit.dummy",
				      .number = 1, .expected = expected };
}

/* A clean run: the supervisor reported the case exited 0 after sending
 * a passing result. Tests change one fact at a time. */
static struct ipcc_facts clean(void)
{
	return (struct ipcc_facts){ .have_exit = 1, .status = 0, .have_result = 1, .passed = 1,
				    .timeout = 10.0 };
}

static enum ipcc_outcome judge(struct ipcc_planned *p, struct ipcc_facts f, enum ipcc_profile profile,
			       char **message)
{
	struct ipcc_result r = { .p = p };
	enum ipcc_outcome o;

	ipcc_judge(&r, &f, profile);
	ck_assert(r.judged);
	o = r.outcome;
	*message = r.message ? ipcc_xstrdup(r.message) : r.reason ? ipcc_xstrdup(r.reason) : NULL;
	ipcc_facts_free(&f);
	ipcc_result_free(&r);
	return o;
}

static void assert_judged(struct ipcc_planned *p, struct ipcc_facts f, enum ipcc_outcome outcome,
			  const char *substring)
{
	char *m = NULL;

	ck_assert_int_eq(judge(p, f, IPCC_PROFILE_LINUX, &m), outcome);
	if (substring)
		ck_assert_msg(m && strstr(m, substring), "message '%s' lacks '%s'", m ? m : "(none)",
			      substring);
	free(m);
}

#define ASSERT_JUDGED(facts, outcome, substring) assert_judged(&p, (facts), (outcome), (substring))

START_TEST(a_passing_result_passes)
{
	struct ipcc_planned p = planned(&case_p, NULL);

	ASSERT_JUDGED(clean(), IPCC_PASS, NULL);
}
END_TEST

START_TEST(a_failing_result_fails_with_its_message)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.passed = 0;
	f.r_msg = ipcc_xstrdup("read returned 0");
	ASSERT_JUDGED(f, IPCC_FAIL, "read returned 0");
}
END_TEST

START_TEST(no_result_is_an_error_saying_how_the_case_ended)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.have_result = 0;
	f.status = SIGSEGV; /* a wait status: killed by SIGSEGV */
	ASSERT_JUDGED(f, IPCC_ERROR, "was killed by SIGSEGV before it sent a result");
}
END_TEST

START_TEST(a_result_then_a_crash_is_an_error)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.status = SIGABRT;
	ASSERT_JUDGED(f, IPCC_ERROR, "sent its result, then was killed by SIGABRT");
}
END_TEST

START_TEST(a_setup_error_wins_over_the_result)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.have_error = 1;
	f.e_msg = ipcc_xstrdup("pipe: EMFILE");
	ASSERT_JUDGED(f, IPCC_ERROR, "pipe: EMFILE");
}
END_TEST

START_TEST(a_skip_is_a_skip_with_its_reason)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.have_result = 0;
	f.have_skip = 1;
	f.skip_reason = ipcc_xstrdup("needs root");
	ASSERT_JUDGED(f, IPCC_SKIP, "needs root");
}
END_TEST

START_TEST(a_timeout_wins_over_everything_the_case_sent)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.timed_out = 1;
	f.where = ipcc_xstrdup("blocked in read on fd 4");
	ASSERT_JUDGED(f, IPCC_ERROR, "timed out after 10.0 s with the case process blocked in read on fd 4");
}
END_TEST

START_TEST(a_broken_channel_wins_over_a_passing_result)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.broken = ipcc_xstrdup("two results for one case");
	ASSERT_JUDGED(f, IPCC_ERROR, "result channel broken: two results for one case");
}
END_TEST

START_TEST(a_lost_supervisor_is_an_error)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();

	f.have_exit = 0;
	f.sup_status = SIGKILL;
	ASSERT_JUDGED(f, IPCC_ERROR, "supervisor was killed by SIGKILL without reporting");
}
END_TEST

START_TEST(expectations_turn_fail_into_xfail_and_pass_into_xpass)
{
	struct ipcc_planned p = planned(&case_p, "known bug");
	struct ipcc_facts f = clean();

	ASSERT_JUDGED(clean(), IPCC_XPASS, "expected deviation did not occur: known bug");
	f.passed = 0;
	f.r_msg = ipcc_xstrdup("x");
	ASSERT_JUDGED(f, IPCC_XFAIL, "x");
}
END_TEST

START_TEST(an_expected_deviation_does_not_hide_an_error)
{
	struct ipcc_planned p = planned(&case_p, "known bug");
	struct ipcc_facts f = clean();

	f.timed_out = 1;
	ASSERT_JUDGED(f, IPCC_ERROR, "timed out");
}
END_TEST

START_TEST(class_l_is_observed_not_judged_under_posix)
{
	struct ipcc_planned p = planned(&case_l, NULL);
	struct ipcc_facts f = clean();
	char *m = NULL;

	f.passed = 0;
	f.r_msg = ipcc_xstrdup("F_SETPIPE_SZ missing");
	ck_assert_int_eq(judge(&p, f, IPCC_PROFILE_POSIX, &m), IPCC_XFAIL);
	free(m);
	f = clean();
	f.passed = 0;
	f.r_msg = ipcc_xstrdup("F_SETPIPE_SZ missing");
	ck_assert_int_eq(judge(&p, f, IPCC_PROFILE_LINUX, &m), IPCC_FAIL);
	free(m);
}
END_TEST

START_TEST(details_are_kept_only_for_failures)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_facts f = clean();
	struct ipcc_result r = { .p = &p };

	f.expected = ipcc_xstrdup("EAGAIN");
	f.observed = ipcc_xstrdup("0");
	ipcc_judge(&r, &f, IPCC_PROFILE_LINUX);
	ck_assert_ptr_null(r.expected);
	ipcc_facts_free(&f);
	ipcc_result_free(&r);

	f = clean();
	f.passed = 0;
	f.expected = ipcc_xstrdup("EAGAIN");
	f.observed = ipcc_xstrdup("0");
	r = (struct ipcc_result){ .p = &p };
	ipcc_judge(&r, &f, IPCC_PROFILE_LINUX);
	ck_assert_str_eq(r.expected, "EAGAIN");
	ck_assert_str_eq(r.observed, "0");
	ipcc_facts_free(&f);
	ipcc_result_free(&r);
}
END_TEST

START_TEST(an_observation_recorded_twice_keeps_the_last_value)
{
	struct ipcc_planned p = planned(&case_p, NULL);
	struct ipcc_result r = { .p = &p };

	ipcc_result_observe(&r, "capacity", "4096");
	ipcc_result_observe(&r, "mode", "x");
	ipcc_result_observe(&r, "capacity", "65536");
	ck_assert_uint_eq(r.nobs, 2);
	ck_assert_str_eq(r.obs[0].value, "65536");
	ipcc_result_free(&r);
}
END_TEST

Suite *unit_judge(void)
{
	Suite *s = suite_create("judge");

	UNIT(s, a_passing_result_passes);
	UNIT(s, a_failing_result_fails_with_its_message);
	UNIT(s, no_result_is_an_error_saying_how_the_case_ended);
	UNIT(s, a_result_then_a_crash_is_an_error);
	UNIT(s, a_setup_error_wins_over_the_result);
	UNIT(s, a_skip_is_a_skip_with_its_reason);
	UNIT(s, a_timeout_wins_over_everything_the_case_sent);
	UNIT(s, a_broken_channel_wins_over_a_passing_result);
	UNIT(s, a_lost_supervisor_is_an_error);
	UNIT(s, expectations_turn_fail_into_xfail_and_pass_into_xpass);
	UNIT(s, an_expected_deviation_does_not_hide_an_error);
	UNIT(s, class_l_is_observed_not_judged_under_posix);
	UNIT(s, details_are_kept_only_for_failures);
	UNIT(s, an_observation_recorded_twice_keeps_the_last_value);
	return s;
}
