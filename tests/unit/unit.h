/* unit.h: the harness's unit tests, one Check suite per module. Each test
 * gets a TCase of its own so that its name reaches the TAP. */
#ifndef IPCC_UNIT_H
#define IPCC_UNIT_H

#include <check.h>

#define UNIT(suite, fn)                                   \
	do {                                              \
		TCase *tc_ = tcase_create(#fn);           \
		tcase_add_test(tc_, fn);                  \
		suite_add_tcase((suite), tc_);            \
	} while (0)

Suite *unit_channel(void);
Suite *unit_judge(void);
Suite *unit_escape(void);
Suite *unit_cli(void);
Suite *unit_plan(void);
Suite *unit_json_read(void);
Suite *unit_expect(void);
Suite *unit_census(void);

#endif
