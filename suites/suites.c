/* suites.c: the conformance suites of ipcconform, in report order. */
#include "config.h"

#include "suites.h"

extern const struct ipcc_suite ipcc_suite_pipe;
extern const struct ipcc_suite ipcc_suite_signal;
extern const struct ipcc_suite ipcc_suite_shm_sysv;
extern const struct ipcc_suite ipcc_suite_shm_posix;

const struct ipcc_suite *const ipcc_suites[] = {
	&ipcc_suite_pipe,
	&ipcc_suite_signal,
	&ipcc_suite_shm_sysv,
	&ipcc_suite_shm_posix,
	NULL,
};
