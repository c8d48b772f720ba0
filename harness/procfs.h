/* procfs.h: the kernel's view of a process, where the system has /proc. */
#ifndef IPCC_PROCFS_H
#define IPCC_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

/* Reads a small file whole into buf (NUL-terminated); the length, or -1. */
int ipcc_read_small(const char *path, char *buf, size_t size);
/* Writes text to a small file of /proc or /sys in one write(), as those
 * files want it. 0, or -1 with errno. */
int ipcc_write_small(const char *path, const char *text);
/* ipcc_read_small for /proc/PID/NAME. */
int ipcc_read_proc(pid_t pid, const char *name, char *buf, size_t size);
/* The fields of /proc/PID/stat after the command name ("S 1234 ..."), which
 * may itself hold spaces and parentheses; NULL when there is none. */
const char *ipcc_stat_fields(const char *stat);
/* The state letter of /proc/PID/stat: R, S, D, T, Z ...; 0 without one. */
char ipcc_proc_state(pid_t pid);
/* 1 with the syscall number and first argument when pid sleeps in a
 * syscall (/proc/PID/syscall); 0 when it is running or not in one; -1 when
 * unreadable. */
int ipcc_proc_syscall(pid_t pid, long *nr, long *arg0);
/* The name of a syscall a process may be found waiting in ("read",
 * "msgrcv"), or NULL for one this table does not know. */
const char *ipcc_syscall_name(long nr);
/* Describes where pid is, for a report: "blocked in read (fd 4)",
 * "running", "stopped". Writes into buf and returns it; "" without /proc. */
const char *ipcc_describe_where(pid_t pid, char *buf, size_t size);

#endif
