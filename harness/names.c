/* names.c: the tables behind names.h. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "names.h"

#define E(name) { name, #name }
static const struct { int num; const char *name; } errnos[] = {
	/* EAGAIN first: where EWOULDBLOCK has the same value, observations say
	 * EAGAIN, the name POSIX gives the pipe and queue rules. */
	E(EAGAIN), E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO),
	E(E2BIG), E(ENOEXEC), E(EBADF), E(ECHILD), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(ETXTBSY),
	E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE),
	E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EWOULDBLOCK), E(ENOMSG),
	E(EIDRM), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR), E(ENOLINK),
	E(EPROTO), E(EMULTIHOP), E(EBADMSG), E(EOVERFLOW), E(EILSEQ),
	E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE),
	E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(EOPNOTSUPP), E(ENOTSUP),
	E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
	E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED), E(ECONNRESET),
	E(ENOBUFS), E(EISCONN), E(ENOTCONN), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EDQUOT),
	E(ECANCELED), E(EOWNERDEAD), E(ENOTRECOVERABLE),
#ifdef ESHUTDOWN
	E(ESHUTDOWN),
#endif
#ifdef EHOSTDOWN
	E(EHOSTDOWN),
#endif
#ifdef ESOCKTNOSUPPORT
	E(ESOCKTNOSUPPORT),
#endif
#ifdef EPFNOSUPPORT
	E(EPFNOSUPPORT),
#endif
#ifdef ERESTART
	E(ERESTART),
#endif
};

static const struct { int num; const char *name; } signals[] = {
	E(SIGHUP), E(SIGINT), E(SIGQUIT), E(SIGILL), E(SIGTRAP), E(SIGABRT),
	E(SIGBUS), E(SIGFPE), E(SIGKILL), E(SIGUSR1), E(SIGSEGV), E(SIGUSR2),
	E(SIGPIPE), E(SIGALRM), E(SIGTERM), E(SIGCHLD), E(SIGCONT),
	E(SIGSTOP), E(SIGTSTP), E(SIGTTIN), E(SIGTTOU), E(SIGURG), E(SIGXCPU),
	E(SIGXFSZ), E(SIGVTALRM), E(SIGPROF), E(SIGSYS),
#ifdef SIGWINCH
	E(SIGWINCH),
#endif
#ifdef SIGIO
	E(SIGIO),
#endif
#if defined(SIGPOLL) && (!defined(SIGIO) || SIGPOLL != SIGIO)
	E(SIGPOLL),
#endif
#ifdef SIGPWR
	E(SIGPWR),
#endif
#ifdef SIGSTKFLT
	E(SIGSTKFLT),
#endif
#ifdef SIGEMT
	E(SIGEMT),
#endif
#ifdef SIGINFO
	E(SIGINFO),
#endif
};
#undef E

const char *ipcc_errno_name(int err)
{
	static char other[32];

	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].num == err)
			return errnos[i].name;
	snprintf(other, sizeof(other), "errno %d", err);
	return other;
}

const char *ipcc_signal_name(int sig)
{
	static char other[32];

	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].num == sig)
			return signals[i].name;
#ifdef SIGRTMIN
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMAX)
			return "SIGRTMAX";
		snprintf(other, sizeof(other), sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+%d",
			 sig - SIGRTMIN);
		return other;
	}
#endif
	snprintf(other, sizeof(other), "signal %d", sig);
	return other;
}

const char *ipcc_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by %s%s", ipcc_signal_name(WTERMSIG(status)),
#ifdef WCOREDUMP
			 WCOREDUMP(status) ? " (core dumped)" : ""
#else
			 ""
#endif
			 );
	else if (WIFSTOPPED(status))
		snprintf(buf, size, "stopped by %s", ipcc_signal_name(WSTOPSIG(status)));
#ifdef WIFCONTINUED
	else if (WIFCONTINUED(status))
		snprintf(buf, size, "continued");
#endif
	else
		snprintf(buf, size, "wait status 0x%x", (unsigned)status);
	return buf;
}
