/* main.c: runs the unit tests under Check's runner (fork mode) and writes
 * TAP 13 from its results: Check's own TAP has no version line, a late plan
 * and raw messages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(unit_channel());
	TestResult **results;
	int n;

	srunner_add_suite(sr, unit_judge());
	srunner_add_suite(sr, unit_escape());
	srunner_add_suite(sr, unit_cli());
	srunner_add_suite(sr, unit_plan());
	srunner_add_suite(sr, unit_json_read());
	srunner_add_suite(sr, unit_expect());
	srunner_add_suite(sr, unit_census());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_SILENT);

	n = srunner_ntests_run(sr);
	results = srunner_results(sr);
	printf("TAP version 13\n1..%d\n", n);
	for (int i = 0; i < n; i++) {
		TestResult *tr = results[i];
		const char *msg = tr_msg(tr);

		printf("%s %d - %s\n", tr_rtype(tr) == CK_PASS ? "ok" : "not ok", i + 1, tr_tcname(tr));
		if (tr_rtype(tr) != CK_PASS) {
			printf("  ---\n  message: ");
			ipcc_put_yaml(stdout, msg, strlen(msg));
			printf("\n  at: \"%s:%d\"\n  ...\n", tr_lfile(tr), tr_lno(tr));
		}
	}
	free(results);
	srunner_free(sr);
	return 0;
}
