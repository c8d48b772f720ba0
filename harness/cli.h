/* cli.h: the command line. */
#ifndef IPCC_CLI_H
#define IPCC_CLI_H

#include <stddef.h>

#include "result.h"

enum ipcc_command { IPCC_CMD_RUN, IPCC_CMD_LIST, IPCC_CMD_HELP, IPCC_CMD_VERSION, IPCC_CMD_HELPER };

struct ipcc_options {
	enum ipcc_command cmd;
	const char *suites[64];
	size_t nsuites;
	const char *filters[64];
	size_t nfilters;
	int jobs;
	const char *tap_file, *json_file, *expect_file;
	double multiplier;
	int keep_going;
	enum ipcc_profile profile;
	int sandbox;            /* 0 off, 1 on (EPERM), 2 strict (a denied call is an error) */
	int namespaces;
	int helper_argc;        /* with IPCC_CMD_HELPER: argv from the helper's name on */
	char **helper_argv;
};

/* Fills o from argv. Returns 0, or -1 with a one-line message in err. */
int ipcc_parse_args(int argc, char **argv, struct ipcc_options *o, char *err, size_t errsize);
void ipcc_usage(void);

#endif
