/* supervise.c: the per-case supervisor (see isolate.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include <poll.h>
#include <sys/socket.h>
#ifdef __linux__
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#endif

#include "channel.h"
#include "fdpass.h"
#include "names.h"
#include "sandbox.h"
#include "isolate.h"
#include "procfs.h"
#include "runtime.h"

void ipcc_reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL); /* fails harmlessly for reserved numbers */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void ipcc_close_from_except(int from, int keep1, int keep2)
{
	int keep[2] = { keep1 < keep2 ? keep1 : keep2, keep1 < keep2 ? keep2 : keep1 };

	for (int i = 0; i < 2; i++) {
		int upto = keep[i] - 1;

		if (keep[i] < from)
			continue;
#ifdef HAVE_CLOSE_RANGE
		if (upto >= from && close_range((unsigned)from, (unsigned)upto, 0) == 0) {
			from = keep[i] + 1;
			continue;
		}
#endif
		for (int fd = from; fd <= upto; fd++)
			close(fd);
		from = keep[i] + 1;
	}
#ifdef HAVE_CLOSE_RANGE
	if (close_range((unsigned)from, ~0u, 0) == 0)
		return;
#endif
	for (int fd = from; fd < 65536; fd++)
		close(fd);
}

int ipcc_list_children(pid_t *out, int max)
{
#ifdef __linux__
	char path[300], buf[4096], *p, *end;
	int n = 0;
	DIR *d;
	struct dirent *e;

	/* The fast path needs CONFIG_PROC_CHILDREN; scanning /proc works always. */
	snprintf(path, sizeof(path), "task/%ld/children", (long)getpid());
	if (ipcc_read_proc(getpid(), path, buf, sizeof(buf)) >= 0) {
		for (p = buf; n < max; p = end) {
			long pid = strtol(p, &end, 10);
			if (end == p)
				break;
			out[n++] = (pid_t)pid;
		}
		return n;
	}
	d = opendir("/proc");
	if (!d)
		return -1;
	while ((e = readdir(d)) && n < max) {
		const char *fields;
		long ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (ipcc_read_small(path, buf, sizeof(buf)) < 0 || !(fields = ipcc_stat_fields(buf)))
			continue;
		if (sscanf(fields, "%*c %ld", &ppid) == 1 && ppid == (long)getpid())
			out[n++] = (pid_t)strtol(e->d_name, NULL, 10);
	}
	closedir(d);
	return n;
#else
	(void)out;
	(void)max;
	return -1;
#endif
}

static void report(int chan, enum ipcc_rec_type type, const char *const *f)
{
	ipcc_rec_send(chan, type, f, ipcc_rec_nfields(type));
}

/* After the case process ended: kill and reap whatever it left behind.
 * Being a child subreaper, the supervisor inherits every orphan of the
 * case, so repeating "kill the case's group and all my children, reap one"
 * until there is no child left catches daemons that left the group. */
static void sweep(pid_t pgid, int *killed, int *reaped)
{
	pid_t kids[256], r;
	int st, n;

	for (;;) {
		while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
				(*killed)++;
			else if (WIFEXITED(st) || WIFSIGNALED(st))
				(*reaped)++;
		}
		if (r < 0 && errno == ECHILD)
			return;
		kill(-pgid, SIGKILL);
		n = ipcc_list_children(kids, 256);
		for (int i = 0; i < n; i++)
			kill(kids[i], SIGKILL);
		r = waitpid(-1, &st, WUNTRACED);
		if (r > 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			(*killed)++;
		else if (r > 0 && (WIFEXITED(st) || WIFSIGNALED(st)))
			(*reaped)++;
		else if (r < 0 && errno == ECHILD)
			return;
	}
}

/* The supervisor keeps only its two pipes, on stdout/stderr and where they
 * are: the harness's other descriptors (report files, other cases' pipes)
 * are none of its business. */
static void keep_only_pipes(const struct ipcc_launch *l)
{
	int null = open("/dev/null", O_RDWR);
	int lo = l->chan_wr < l->out_wr ? l->chan_wr : l->out_wr;
	int hi = l->chan_wr < l->out_wr ? l->out_wr : l->chan_wr;

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	ipcc_close_from_except(3, lo, hi);
}

/* Denied calls of the case, answered here (see sandbox.h). */
struct denials {
	int listener;      /* seccomp notifications; -1: none */
	int strict;        /* a denial ends the case */
	int noted, ended;
};

#define MAX_DENIAL_NOTES 16

#if defined(__linux__) && defined(SECCOMP_IOCTL_NOTIF_RECV)
/* One denied call: answered EPERM and named in the report, or, strict,
 * the end of the case. A call of a process that died meanwhile is gone
 * (ENOENT) and needs no answer. */
static void answer_denial(struct denials *d, int chan, pid_t case_pid)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	char name[96], what[256];

	memset(&req, 0, sizeof(req));
	if (ioctl(d->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return;
	ipcc_sandbox_call_name(req.data.arch, req.data.nr, name, sizeof(name));
	if (!strncmp(name, "kill", 4) || strstr(name, "sigqueue") || strstr(name, "tkill"))
		snprintf(what, sizeof(what), "%s aimed at pid %d (%s) by pid %u", name,
			 (int)(unsigned)req.data.args[0],
			 ipcc_signal_name((int)(unsigned)req.data.args[strstr(name, "tgkill") ? 2 : 1]),
			 req.pid);
	else
		snprintf(what, sizeof(what), "%s by pid %u", name, req.pid);
	if (d->strict) {
		char msg[320];

		kill(-case_pid, SIGKILL);
		kill((pid_t)req.pid, SIGKILL);
		if (!d->ended) {
			snprintf(msg, sizeof(msg), "the sandbox (--sandbox strict) denied %s; the case "
				 "was ended", what);
			report(chan, REC_ERROR, (const char *const[]){ msg, "sandbox", "0" });
		}
		d->ended = 1;
	} else if (d->noted < MAX_DENIAL_NOTES) {
		char msg[320];

		snprintf(msg, sizeof(msg), "the sandbox denied %s: it failed with EPERM", what);
		report(chan, REC_NOTE, (const char *const[]){ msg });
		d->noted++;
	}
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -EPERM;
	ioctl(d->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}
#endif

/* Waits for something to happen, at most `left` seconds: SIGCHLD, the
 * listener handed over on sock, or a denied call. Where signalfd is
 * missing, only SIGCHLD and the deadline (no denial is notified then). */
static void wait_event(int sfd, int *sock, struct denials *d, int chan, pid_t pid, double left,
		       const sigset_t *chld)
{
	if (sfd >= 0) {
		struct pollfd p[3] = { { sfd, POLLIN, 0 }, { *sock, POLLIN, 0 },
				       { d->listener, POLLIN, 0 } };
		char drain[512];
		int ms = (int)(left * 1000.0) + 1;

		if (poll(p, 3, ms) <= 0)
			return;
		if (p[0].revents)
			while (read(sfd, drain, sizeof(drain)) > 0)
				;
		if (p[1].revents) {
			int fd = ipcc_recv_fd(*sock);

			if (fd >= 0 && d->listener < 0)
				d->listener = fd;
			else if (fd >= 0)
				close(fd);
			close(*sock);
			*sock = -1;
		}
#if defined(__linux__) && defined(SECCOMP_IOCTL_NOTIF_RECV)
		if (p[2].revents & POLLIN)
			answer_denial(d, chan, pid);
		else if (p[2].revents) {
			/* No process of the case holds the filter any more. */
			close(d->listener);
			d->listener = -1;
		}
#else
		(void)chan;
		(void)pid;
#endif
		return;
	}
	struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };
	sigtimedwait(chld, NULL, &ts);
}

void ipcc_supervise(const struct ipcc_launch *launch)
{
	double deadline = ipcc_now() + launch->timeout;
	int status = 0, timed_out = 0, killed = 0, reaped = 0, st, sv[2] = { -1, -1 }, sfd = -1;
	char b[4][24], where[128] = "";
	struct ipcc_launch copy = *launch, *l = &copy;
	struct denials d = { .listener = -1, .strict = launch->sandbox == 2 };
	sigset_t chld;
	pid_t pid, r;

	setpgid(0, 0);
	ipcc_reset_signals();
	signal(SIGPIPE, SIG_IGN); /* a lost harness must not kill us before the sweep */
	keep_only_pipes(l);
#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_CHILD_SUBREAPER)
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL); /* collected with signalfd or sigtimedwait */
#ifdef __linux__
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
#endif

	/* The case process asks over this socket for its user namespace's id
	 * maps, which only a process outside may write (namespace.h), and
	 * hands over the seccomp listener. */
	l->ns_sock = -1;
	if (((l->ns && ipcc_ns_needs_map(l->ns)) || (l->sandbox && sfd >= 0 &&
						     ipcc_sandbox_can_notify())) &&
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0)
		l->ns_sock = sv[1];
	l->cg_path[0] = '\0';
	if (l->cg) {
		char why[300];

		if (ipcc_cgroup_make(l->cg, IPCC_LIMIT_NPROC, l->cg_path, sizeof(l->cg_path), why,
				     sizeof(why)) < 0) {
			report(l->chan_wr, REC_NOSTART, (const char *const[]){ why });
			_exit(1);
		}
	}
	pid = fork();
	if (pid < 0) {
		char msg[80];

		/* Not the case's fault: the harness decides (--keep-going). */
		snprintf(msg, sizeof(msg), "fork: %s", strerror(errno));
		report(l->chan_wr, REC_NOSTART, (const char *const[]){ msg });
		_exit(1);
	}
	if (pid == 0) {
		if (sv[0] >= 0)
			close(sv[0]);
		if (sfd >= 0)
			close(sfd);
		ipcc_case_process(l);
	}
	setpgid(pid, pid); /* also done by the case: whichever runs first */
	if (sv[0] >= 0) {
		char why[200];

		close(sv[1]);
		/* On failure the case process reports it: it gets 'n' or EOF. */
		if (l->ns && ipcc_ns_needs_map(l->ns))
			ipcc_ns_map(l->ns, pid, sv[0], why, sizeof(why));
	}
	snprintf(b[0], sizeof(b[0]), "%ld", (long)pid);
	report(l->chan_wr, REC_CHILD, (const char *const[]){ b[0] });

	for (;;) {
		int done = 0;

		while ((r = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0) {
			if (r != pid)
				continue; /* an orphan of the case: swept below */
			if (WIFSTOPPED(st)) {
				/* Nothing in the case will continue it: a case
				 * observes stops in processes it forks. Report
				 * the stop now rather than at the deadline. */
				status = st;
				kill(-pid, SIGKILL);
				kill(pid, SIGKILL);
				while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
					;
				done = 1;
			} else if (!WIFCONTINUED(st)) {
				status = st;
				done = 1;
			}
		}
		if (done)
			break;
		double left = deadline - ipcc_now();
		if (left <= 0) {
			/* Where the case was stuck is the first thing its author
			 * will want to know. */
			ipcc_describe_where(pid, where, sizeof(where));
			timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		wait_event(sfd, &sv[0], &d, l->chan_wr, pid, left, &chld);
	}
	/* Leftovers blocked in a denied call would wait for an answer that
	 * never comes; closing the listener fails their calls (ENOSYS) and
	 * the sweep kills them anyway. */
	if (d.listener >= 0)
		close(d.listener);
	sweep(pid, &killed, &reaped);
	if (l->cg_path[0])
		ipcc_cgroup_remove(l->cg_path);

	snprintf(b[0], sizeof(b[0]), "%d", status);
	snprintf(b[1], sizeof(b[1]), "%d", timed_out);
	snprintf(b[2], sizeof(b[2]), "%d", killed);
	snprintf(b[3], sizeof(b[3]), "%d", reaped);
	report(l->chan_wr, REC_EXIT, (const char *const[]){ b[0], b[1], where, b[2], b[3] });
	_exit(0);
}
