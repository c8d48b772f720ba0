/* runner.c: the scheduler (see runner.h).
 *
 * One thread, one poll loop. Each running case owns a slot: its supervisor's
 * pid and the read ends of its result channel and output capture. SIGCHLD
 * and the stop signals wake the loop through a self-pipe. A case is finished
 * when its supervisor has been reaped: by then the supervisor has written its
 * last record and killed everything the case ran, so whatever is still in the
 * pipes is all there will be. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "channel.h"
#include "leftovers.h"
#include "isolate.h"
#include "runner.h"
#include "runtime.h"
#include "tmpdir.h"
#include "util.h"

#define OUTPUT_CAP (64 * 1024)           /* bytes of output kept per case */
#define CHANNEL_CAP (4 * 1024 * 1024)    /* bytes a case may send on its channel */
#define MAX_OBS 512
#define MAX_NOTES 128

struct slot {
	int used;
	size_t idx;
	pid_t sup;
	int chan, out;                   /* read ends; -1 once closed */
	char buf[2 * IPCC_REC_SIZE];     /* channel bytes not yet parsed */
	size_t buflen, chan_bytes;
	double start, outer;             /* launch time; when the harness gives up */
	char *dir;
	struct ipcc_facts facts;
};

struct runner {
	const struct ipcc_plan *plan;
	const struct ipcc_run_config *cfg;
	struct ipcc_result *results;
	char *done;
	struct slot *slots;
	int running;
	int broke;                       /* the harness could not go on */
	char *run_dir;
	struct ipcc_run_stats *stats;
	struct ipcc_leftovers leftovers; /* with cfg->census */
};

static volatile sig_atomic_t stop_signal;
static int wake[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;

	if (sig != SIGCHLD)
		stop_signal = sig;
	if (write(wake[1], "", 1) < 0) {
		/* the pipe is full: the loop is awake already */
	}
	errno = saved;
}

static const int caught[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[4], saved_pipe;

static int install_signals(void)
{
	struct sigaction sa;

	if (pipe(wake) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(wake[i], F_SETFD, FD_CLOEXEC);
		fcntl(wake[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++) {
		sigaction(caught[i], NULL, &saved_actions[i]);
		/* A stop signal ignored by whoever started us (nohup, a
		 * background job) stays ignored, as in any well-behaved tool. */
		if (caught[i] != SIGCHLD && saved_actions[i].sa_handler == SIG_IGN)
			continue;
		sigaction(caught[i], &sa, NULL);
	}
	/* A closed report stream is an error to report, not a way to die
	 * leaving cases running. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &saved_pipe);
	return 0;
}

static void restore_signals(void)
{
	for (int i = 0; i < 4; i++)
		sigaction(caught[i], &saved_actions[i], NULL);
	sigaction(SIGPIPE, &saved_pipe, NULL);
	close(wake[0]);
	close(wake[1]);
	wake[0] = wake[1] = -1;
}

/* ---- records ---------------------------------------------------------------- */

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int valid_key(const char *k)
{
	size_t n = strlen(k);

	if (n == 0 || n > 47)
		return 0;
	return strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static void set_broken(struct slot *s, const char *why)
{
	if (!s->facts.broken)
		s->facts.broken = ipcc_xstrdup(why);
}

static void take_record(struct slot *s, struct ipcc_result *r, const struct ipcc_rec *rec)
{
	struct ipcc_facts *f = &s->facts;
	long v[5];

	switch (rec->type) {
	case REC_OBS:
		if (!valid_key(rec->field[0]))
			set_broken(s, "an observation with an invalid key");
		else if (r->nobs >= MAX_OBS)
			set_broken(s, "more observations than a case may make");
		else
			ipcc_result_observe(r, rec->field[0], rec->field[1]);
		break;
	case REC_NOTE:
		if (r->nnotes < MAX_NOTES)
			ipcc_result_note(r, rec->field[0]);
		break;
	case REC_DETAIL:
		free(f->expected);
		free(f->observed);
		f->expected = ipcc_xstrdup(rec->field[0]);
		f->observed = ipcc_xstrdup(rec->field[1]);
		break;
	case REC_ERROR:
		if (f->have_error)
			break;
		f->have_error = 1;
		f->e_msg = ipcc_xstrdup(rec->field[0]);
		f->e_file = ipcc_xstrdup(rec->field[1]);
		f->e_line = parse_int(rec->field[2], 0, 1000000, &v[0]) ? 0 : (int)v[0];
		break;
	case REC_SKIP:
		if (!f->have_skip) {
			f->have_skip = 1;
			f->skip_reason = ipcc_xstrdup(rec->field[0]);
		}
		break;
	case REC_RESULT:
		if (f->have_result) {
			set_broken(s, "two results for one case");
			break;
		}
		if (strcmp(rec->field[0], "pass") && strcmp(rec->field[0], "fail")) {
			set_broken(s, "a result that is neither pass nor fail");
			break;
		}
		f->have_result = 1;
		f->passed = !strcmp(rec->field[0], "pass");
		f->r_file = ipcc_xstrdup(rec->field[1]);
		f->r_line = parse_int(rec->field[2], 0, 1000000, &v[0]) ? 0 : (int)v[0];
		f->r_msg = ipcc_xstrdup(rec->field[3]);
		break;
	case REC_CHILD:
		if (parse_int(rec->field[0], 1, 0x7fffffffL, &v[0]))
			set_broken(s, "a malformed process id");
		else
			f->case_pid = v[0];
		break;
	case REC_NOSTART:
		if (!f->nostart)
			f->nostart = ipcc_xstrdup(rec->field[0]);
		break;
	case REC_EXIT:
		if (f->have_exit) {
			set_broken(s, "two exit reports for one case");
			break;
		}
		for (int i = 0; i < 5; i++)
			if (i != 2 && parse_int(rec->field[i], i == 0 ? -0x7fffffffL - 1 : 0, 0x7fffffffL,
						&v[i])) {
				set_broken(s, "a malformed exit report");
				return;
			}
		f->have_exit = 1;
		f->status = (int)v[0];
		f->timed_out = (int)v[1];
		f->where = ipcc_xstrdup(rec->field[2]);
		f->killed = (int)v[3];
		f->reaped = (int)v[4];
		break;
	}
}

/* Reads what the channel has; returns 0 at EOF. */
static int read_channel(struct slot *s, struct ipcc_result *r)
{
	for (;;) {
		ssize_t n = read(s->chan, s->buf + s->buflen, sizeof(s->buf) - s->buflen);
		size_t off = 0, used;
		struct ipcc_rec rec;
		const char *why;
		int got;

		if (n < 0)
			return errno == EINTR ? 1 : errno == EAGAIN ? 1 : 0;
		if (n == 0) {
			if (s->buflen && !s->facts.broken)
				set_broken(s, "a record cut short");
			return 0;
		}
		s->chan_bytes += (size_t)n;
		if (s->facts.broken) {
			s->buflen = 0; /* keep the writer from blocking; nothing is believed */
			continue;
		}
		if (s->chan_bytes > CHANNEL_CAP) {
			set_broken(s, "flooded: more than 4 MiB of records");
			s->buflen = 0;
			continue;
		}
		s->buflen += (size_t)n;
		while ((got = ipcc_rec_parse(s->buf + off, s->buflen - off, &used, &rec, &why)) == 1) {
			take_record(s, r, &rec);
			off += used;
		}
		if (got < 0) {
			set_broken(s, why);
			s->buflen = 0;
			continue;
		}
		memmove(s->buf, s->buf + off, s->buflen - off);
		s->buflen -= off;
	}
}

/* Reads what the output capture has, keeping the first OUTPUT_CAP bytes;
 * returns 0 at EOF. */
static int read_output(struct slot *s, struct ipcc_result *r)
{
	char tmp[16384];

	for (;;) {
		ssize_t n = read(s->out, tmp, sizeof(tmp));
		size_t keep;

		if (n < 0)
			return errno == EINTR || errno == EAGAIN;
		if (n == 0)
			return 0;
		keep = r->output_len < OUTPUT_CAP ? OUTPUT_CAP - r->output_len : 0;
		if (keep > (size_t)n)
			keep = (size_t)n;
		if (keep) {
			r->output = ipcc_xrealloc(r->output, r->output_len + keep + 1);
			memcpy(r->output + r->output_len, tmp, keep);
			r->output_len += keep;
			r->output[r->output_len] = '\0';
		}
		r->output_dropped += (size_t)n - keep;
	}
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* ---- launching and finishing ------------------------------------------------ */

static struct slot *free_slot(struct runner *R)
{
	for (int i = 0; i < R->cfg->jobs; i++)
		if (!R->slots[i].used)
			return &R->slots[i];
	return NULL;
}

static int make_pipe(int fds[2])
{
#ifdef HAVE_PIPE2
	return pipe2(fds, O_CLOEXEC);
#else
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
#endif
}

static void finish(struct runner *R, struct slot *s, int sup_status);

/* The harness could not start a case. With --keep-going the case is an
 * error and the run goes on; otherwise the run stops (broke is set). */
static int cannot_start(struct runner *R, size_t idx, const char *why)
{
	struct ipcc_result *r = &R->results[idx];

	if (!R->cfg->keep_going) {
		snprintf(R->stats->err, sizeof(R->stats->err), "cannot start %s: %s",
			 R->plan->cases[idx].id, why);
		R->broke = 1;
		return -1;
	}
	struct ipcc_facts f = { .harness_error = ipcc_strfmt("the harness could not start the case: %s", why) };
	ipcc_judge(r, &f, R->cfg->profile);
	ipcc_facts_free(&f);
	R->stats->harness_errors++;
	R->done[idx] = 1;
	return 0;
}

static int launch(struct runner *R, size_t idx)
{
	const struct ipcc_planned *p = &R->plan->cases[idx];
	struct slot *s = free_slot(R);
	int chan[2], out[2];
	char err[300];
	double timeout = (p->c->timeout > 0 ? p->c->timeout : IPCC_DEFAULT_TIMEOUT) * R->cfg->multiplier;
	pid_t pid;

	if (R->cfg->census)
		ipcc_leftovers_before_case(&R->leftovers);
	R->results[idx].p = p;
	s->dir = ipcc_tmp_case_dir(R->run_dir, p->number, err, sizeof(err));
	if (!s->dir)
		return cannot_start(R, idx, err);
	if (make_pipe(chan) < 0) {
		snprintf(err, sizeof(err), "pipe: %s", strerror(errno));
		goto fail_dir;
	}
	if (make_pipe(out) < 0) {
		snprintf(err, sizeof(err), "pipe: %s", strerror(errno));
		goto fail_chan;
	}
	struct ipcc_launch l = {
		.suite = p->suite, .c = p->c, .id = p->id, .dir = s->dir,
		.chan_wr = chan[1], .out_wr = out[1], .timeout = timeout,
		.multiplier = R->cfg->multiplier, .sandbox = R->cfg->sandbox, .ns = R->cfg->ns,
		.cg = R->cfg->cg,
		.self_exe = R->cfg->self_exe,
		.under_valgrind = R->cfg->under_valgrind,
	};
	fflush(NULL); /* buffered report lines must not be written by a child too */
	pid = fork();
	if (pid == 0) {
		close(chan[0]);
		close(out[0]);
		ipcc_supervise(&l);
	}
	close(chan[1]);
	close(out[1]);
	if (pid < 0) {
		snprintf(err, sizeof(err), "fork: %s", strerror(errno));
		close(out[0]);
		close(chan[0]);
		goto fail_dir;
	}
	setpgid(pid, pid); /* also done by the supervisor: whichever runs first */
	fcntl(chan[0], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	s->used = 1;
	s->idx = idx;
	s->sup = pid;
	s->chan = chan[0];
	s->out = out[0];
	s->buflen = s->chan_bytes = 0;
	s->start = ipcc_now();
	s->outer = s->start + timeout * 1.25 + 5.0;
	memset(&s->facts, 0, sizeof(s->facts));
	s->facts.timeout = timeout;
	R->running++;
	return 0;

fail_chan:
	close(chan[0]);
	close(chan[1]);
fail_dir:
	{
		char rmerr[300];
		ipcc_tmp_remove(s->dir, rmerr, sizeof(rmerr));
	}
	free(s->dir);
	s->dir = NULL;
	return cannot_start(R, idx, err);
}

/* Children of the harness that are not supervisors are orphans of a case
 * whose supervisor was lost: they are killed (and reaped with SIGCHLD). */
static void kill_strays(struct runner *R)
{
	pid_t kids[256];
	int n = ipcc_list_children(kids, 256);

	for (int i = 0; i < n; i++) {
		int ours = 0;

		for (int j = 0; j < R->cfg->jobs; j++)
			ours |= R->slots[j].used && R->slots[j].sup == kids[i];
		if (!ours)
			kill(kids[i], SIGKILL);
	}
}

static void finish(struct runner *R, struct slot *s, int sup_status)
{
	struct ipcc_result *r = &R->results[s->idx];
	char err[300];

	if (!s->facts.have_exit && s->facts.case_pid > 0) {
		kill(-(pid_t)s->facts.case_pid, SIGKILL);
		kill_strays(R);
	}
	if (s->chan >= 0)
		read_channel(s, r);
	if (s->out >= 0)
		read_output(s, r);
	close_fd(&s->chan);
	close_fd(&s->out);
	s->facts.sup_status = sup_status;
	r->duration_ms = (ipcc_now() - s->start) * 1000.0;
	if (s->facts.nostart && !s->facts.broken) {
		cannot_start(R, s->idx, s->facts.nostart);
		ipcc_facts_free(&s->facts);
	} else {
		ipcc_judge(r, &s->facts, R->cfg->profile);
		ipcc_facts_free(&s->facts);
		R->done[s->idx] = 1;
	}
	if (R->cfg->census)
		ipcc_leftovers_after_case(&R->leftovers, r, NULL);
	if (ipcc_tmp_remove(s->dir, err, sizeof(err)) < 0) {
		char *msg = ipcc_strfmt("the case's working directory was not removed: %s", err);
		ipcc_result_note(r, msg);
		free(msg);
	}
	free(s->dir);
	s->dir = NULL;
	s->used = 0;
	R->running--;
}

static void reap(struct runner *R)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		struct slot *s = NULL;

		for (int i = 0; i < R->cfg->jobs && !s; i++)
			if (R->slots[i].used && R->slots[i].sup == pid)
				s = &R->slots[i];
		if (s)
			finish(R, s, st);
		else
			R->stats->strays++;
	}
}

static void enforce_deadlines(struct runner *R)
{
	double now = ipcc_now();

	for (int i = 0; i < R->cfg->jobs; i++) {
		struct slot *s = &R->slots[i];

		if (!s->used || s->facts.outer_timeout || now < s->outer)
			continue;
		s->facts.outer_timeout = 1;
		kill(s->sup, SIGKILL);
		if (s->facts.case_pid > 0)
			kill(-(pid_t)s->facts.case_pid, SIGKILL);
	}
}

/* Stops every running case: supervisors, cases and strays are killed and
 * reaped, their results discarded (they did not finish). */
static void stop_all(struct runner *R)
{
	for (int i = 0; i < R->cfg->jobs; i++) {
		struct slot *s = &R->slots[i];

		if (!s->used)
			continue;
		if (s->facts.case_pid <= 0)
			read_channel(s, &R->results[s->idx]); /* learn the case's pid if sent */
		kill(s->sup, SIGKILL);
		if (s->facts.case_pid > 0)
			kill(-(pid_t)s->facts.case_pid, SIGKILL);
	}
	for (int i = 0; i < R->cfg->jobs; i++) {
		struct slot *s = &R->slots[i];
		char err[300];
		int st;

		if (!s->used)
			continue;
		while (waitpid(s->sup, &st, 0) < 0 && errno == EINTR)
			;
		close_fd(&s->chan);
		close_fd(&s->out);
		ipcc_facts_free(&s->facts);
		ipcc_tmp_remove(s->dir, err, sizeof(err));
		free(s->dir);
		s->used = 0;
		R->running--;
		if (R->cfg->census)
			ipcc_leftovers_after_case(&R->leftovers, NULL, stderr);
	}
	kill_strays(R);
}

/* ---- the loop ------------------------------------------------------------------ */

static int poll_once(struct runner *R)
{
	struct pollfd *pfd = ipcc_xmalloc((size_t)(1 + 2 * R->cfg->jobs) * sizeof(*pfd));
	struct slot **owner = ipcc_xmalloc((size_t)(1 + 2 * R->cfg->jobs) * sizeof(*owner));
	double now = ipcc_now(), wake_at = now + 60.0;
	int n = 0, timeout, r;

	pfd[n++] = (struct pollfd){ .fd = wake[0], .events = POLLIN };
	for (int i = 0; i < R->cfg->jobs; i++) {
		struct slot *s = &R->slots[i];

		if (!s->used)
			continue;
		if (s->outer < wake_at)
			wake_at = s->outer;
		if (s->chan >= 0) {
			owner[n] = s;
			pfd[n++] = (struct pollfd){ .fd = s->chan, .events = POLLIN };
		}
		if (s->out >= 0) {
			owner[n] = s;
			pfd[n++] = (struct pollfd){ .fd = s->out, .events = POLLIN };
		}
	}
	timeout = wake_at <= now ? 0 : (int)((wake_at - now) * 1000.0) + 1;
	r = poll(pfd, (nfds_t)n, timeout);
	if (r < 0 && errno != EINTR) {
		snprintf(R->stats->err, sizeof(R->stats->err), "poll: %s", strerror(errno));
		free(pfd);
		free(owner);
		return -1;
	}
	for (int i = 1; r > 0 && i < n; i++) {
		struct slot *s = owner[i];
		struct ipcc_result *res = &R->results[s->idx];

		if (!pfd[i].revents)
			continue;
		if (pfd[i].fd == s->chan && !read_channel(s, res))
			close_fd(&s->chan);
		else if (pfd[i].fd == s->out && !read_output(s, res))
			close_fd(&s->out);
	}
	if (r > 0 && pfd[0].revents) {
		char drain[64];
		while (read(wake[0], drain, sizeof(drain)) > 0)
			;
	}
	free(pfd);
	free(owner);
	reap(R);
	enforce_deadlines(R);
	return 0;
}

enum ipcc_run_end ipcc_run(const struct ipcc_plan *plan, const struct ipcc_run_config *cfg,
			   struct ipcc_result *results,
			   int (*emit)(void *ctx, const struct ipcc_result *r), void *ctx,
			   struct ipcc_run_stats *stats)
{
	struct runner R = {
		.plan = plan, .cfg = cfg, .results = results, .stats = stats,
	};
	enum ipcc_run_end end = IPCC_RUN_COMPLETE;
	size_t next = 0, emitted = 0;
	char err[300];

	memset(stats, 0, sizeof(*stats));
	R.run_dir = ipcc_tmp_run_dir(stats->err, sizeof(stats->err));
	if (!R.run_dir)
		return IPCC_RUN_HARNESS_BROKE;
	if (install_signals() < 0) {
		snprintf(stats->err, sizeof(stats->err), "pipe: %s", strerror(errno));
		ipcc_tmp_remove(R.run_dir, err, sizeof(err));
		free(R.run_dir);
		return IPCC_RUN_HARNESS_BROKE;
	}
#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_CHILD_SUBREAPER)
	/* Orphans of a case whose supervisor was lost come to us, not to init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
	if (cfg->census) {
		const char *tmp = getenv("TMPDIR");

		ipcc_leftovers_start(&R.leftovers, tmp && *tmp ? tmp : "/tmp", stderr);
	}
	R.done = calloc(plan->n, 1);
	R.slots = calloc((size_t)cfg->jobs, sizeof(*R.slots));
	if (!R.done || !R.slots) {
		snprintf(stats->err, sizeof(stats->err), "out of memory");
		end = IPCC_RUN_HARNESS_BROKE;
		goto out;
	}
	stop_signal = 0;
	while (emitted < plan->n) {
		while (!stop_signal && !R.broke && R.running < cfg->jobs && next < plan->n)
			if (launch(&R, next++) < 0) {
				end = IPCC_RUN_HARNESS_BROKE;
				goto stop;
			}
		while (emitted < plan->n && R.done[emitted])
			if (emit(ctx, &results[emitted++]) < 0) {
				snprintf(stats->err, sizeof(stats->err), "cannot write the report: %s",
					 strerror(errno));
				end = IPCC_RUN_HARNESS_BROKE;
				goto stop;
			}
		if (stop_signal) {
			stats->signo = stop_signal;
			end = IPCC_RUN_INTERRUPTED;
			goto stop;
		}
		if (R.broke) {
			end = IPCC_RUN_HARNESS_BROKE;
			goto stop;
		}
		if (emitted < plan->n && poll_once(&R) < 0) {
			end = IPCC_RUN_HARNESS_BROKE;
			goto stop;
		}
	}
stop:
	stop_all(&R);
	/* Orphans of a supervisor its case killed came to us: none may
	 * outlive the run (nor keep the run's cgroup busy). Each round kills
	 * every child left and reaps one, until there is none. */
	for (;;) {
		int st;
		pid_t pid;

		kill_strays(&R);
		pid = waitpid(-1, &st, 0);
		if (pid > 0)
			stats->strays++;
		else if (errno != EINTR)
			break;
	}
out:
	if (R.run_dir && ipcc_tmp_remove(R.run_dir, err, sizeof(err)) < 0 && end == IPCC_RUN_COMPLETE)
		fprintf(stderr, "ipcconform: warning: %s\n", err);
	free(R.run_dir);
	free(R.done);
	free(R.slots);
	if (cfg->census)
		ipcc_leftovers_free(&R.leftovers);
	restore_signals();
	return end;
}
