/* procfs.h: the kernel's view of a process, where the system has /proc. */
#ifndef IPCC_PROCFS_H
#define IPCC_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

/* Reads a small file whole into buf (NUL-terminated); the length, or -1. */
int ipcc_read_small(const char *path, char *buf, size_t size);
/* The same for /proc/PID/NAME. */
int ipcc_read_proc(pid_t pid, const char *name, char *buf, size_t size);
/* The fields of /proc/PID/stat after the command name ("S 1234 ..."), which
 * may itself hold spaces and parentheses; NULL when there is none. */
const char *ipcc_stat_fields(const char *stat);

#endif
