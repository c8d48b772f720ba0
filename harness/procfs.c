/* procfs.c: see procfs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "procfs.h"

int ipcc_read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

int ipcc_write_small(const char *path, const char *text)
{
	size_t n = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC), saved;
	ssize_t w;

	if (fd < 0)
		return -1;
	w = write(fd, text, n);
	saved = errno;
	close(fd);
	errno = w < 0 ? saved : EIO;
	return w == (ssize_t)n ? 0 : -1;
}

int ipcc_read_proc(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, name);
	return ipcc_read_small(path, buf, size);
}

const char *ipcc_stat_fields(const char *stat)
{
	const char *paren = strrchr(stat, ')');

	return paren && paren[1] == ' ' ? paren + 2 : NULL;
}

char ipcc_proc_state(pid_t pid)
{
	char buf[512];
	const char *fields;

	if (ipcc_read_proc(pid, "stat", buf, sizeof(buf)) <= 0 || !(fields = ipcc_stat_fields(buf)))
		return 0;
	return fields[0];
}

int ipcc_proc_syscall(pid_t pid, long *nr, long *arg0)
{
	char buf[256], *end;

	if (ipcc_read_proc(pid, "syscall", buf, sizeof(buf)) <= 0)
		return -1;
	if (!strncmp(buf, "running", 7))
		return 0;
	*nr = strtol(buf, &end, 10);
	if (end == buf || *nr < 0)
		return 0;
	*arg0 = (long)strtoul(end, NULL, 16);
	return 1;
}

#define S(name) { SYS_##name, #name }
static const struct { long nr; const char *name; } calls[] = {
#ifdef __linux__
	S(read), S(write), S(readv), S(writev), S(openat), S(ppoll), S(pselect6), S(wait4),
	S(waitid), S(rt_sigsuspend), S(rt_sigtimedwait), S(clock_nanosleep), S(nanosleep),
	S(futex), S(msgrcv), S(msgsnd), S(semtimedop), S(mq_timedreceive), S(mq_timedsend),
	S(accept4), S(connect), S(recvfrom), S(sendto), S(recvmsg), S(sendmsg), S(epoll_pwait),
	S(flock), S(fcntl), S(pread64), S(pwrite64),
#ifdef SYS_open
	S(open),
#endif
#ifdef SYS_poll
	S(poll),
#endif
#ifdef SYS_select
	S(select),
#endif
#ifdef SYS_pause
	S(pause),
#endif
#ifdef SYS_accept
	S(accept),
#endif
#ifdef SYS_semop
	S(semop),
#endif
#ifdef SYS_epoll_wait
	S(epoll_wait),
#endif
#endif
};
#undef S

const char *ipcc_syscall_name(long nr)
{
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (calls[i].nr == nr)
			return calls[i].name;
	return NULL;
}

const char *ipcc_describe_where(pid_t pid, char *buf, size_t size)
{
	char state = ipcc_proc_state(pid);
	long nr = -1, arg0 = -1;
	const char *name;

	buf[0] = '\0';
	if (!state)
		return buf;
	if (state == 'T' || state == 't') {
		snprintf(buf, size, "stopped");
		return buf;
	}
	if (state == 'R') {
		snprintf(buf, size, "running");
		return buf;
	}
	if (ipcc_proc_syscall(pid, &nr, &arg0) != 1) {
		snprintf(buf, size, "asleep (state %c)", state);
		return buf;
	}
	name = ipcc_syscall_name(nr);
	if (!name)
		snprintf(buf, size, "blocked in syscall %ld", nr);
	else if (!strncmp(name, "msg", 3))
		snprintf(buf, size, "blocked in %s on queue id %ld", name, arg0);
	else if (!strncmp(name, "read", 4) || !strncmp(name, "write", 5) ||
		 !strncmp(name, "recv", 4) || !strncmp(name, "send", 4) ||
		 !strncmp(name, "accept", 6) || !strncmp(name, "pread", 5) || !strncmp(name, "pwrite", 6))
		snprintf(buf, size, "blocked in %s on fd %ld", name, arg0);
	else
		snprintf(buf, size, "blocked in %s", name);
	return buf;
}
