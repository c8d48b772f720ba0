/* names.h: symbolic names for errno values, signals and wait statuses.
 * Observations use the symbolic names so that runs on two systems, where
 * the numbers differ, compare cell by cell. */
#ifndef IPCC_NAMES_H
#define IPCC_NAMES_H

#include <stddef.h>

/* "EAGAIN"; an errno this table does not know comes back as "errno 123". */
const char *ipcc_errno_name(int err);
/* "SIGPIPE", "SIGRTMIN+3"; unknown numbers as "signal 99". */
const char *ipcc_signal_name(int sig);
/* "exited 0", "killed by SIGSEGV", "killed by SIGABRT (core dumped)",
 * "stopped by SIGSTOP", "continued". Writes into buf and returns it. */
const char *ipcc_describe_status(int status, char *buf, size_t size);

#endif
