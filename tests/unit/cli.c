/* cli.c: the command line, accepted and refused. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "unit.h"

static int parse(struct ipcc_options *o, char *err, size_t errsize, ...)
{
	static char *argv[32]; /* outlives the call, as main()'s argv does */
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"ipcconform";
	va_start(ap, errsize);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return ipcc_parse_args(argc, argv, o, err, errsize);
}

#define PARSE(o, err, ...) parse((o), (err), sizeof(err), __VA_ARGS__, (char *)NULL)

START_TEST(run_takes_every_option)
{
	struct ipcc_options o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "run", "--suite", "pipe", "--suite=fifo", "--filter", "PIPE-01?",
			       "-j", "4", "--tap", "t", "--json", "j", "--timeout-multiplier", "2.5",
			       "--profile", "posix", "--expect", "e", "--sandbox", "off", "--namespaces", "off", "--keep-going"), 0);
	ck_assert_int_eq(o.cmd, IPCC_CMD_RUN);
	ck_assert_uint_eq(o.nsuites, 2);
	ck_assert_str_eq(o.suites[1], "fifo");
	ck_assert_uint_eq(o.nfilters, 1);
	ck_assert_int_eq(o.jobs, 4);
	ck_assert_str_eq(o.tap_file, "t");
	ck_assert_str_eq(o.json_file, "j");
	ck_assert(o.multiplier == 2.5);
	ck_assert_int_eq(o.profile, IPCC_PROFILE_POSIX);
	ck_assert_str_eq(o.expect_file, "e");
	ck_assert_int_eq(o.sandbox, 0);
	ck_assert_int_eq(o.namespaces, 0);
	ck_assert_int_eq(o.keep_going, 1);
}
END_TEST

START_TEST(sandbox_strict_is_its_own_mode)
{
	struct ipcc_options o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "run", "--sandbox", "strict"), 0);
	ck_assert_int_eq(o.sandbox, 2);
	ck_assert_int_eq(PARSE(&o, err, "run", "--sandbox=on"), 0);
	ck_assert_int_eq(o.sandbox, 1);
}
END_TEST

START_TEST(defaults_are_one_job_and_the_sandbox_on)
{
	struct ipcc_options o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "run"), 0);
	ck_assert_int_eq(o.jobs, 1);
	ck_assert(o.multiplier == 1.0);
	ck_assert_int_eq(o.sandbox, 1);
	ck_assert_int_eq(o.namespaces, 1);
	ck_assert_int_eq(o.keep_going, 0);
	ck_assert_ptr_null(o.tap_file);
}
END_TEST

START_TEST(mistakes_are_refused_with_the_argument_named)
{
	static const char *const bad[][4] = {
		{ "run", "-j", "0", "not '0'" },
		{ "run", "-j", "257", "not '257'" },
		{ "run", "-j", "2x", "not '2x'" },
		{ "run", "--timeout-multiplier", "0", "not '0'" },
		{ "run", "--timeout-multiplier", "inf", "not 'inf'" },
		{ "run", "--profile", "", "not ''" },
		{ "run", "--suite", "", "--suite needs a non-empty value" },
		{ "run", "--bogus", NULL, "unknown option '--bogus'" },
		{ "list", "--json", "x", "is for 'run', not 'list'" },
		{ "run", "extra", NULL, "unexpected argument 'extra'" },
		{ "--version", "extra", NULL, "unexpected argument 'extra'" },
		{ "lisst", NULL, NULL, "unknown command 'lisst'" },
	};
	struct ipcc_options o;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_int_eq(PARSE(&o, err, bad[i][0], bad[i][1], bad[i][2]), -1);
		ck_assert_msg(strstr(err, bad[i][3]), "'%s' lacks '%s'", err, bad[i][3]);
	}
}
END_TEST

START_TEST(a_helper_gets_the_rest_of_the_arguments)
{
	struct ipcc_options o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "__helper", "say", "--not-an-option"), 0);
	ck_assert_int_eq(o.cmd, IPCC_CMD_HELPER);
	ck_assert_int_eq(o.helper_argc, 2);
	ck_assert_str_eq(o.helper_argv[1], "--not-an-option");
}
END_TEST

Suite *unit_cli(void)
{
	Suite *s = suite_create("cli");

	UNIT(s, run_takes_every_option);
	UNIT(s, defaults_are_one_job_and_the_sandbox_on);
	UNIT(s, sandbox_strict_is_its_own_mode);
	UNIT(s, mistakes_are_refused_with_the_argument_named);
	UNIT(s, a_helper_gets_the_rest_of_the_arguments);
	return s;
}
