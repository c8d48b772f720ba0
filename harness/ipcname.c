/* ipcname.c: names for POSIX IPC objects (shm_open, mq_open, sem_open).
 *
 * Those names live in one system-wide space unless the case has its own IPC
 * namespace, so a case makes them unique with its process id, and marks
 * them as ours with a fixed prefix: the census recognises what a run left
 * behind by it. */
#include "config.h"

#include <stdio.h>

#include "case.h"
#include "runtime.h"

const char *ipcc_ipc_name_(char *buf, size_t size, const char *stem, const char *file, int line)
{
	int n = snprintf(buf, size, "/" IPCC_IPC_PREFIX "%ld-%s", (long)ipcc_rt.case_pid, stem);

	if (n < 0 || (size_t)n >= size)
		ipcc_setup_failed_(file, line, "IPC name for '%s' does not fit in %zu bytes", stem,
				   size);
	return buf;
}
