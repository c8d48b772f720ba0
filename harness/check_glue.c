/* check_glue.c: where Check's assertion macros land in an ipcconform
 * program. ck_assert_*() and mark_point() expand to calls of
 * _ck_assert_failed() and _mark_point(); defining them here routes a
 * failed Check assertion into the case's result channel (see
 * case_process.c for why Check's own runner is not used in a case).
 *
 * This file is linked into the programs that run cases, never into a
 * program that uses Check's SRunner (the harness's unit tests), where
 * Check's own definitions apply. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>

#include "runtime.h"

void _ck_assert_failed(const char *file, int line, const char *expr, const char *msg, ...)
{
	char text[1024];
	va_list ap;

	if (msg) {
		va_start(ap, msg);
		vsnprintf(text, sizeof(text), msg, ap);
		va_end(ap);
	} else {
		snprintf(text, sizeof(text), "%s", expr);
	}
	ipcc_case_failed(file, line, text);
}

void _mark_point(const char *file, int line)
{
	ipcc_case_mark(file, line);
}
