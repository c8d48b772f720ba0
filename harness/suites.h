/* suites.h: the suites a program is built with. ipcconform links
 * suites/suites.c (the conformance suites); the self-test program links
 * fixtures/selftest-suites.c (cases that attack or probe the harness). */
#ifndef IPCC_SUITES_H
#define IPCC_SUITES_H

#include "case.h"

extern const struct ipcc_suite *const ipcc_suites[]; /* ends with NULL */

#endif
