/* signal.c: signals (catalogue section SIG): default actions, handlers and
 * their flags, masks and pending signals, kill(), inheritance across fork
 * and exec, and the terminal's interrupt characters.
 *
 * The case process never takes a default action itself: a case about one
 * forks a child that does it and judges the child's wait status. Handlers
 * only count and record into static storage. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "case.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SIG_ARG(sig) ((void *)(intptr_t)(sig))

/* ---- small tools ---------------------------------------------------------- */

static volatile sig_atomic_t hits, last_sig;

static void on_signal(int sig)
{
	hits++;
	last_sig = sig;
}

/* What an SA_SIGINFO handler was given, in delivery order. */
struct rec {
	int sig, signo, code, pid, uid, value, status;
};
static struct rec recs[16];
static volatile sig_atomic_t nrecs;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nrecs < (sig_atomic_t)N(recs)) {
		struct rec *r = &recs[nrecs];

		r->sig = sig;
		r->signo = si->si_signo;
		r->code = si->si_code;
		r->pid = (int)si->si_pid;
		r->uid = (int)si->si_uid;
		r->value = si->si_value.sival_int;
		r->status = sig == SIGCHLD ? si->si_status : 0;
	}
	nrecs++;
}

static void set_action(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	MUST(sigaction(sig, &sa, NULL));
}

/* An SA_SIGINFO handler recording into recs[], blocking `also` (if given)
 * while it runs. */
static void set_info_action_masked(int sig, int flags, const sigset_t *also)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | flags;
	if (also)
		sa.sa_mask = *also;
	else
		sigemptyset(&sa.sa_mask);
	MUST(sigaction(sig, &sa, NULL));
}

static void set_info_action(int sig, int flags)
{
	set_info_action_masked(sig, flags, NULL);
}

static void mask_one(int how, int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	MUST(sigprocmask(how, &s, NULL));
}

static int is_pending(int sig)
{
	sigset_t s;

	MUST(sigpending(&s));
	return sigismember(&s, sig) == 1;
}

static int is_blocked(int sig)
{
	sigset_t s;

	MUST(sigprocmask(SIG_BLOCK, NULL, &s));
	return sigismember(&s, sig) == 1;
}

static void (*disposition(int sig))(int)
{
	struct sigaction sa;

	MUST(sigaction(sig, NULL, &sa));
	return sa.sa_handler;
}

/* NO_REPORT (from wait_for): the child neither changed state nor ended in
 * the time allowed. */
#define NO_REPORT (-1)

static const char *status_of(int st)
{
	static char buf[64];

	if (st == NO_REPORT)
		return "made no report in the time allowed";
	return ipcc_describe_status(st, buf, sizeof(buf));
}

static struct timespec half_the_time_left(void)
{
	double left = ipcc_time_left() / 2;

	if (left < 0)
		left = 0;
	return (struct timespec){ (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };
}

/* waitpid for a stop (WUNTRACED) or continue (WCONTINUED) report, or the
 * end, that is the behaviour under test: bounded (half the time the case
 * has left), so that a child that never changes state fails the case
 * instead of timing it out. SIGCHLD, blocked meanwhile, is the wake-up;
 * the mask is restored after. It may consume SIGCHLDs: cases about SIGCHLD
 * use wait_plain. */
static int wait_for(pid_t pid, int flags)
{
	struct timespec ts = half_the_time_left();
	sigset_t chld, old;
	int st;
	pid_t r;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	MUST(sigprocmask(SIG_BLOCK, &chld, &old));
	while ((r = waitpid(pid, &st, flags | WNOHANG)) == 0)
		if (sigtimedwait(&chld, NULL, &ts) < 0 && errno == EAGAIN) {
			r = waitpid(pid, &st, flags | WNOHANG); /* one last look */
			break;
		}
	MUST(sigprocmask(SIG_SETMASK, &old, NULL));
	MUST(r);
	return r == 0 ? NO_REPORT : st;
}

/* waitpid for a report that is only setup, leaving SIGCHLD alone. */
static int wait_plain(pid_t pid, int flags)
{
	int st;

	while (waitpid(pid, &st, flags) < 0)
		if (errno != EINTR)
			MUST(-1);
	return st;
}

/* Ends a stopped (or any) child of the case and reaps it. */
static void kill_and_reap(pid_t pid)
{
	MUST(kill(pid, SIGKILL));
	ipcc_reap(pid);
}

/* Takes a blocked signal that is pending or about to be, waiting at most
 * half the time the case has left; returns 0 if none came. */
static int take_signal(int sig, siginfo_t *si)
{
	struct timespec ts = half_the_time_left();
	sigset_t s;
	int r;

	sigemptyset(&s);
	sigaddset(&s, sig);
	while ((r = sigtimedwait(&s, si, &ts)) < 0 && errno == EINTR)
		;
	if (r < 0 && errno == EAGAIN)
		return 0;
	return (int)MUST(r);
}

/* A pipe and a child that waits on it, for cases that act on a live child:
 * the child exits 0 once it reads "x" (1 if anything else arrives). */
struct waiter {
	int fds[2];
	struct ipcc_gate gate;
	int sig;        /* what the child does to this signal before waiting */
	int how;        /* 0: nothing, 1: ignore it, 2: block it */
};

static int wait_for_x(void *arg)
{
	struct waiter *w = arg;
	char c;

	close(w->fds[1]);
	if (w->how == 1)
		set_action(w->sig, SIG_IGN, 0);
	if (w->how == 2)
		mask_one(SIG_BLOCK, w->sig);
	gate_pass(&w->gate);
	return read(w->fds[0], &c, 1) == 1 && c == 'x' ? 0 : 1;
}

static pid_t start_waiter(struct waiter *w)
{
	pid_t pid;

	MUST(pipe(w->fds));
	gate_open(&w->gate);
	pid = ipcc_spawn(wait_for_x, w);
	close(w->fds[0]);
	gate_close_wr(&w->gate);
	gate_wait(&w->gate);
	return pid;
}

/* Lets the waiter finish: it must exit 0. */
static void release_waiter(struct waiter *w, pid_t pid)
{
	MUST(write(w->fds[1], "x", 1));
	close(w->fds[1]);
	EXPECT_EQ(ipcc_join(pid), 0);
}

/* ---- default actions (XBD <signal.h>) ------------------------------------ */

/* The child takes sig's default action on itself: SIG_DFL, nothing
 * blocked, raise(). Returning means it survived. */
static int raise_with_default(void *arg)
{
	int sig = (int)(intptr_t)arg;
	sigset_t none;

	if (sig != SIGKILL && sig != SIGSTOP)
		set_action(sig, SIG_DFL, 0);
	sigemptyset(&none);
	MUST(sigprocmask(SIG_SETMASK, &none, NULL));
	raise(sig);
	return 100;
}

static void expect_terminates(int sig)
{
	int st = ipcc_reap(ipcc_spawn(raise_with_default, SIG_ARG(sig)));

	observe("status", "%s", status_of(st));
	EXPECT_KILLED_BY(st, sig);
}

static void expect_stops(int sig)
{
	pid_t pid;
	int st;
	char how[64];

	if (sig != SIGSTOP && ipcc_under_valgrind())
		SKIP("valgrind emulates the default action of a raised %s and does not stop",
		     ipcc_signal_name(sig));
	pid = ipcc_spawn(raise_with_default, SIG_ARG(sig));
	st = wait_for(pid, WUNTRACED);

	observe("status", "%s", ipcc_describe_status(st, how, sizeof(how)));
	if (WIFSTOPPED(st))
		kill_and_reap(pid);
	EXPECT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == sig, "the child %s, expected stopped by %s",
		    how, ipcc_signal_name(sig));
}

/* A signal whose default is to be ignored: sent to a child waiting on a
 * pipe, it changes nothing, and the child exits 0 when asked. The signal is
 * pending (or discarded) when kill() returns, and acted on before the child
 * returns from read(), so the request cannot overtake it. */
static void expect_ignored(int sig)
{
	struct waiter w = { .sig = sig };
	pid_t pid = start_waiter(&w);
	int st;

	MUST(kill(pid, sig));
	MUST(write(w.fds[1], "x", 1));
	st = ipcc_reap(pid);
	observe("status", "%s", status_of(st));
	EXPECT_EXITED(st, 0);
}

#define TERMINATES(name, sig) \
	START_TEST(default_action_of_##name##_terminates) { expect_terminates(sig); } END_TEST
#define TERMINATES_CORE(name, sig) \
	START_TEST(default_action_of_##name##_terminates_and_may_dump_core) \
	{ expect_terminates(sig); } END_TEST
#define STOPS(name, sig) \
	START_TEST(default_action_of_##name##_stops) { expect_stops(sig); } END_TEST
#define IGNORED(name, sig) \
	START_TEST(default_action_of_##name##_is_ignore) { expect_ignored(sig); } END_TEST

TERMINATES(sighup, SIGHUP)
TERMINATES(sigint, SIGINT)
TERMINATES(sigkill, SIGKILL)
TERMINATES(sigpipe, SIGPIPE)
TERMINATES(sigalrm, SIGALRM)
TERMINATES(sigterm, SIGTERM)
TERMINATES(sigusr1, SIGUSR1)
TERMINATES(sigusr2, SIGUSR2)
TERMINATES_CORE(sigquit, SIGQUIT)
TERMINATES_CORE(sigill, SIGILL)
TERMINATES_CORE(sigabrt, SIGABRT)
TERMINATES_CORE(sigfpe, SIGFPE)
TERMINATES_CORE(sigsegv, SIGSEGV)
TERMINATES_CORE(sigbus, SIGBUS)
TERMINATES_CORE(sigsys, SIGSYS)
TERMINATES_CORE(sigtrap, SIGTRAP)
TERMINATES_CORE(sigxcpu, SIGXCPU)
TERMINATES_CORE(sigxfsz, SIGXFSZ)
TERMINATES(sigvtalrm, SIGVTALRM)
TERMINATES(sigprof, SIGPROF)
#ifdef SIGPOLL
TERMINATES(sigpoll, SIGPOLL)
#endif
#ifdef SIGSTKFLT
START_TEST(default_action_of_sigstkflt_terminates)
{
	if (ipcc_under_valgrind())
		SKIP("valgrind emulates SIGSTKFLT's default action as ignore");
	expect_terminates(SIGSTKFLT);
}
END_TEST
#endif
#ifdef SIGPWR
TERMINATES(sigpwr, SIGPWR)
#endif
#ifdef SIGIO
/* On Linux SIGIO is SIGPOLL's number: the row names both. */
TERMINATES(sigio, SIGIO)
#endif
IGNORED(sigchld, SIGCHLD)
IGNORED(sigurg, SIGURG)
#ifdef SIGWINCH
IGNORED(sigwinch, SIGWINCH)
#endif
STOPS(sigstop, SIGSTOP)
STOPS(sigtstp, SIGTSTP)
STOPS(sigttin, SIGTTIN)
STOPS(sigttou, SIGTTOU)

/* Valgrind keeps some real-time signals for itself: their dispositions
 * cannot be queried there, and SIGRTMAX, which it uses internally, does
 * not terminate when raised at SIG_DFL. */
static int usable_rt(int sig)
{
	struct sigaction sa;

	if (ipcc_under_valgrind() && sig == SIGRTMAX)
		return 0;
	return sigaction(sig, NULL, &sa) == 0;
}

START_TEST(default_action_of_sigrtmin_to_sigrtmax_terminates)
{
	int bad = 0, first_bad = 0, skipped = 0, st = 0;

	observe("sigrtmin", "%d", SIGRTMIN);
	observe("sigrtmax", "%d", SIGRTMAX);
	EXPECT_GE(SIGRTMAX - SIGRTMIN + 1, 8);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
		int s;

		if (ipcc_under_valgrind() && !usable_rt(sig)) {
			skipped++;
			continue;
		}
		s = ipcc_reap(ipcc_spawn(raise_with_default, SIG_ARG(sig)));
		if (!(WIFSIGNALED(s) && WTERMSIG(s) == sig) && !bad++) {
			first_bad = sig;
			st = s;
		}
	}
	if (skipped)
		note("%d real-time signals reserved by valgrind were not tried", skipped);
	EXPECT_TRUE(bad == 0, "%d of the real-time signals did not terminate; the first, %s: %s", bad,
		    ipcc_signal_name(first_bad), status_of(st));
}
END_TEST

START_TEST(default_action_of_sigcont_continues)
{
	struct waiter w = { 0 };
	pid_t pid = start_waiter(&w);
	int st;

	MUST(kill(pid, SIGSTOP));
	st = wait_for(pid, WUNTRACED);
	MUST_TRUE(WIFSTOPPED(st), "the child %s instead of stopping", status_of(st));
	MUST(kill(pid, SIGCONT));
	st = wait_for(pid, WCONTINUED);
	observe("status", "%s", status_of(st));
	EXPECT_TRUE(WIFCONTINUED(st), "the child %s, expected continued", status_of(st));
	release_waiter(&w, pid);
}
END_TEST

/* SIG-005: raise the soft core limit to the hard one in the child; the
 * core file lands in the case's directory (its working directory). */
static int raise_with_core_limit(void *arg)
{
	struct rlimit rl;

	MUST(getrlimit(RLIMIT_CORE, &rl));
	rl.rlim_cur = rl.rlim_max;
	MUST(setrlimit(RLIMIT_CORE, &rl));
	return raise_with_default(arg);
}

START_TEST(core_dump_bit_after_sigquit_and_sigterm)
{
	static const int sigs[] = { SIGQUIT, SIGTERM };
	static const char *const keys[] = { "wcoredump.sigquit", "wcoredump.sigterm" };
	struct rlimit rl;

	MUST(getrlimit(RLIMIT_CORE, &rl));
	if (rl.rlim_max == 0)
		SKIP("the hard RLIMIT_CORE is 0: no core can be dumped here");
	for (size_t i = 0; i < N(sigs); i++) {
		int st = ipcc_reap(ipcc_spawn(raise_with_core_limit, SIG_ARG(sigs[i])));

		MUST_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i], "the child %s", status_of(st));
		observe(keys[i], "%s", WCOREDUMP(st) ? "yes" : "no");
	}
}
END_TEST

/* SIG-010: SIGCONT resumes a stopped process whatever it does with SIGCONT. */
static void expect_sigcont_resumes(int how)
{
	struct waiter w = { .sig = SIGCONT, .how = how };
	pid_t pid = start_waiter(&w);
	int st;

	MUST(kill(pid, SIGSTOP));
	st = wait_for(pid, WUNTRACED);
	MUST_TRUE(WIFSTOPPED(st), "the child %s instead of stopping", status_of(st));
	MUST(kill(pid, SIGCONT));
	st = wait_for(pid, WCONTINUED);
	EXPECT_TRUE(WIFCONTINUED(st), "the child %s, expected continued", status_of(st));
	release_waiter(&w, pid);
}

START_TEST(sigcont_resumes_child_that_ignores_sigcont) { expect_sigcont_resumes(1); } END_TEST
START_TEST(sigcont_resumes_child_that_blocks_sigcont) { expect_sigcont_resumes(2); } END_TEST

/* SIG-011: in a child, since a stop signal left pending there would stop
 * it when unblocked. Both are blocked; only the pending set is read. */
static int cont_then_stop(void *arg)
{
	int stop_last = (int)(intptr_t)arg;
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTSTP);
	sigaddset(&s, SIGCONT);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	if (stop_last) {
		MUST(raise(SIGCONT));
		MUST(raise(SIGTSTP));
		EXPECT_TRUE(is_pending(SIGTSTP) && !is_pending(SIGCONT),
			    "after SIGCONT then SIGTSTP: SIGTSTP %s, SIGCONT %s",
			    is_pending(SIGTSTP) ? "pending" : "not pending",
			    is_pending(SIGCONT) ? "pending" : "not pending");
	} else {
		MUST(raise(SIGTSTP));
		MUST(raise(SIGCONT));
		EXPECT_TRUE(is_pending(SIGCONT) && !is_pending(SIGTSTP),
			    "after SIGTSTP then SIGCONT: SIGCONT %s, SIGTSTP %s",
			    is_pending(SIGCONT) ? "pending" : "not pending",
			    is_pending(SIGTSTP) ? "pending" : "not pending");
	}
	return 0;
}

START_TEST(sigcont_discards_pending_stop_signal)
{
	EXPECT_EQ(ipcc_join(ipcc_spawn(cont_then_stop, SIG_ARG(0))), 0);
}
END_TEST

START_TEST(stop_signal_discards_pending_sigcont)
{
	EXPECT_EQ(ipcc_join(ipcc_spawn(cont_then_stop, SIG_ARG(1))), 0);
}
END_TEST

/* ---- handlers (XSH sigaction(), signal()) -------------------------------- */

/* SIG-020: in a child, so that a handler that is not run cannot kill the case. */
static int catch_once(void *arg)
{
	int sig = (int)(intptr_t)arg;

	set_action(sig, on_signal, 0);
	MUST(raise(sig));
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(last_sig, sig);
	return 0;
}

#define CATCHES(name, sig) \
	START_TEST(sigaction_handler_replaces_default_action_of_##name) \
	{ EXPECT_EQ(ipcc_join(ipcc_spawn(catch_once, SIG_ARG(sig))), 0); } END_TEST

CATCHES(sigint, SIGINT)
CATCHES(sigterm, SIGTERM)
CATCHES(sigusr1, SIGUSR1)
CATCHES(sigquit, SIGQUIT)

static int signal_installs(void *arg)
{
	(void)arg;
	EXPECT_TRUE(signal(SIGUSR1, on_signal) == SIG_DFL, "the first signal() did not return SIG_DFL");
	MUST(raise(SIGUSR1));
	EXPECT_EQ(hits, 1);
	EXPECT_TRUE(signal(SIGUSR1, SIG_IGN) == on_signal,
		    "the second signal() did not return the handler the first installed");
	EXPECT_TRUE(signal(SIGUSR1, SIG_DFL) == SIG_IGN, "the third signal() did not return SIG_IGN");
	return 0;
}

START_TEST(signal_installs_handler_and_returns_previous_disposition)
{
	EXPECT_EQ(ipcc_join(ipcc_spawn(signal_installs, NULL)), 0);
}
END_TEST

START_TEST(signal_handler_after_one_delivery)
{
	void (*after)(int);

	/* SIGURG: if the handler is reset, a stray second one is harmless. */
	MUST_TRUE(signal(SIGURG, on_signal) != SIG_ERR, "signal(SIGURG): %s", ipcc_errno_name(errno));
	MUST(raise(SIGURG));
	MUST_TRUE(hits == 1, "the handler ran %d times", (int)hits);
	after = disposition(SIGURG);
	observe("after-delivery", "%s", after == on_signal ? "kept (BSD)" :
		after == SIG_DFL ? "reset to SIG_DFL (System V)" : "other");
}
END_TEST

START_TEST(catching_sigkill_or_sigstop_is_einval)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	EXPECT_TRUE(disposition(SIGKILL) == SIG_DFL && disposition(SIGSTOP) == SIG_DFL,
		    "a refused sigaction changed the disposition");
}
END_TEST

START_TEST(ignoring_sigkill_or_sigstop_is_einval)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
}
END_TEST

START_TEST(signal_on_sigkill_or_sigstop_returns_sig_err_einval)
{
	errno = 0;
	EXPECT_TRUE(signal(SIGKILL, on_signal) == SIG_ERR, "signal(SIGKILL, handler) succeeded");
	EXPECT_EQ(errno, EINVAL);
	errno = 0;
	EXPECT_TRUE(signal(SIGSTOP, SIG_IGN) == SIG_ERR, "signal(SIGSTOP, SIG_IGN) succeeded");
	EXPECT_EQ(errno, EINVAL);
}
END_TEST

START_TEST(querying_sigkill_or_sigstop_succeeds)
{
	struct sigaction sa;

	EXPECT_OK(sigaction(SIGKILL, NULL, &sa));
	EXPECT_TRUE(sa.sa_handler == SIG_DFL, "SIGKILL's disposition is not SIG_DFL");
	EXPECT_OK(sigaction(SIGSTOP, NULL, &sa));
	EXPECT_TRUE(sa.sa_handler == SIG_DFL, "SIGSTOP's disposition is not SIG_DFL");
}
END_TEST

START_TEST(setting_sigkill_or_sigstop_to_default)
{
	struct sigaction sa;
	int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	r = sigaction(SIGKILL, &sa, NULL);
	observe("sigkill", "%s", r == 0 ? "ok" : ipcc_errno_name(errno));
	r = sigaction(SIGSTOP, &sa, NULL);
	observe("sigstop", "%s", r == 0 ? "ok" : ipcc_errno_name(errno));
}
END_TEST

/* SIG-025: every other signal caught or ignored (where the system lets
 * it be), all blocked; the child then sleeps in pause(). */
static int catch_and_block_everything(void *arg)
{
	struct ipcc_gate *g = arg;
	sigset_t all;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP) {
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = sig % 2 ? on_signal : SIG_IGN;
			sigemptyset(&sa.sa_mask);
			sigaction(sig, &sa, NULL); /* reserved numbers refuse: harmless */
		}
	sigfillset(&all);
	MUST(sigprocmask(SIG_SETMASK, &all, NULL));
	gate_pass(g);
	pause(); /* everything it could catch is blocked */
	return 100;
}

START_TEST(sigkill_ends_process_that_catches_and_blocks_everything_else)
{
	struct ipcc_gate g;
	pid_t pid;
	int st;

	gate_open(&g);
	pid = ipcc_spawn(catch_and_block_everything, &g);
	gate_wait(&g);
	MUST(kill(pid, SIGKILL));
	st = ipcc_reap(pid);
	observe("status", "%s", status_of(st));
	EXPECT_KILLED_BY(st, SIGKILL);
}
END_TEST

START_TEST(sigstop_stops_process_that_catches_and_blocks_everything_else)
{
	struct ipcc_gate g;
	pid_t pid;
	int st;

	gate_open(&g);
	pid = ipcc_spawn(catch_and_block_everything, &g);
	gate_wait(&g);
	MUST(kill(pid, SIGSTOP));
	st = wait_for(pid, WUNTRACED);
	observe("status", "%s", status_of(st));
	if (WIFSTOPPED(st))
		kill_and_reap(pid);
	EXPECT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "the child %s, expected stopped by SIGSTOP",
		    status_of(st));
}
END_TEST

START_TEST(sigaction_on_invalid_signal_number_is_einval)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	EXPECT_ERRNO(sigaction(0, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(-1, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(SIGRTMAX + 1, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(INT_MAX, &sa, NULL), EINVAL);
}
END_TEST

static void on_other(int sig)
{
	(void)sig;
}

START_TEST(oact_returns_previous_handler_mask_and_flags)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaddset(&sa.sa_mask, SIGUSR2);
	MUST(sigaction(SIGUSR1, &sa, NULL));
	sa.sa_handler = on_other;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	memset(&old, 0, sizeof(old));
	EXPECT_OK(sigaction(SIGUSR1, &sa, &old));
	EXPECT_TRUE(old.sa_handler == on_signal, "oact does not hold the previous handler");
	EXPECT_EQ(sigismember(&old.sa_mask, SIGHUP), 1);
	EXPECT_EQ(sigismember(&old.sa_mask, SIGUSR2), 1);
	EXPECT_EQ(sigismember(&old.sa_mask, SIGINT), 0);
	EXPECT_EQ(old.sa_flags & (SA_RESTART | SA_NODEFER), SA_RESTART | SA_NODEFER);
	EXPECT_EQ(old.sa_flags & (SA_SIGINFO | SA_RESETHAND | SA_ONSTACK), 0);
}
END_TEST

/* SIG-028, SIG-029: what a handler sees of the mask and of itself. */
static sigset_t mask_inside;
static volatile sig_atomic_t depth, max_depth, pending_inside, blocked_inside, reset_inside;

static void on_look(int sig)
{
	struct sigaction sa;
	sigset_t p;

	hits++;
	if (++depth > max_depth)
		max_depth = depth;
	sigprocmask(SIG_BLOCK, NULL, &mask_inside);
	blocked_inside = sigismember(&mask_inside, sig) == 1;
	if (sigaction(sig, NULL, &sa) == 0)
		reset_inside = sa.sa_handler == SIG_DFL;
	if (hits == 1 && last_sig == 0) {
		last_sig = sig;
		raise(sig);
		sigpending(&p);
		pending_inside = sigismember(&p, sig) == 1;
	}
	depth--;
}

START_TEST(mask_in_handler_is_old_mask_plus_sa_mask_plus_signal)
{
	struct sigaction sa;
	sigset_t after;

	mask_one(SIG_BLOCK, SIGHUP);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_look;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	MUST(sigaction(SIGURG, &sa, NULL));
	last_sig = -1; /* no re-raise */
	MUST(raise(SIGURG));
	MUST_TRUE(hits == 1, "the handler ran %d times", (int)hits);
	EXPECT_EQ(sigismember(&mask_inside, SIGHUP), 1);  /* the old mask */
	EXPECT_EQ(sigismember(&mask_inside, SIGTERM), 1); /* sa_mask */
	EXPECT_EQ(sigismember(&mask_inside, SIGURG), 1);  /* the signal */
	EXPECT_EQ(sigismember(&mask_inside, SIGINT), 0);
	MUST(sigprocmask(SIG_BLOCK, NULL, &after));
	EXPECT_EQ(sigismember(&after, SIGHUP), 1);        /* the old mask is back */
	EXPECT_EQ(sigismember(&after, SIGTERM), 0);
	EXPECT_EQ(sigismember(&after, SIGURG), 0);
}
END_TEST

START_TEST(same_signal_raised_in_handler_stays_pending_and_runs_once_after_return)
{
	set_action(SIGURG, on_look, 0);
	MUST(raise(SIGURG));
	EXPECT_EQ(pending_inside, 1);
	EXPECT_EQ(max_depth, 1);
	EXPECT_EQ(hits, 2);
}
END_TEST

START_TEST(sa_nodefer_lets_handler_reenter)
{
	set_action(SIGURG, on_look, SA_NODEFER);
	MUST(raise(SIGURG));
	EXPECT_EQ(max_depth, 2);
	EXPECT_EQ(hits, 2);
	EXPECT_EQ(pending_inside, 0);
}
END_TEST

START_TEST(sa_resethand_disposition_is_default_inside_handler)
{
	last_sig = -1;
	set_action(SIGURG, on_look, SA_RESETHAND);
	MUST(raise(SIGURG));
	MUST_TRUE(hits == 1, "the handler ran %d times", (int)hits);
	EXPECT_EQ(reset_inside, 1);
	EXPECT_TRUE(disposition(SIGURG) == SIG_DFL, "the disposition after the handler is not SIG_DFL");
}
END_TEST

START_TEST(sa_resethand_signal_blocked_in_handler)
{
	last_sig = -1;
	set_action(SIGURG, on_look, SA_RESETHAND);
	MUST(raise(SIGURG));
	MUST_TRUE(hits == 1, "the handler ran %d times", (int)hits);
	observe("blocked-in-handler", "%s", blocked_inside ? "yes" : "no");
}
END_TEST

/* The handler tells the parent it ran (write() is async-signal-safe). */
static int tell_fd = -1;

static void on_tell(int sig)
{
	int e = errno;

	(void)sig;
	hits++;
	if (write(tell_fd, "h", 1) < 0)
		hits += 100;
	errno = e;
}

static int resethand_twice(void *arg)
{
	int *fds = arg;

	close(fds[0]);
	tell_fd = fds[1];
	set_action(SIGUSR1, on_tell, SA_RESETHAND);
	MUST(raise(SIGUSR1));
	MUST(raise(SIGUSR1));
	return 100;
}

START_TEST(second_signal_after_sa_resethand_takes_default_action)
{
	int fds[2], st;
	char c = 0;
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(resethand_twice, fds);
	close(fds[1]);
	st = ipcc_reap(pid);
	EXPECT_EQ(read(fds[0], &c, 1), 1); /* the handler ran the first time */
	observe("status", "%s", status_of(st));
	EXPECT_KILLED_BY(st, SIGUSR1);
}
END_TEST

START_TEST(sa_siginfo_after_kill_from_self_has_si_user_pid_and_uid)
{
	set_info_action(SIGUSR1, 0);
	MUST(kill(getpid(), SIGUSR1));
	MUST_TRUE(nrecs == 1, "the handler ran %d times", (int)nrecs);
	EXPECT_EQ(recs[0].signo, SIGUSR1);
	EXPECT_EQ(recs[0].sig, SIGUSR1);
	EXPECT_EQ(recs[0].code, SI_USER);
	EXPECT_EQ(recs[0].pid, getpid());
	EXPECT_EQ(recs[0].uid, getuid());
}
END_TEST

static int kill_parent(void *arg)
{
	int sig = (int)(intptr_t)arg;

	MUST(kill(getppid(), sig));
	return 0;
}

START_TEST(sa_siginfo_after_kill_from_child_has_si_user_and_child_pid)
{
	pid_t pid;

	set_info_action(SIGUSR1, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	pid = ipcc_spawn(kill_parent, SIG_ARG(SIGUSR1));
	MUST_TRUE(ipcc_join(pid) == 0, "the child did not send");
	mask_one(SIG_UNBLOCK, SIGUSR1);
	MUST_TRUE(nrecs == 1, "the handler ran %d times", (int)nrecs);
	EXPECT_EQ(recs[0].signo, SIGUSR1);
	EXPECT_EQ(recs[0].code, SI_USER);
	EXPECT_EQ(recs[0].pid, pid);
	EXPECT_EQ(recs[0].uid, getuid());
}
END_TEST

START_TEST(sig_ign_discards_pending_blocked_signal)
{
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(raise(SIGUSR1));
	MUST_TRUE(is_pending(SIGUSR1), "the blocked SIGUSR1 is not pending");
	set_action(SIGUSR1, SIG_IGN, 0);
	EXPECT_EQ(is_pending(SIGUSR1), 0);
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	EXPECT_EQ(hits, 0);
}
END_TEST

START_TEST(sig_dfl_discards_pending_signal_whose_default_is_ignore)
{
	static const int sigs[] = { SIGCHLD, SIGURG };

	for (size_t i = 0; i < N(sigs); i++) {
		set_action(sigs[i], on_signal, 0);
		mask_one(SIG_BLOCK, sigs[i]);
		MUST(raise(sigs[i]));
		MUST_TRUE(is_pending(sigs[i]), "the blocked %s is not pending", ipcc_signal_name(sigs[i]));
		set_action(sigs[i], SIG_DFL, 0);
		EXPECT_TRUE(!is_pending(sigs[i]), "%s is still pending after SIG_DFL",
			    ipcc_signal_name(sigs[i]));
	}
}
END_TEST

START_TEST(signal_generated_while_blocked_and_ignored)
{
	set_action(SIGUSR1, SIG_IGN, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(raise(SIGUSR1));
	observe("blocked-and-ignored", "%s", is_pending(SIGUSR1) ? "kept pending" : "discarded");
}
END_TEST

/* SIG-035: the handler returns (and says so through the pipe), or SIGABRT
 * is ignored; abort() must end the process all the same. */
static int abort_anyway(void *arg)
{
	int *fds = arg;

	close(fds[0]);
	tell_fd = fds[1];
	set_action(SIGABRT, fds[2] ? on_tell : SIG_IGN, 0);
	abort();
}

static void expect_abort_ends(int caught)
{
	int fds[3], st;
	char c;
	pid_t pid;

	MUST(pipe(fds));
	fds[2] = caught;
	pid = ipcc_spawn(abort_anyway, fds);
	close(fds[1]);
	st = ipcc_reap(pid);
	observe("status", "%s", status_of(st));
	EXPECT_KILLED_BY(st, SIGABRT);
	if (caught)
		EXPECT_EQ(read(fds[0], &c, 1), 1); /* the handler ran first */
}

START_TEST(abort_ends_process_when_sigabrt_is_caught) { expect_abort_ends(1); } END_TEST
START_TEST(abort_ends_process_when_sigabrt_is_ignored) { expect_abort_ends(0); } END_TEST

/* ---- masks and pending signals (XSH 2.4.1, sigprocmask(), sigqueue()) ---- */

START_TEST(blocked_signal_stays_pending_and_handler_does_not_run)
{
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(raise(SIGUSR1));
	EXPECT_EQ(hits, 0);
	EXPECT_EQ(is_pending(SIGUSR1), 1);
	EXPECT_EQ(is_pending(SIGUSR2), 0);
}
END_TEST

START_TEST(unblocking_pending_signal_runs_handler_before_sigprocmask_returns)
{
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(raise(SIGUSR1));
	MUST_TRUE(hits == 0, "the handler ran while SIGUSR1 was blocked");
	mask_one(SIG_UNBLOCK, SIGUSR1);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(is_pending(SIGUSR1), 0);
}
END_TEST

START_TEST(kill_to_self_runs_handler_before_kill_returns)
{
	set_action(SIGUSR1, on_signal, 0);
	MUST(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(last_sig, SIGUSR1);
}
END_TEST

START_TEST(raise_runs_handler_before_raise_returns)
{
	set_action(SIGUSR2, on_signal, 0);
	EXPECT_EQ(raise(SIGUSR2), 0);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(last_sig, SIGUSR2);
}
END_TEST

START_TEST(sigprocmask_with_invalid_how_is_einval)
{
	sigset_t s, before, after;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	MUST(sigprocmask(SIG_BLOCK, NULL, &before));
	EXPECT_ERRNO(sigprocmask(SIG_BLOCK + SIG_UNBLOCK + SIG_SETMASK + 7, &s, NULL), EINVAL);
	MUST(sigprocmask(SIG_BLOCK, NULL, &after));
	EXPECT_EQ(sigismember(&after, SIGUSR1), sigismember(&before, SIGUSR1));
}
END_TEST

START_TEST(blocking_every_signal_leaves_sigkill_and_sigstop_unblocked)
{
	sigset_t all, now;

	sigfillset(&all);
	EXPECT_OK(sigprocmask(SIG_SETMASK, &all, NULL));
	MUST(sigprocmask(SIG_BLOCK, NULL, &now));
	EXPECT_EQ(sigismember(&now, SIGKILL), 0);
	EXPECT_EQ(sigismember(&now, SIGSTOP), 0);
	EXPECT_EQ(sigismember(&now, SIGUSR1), 1);
	EXPECT_EQ(sigismember(&now, SIGRTMIN), 1);
	sigemptyset(&all);
	MUST(sigprocmask(SIG_SETMASK, &all, NULL));
}
END_TEST

START_TEST(standard_signal_sent_five_times_while_blocked)
{
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	for (int i = 0; i < 5; i++)
		MUST(kill(getpid(), SIGUSR1));
	mask_one(SIG_UNBLOCK, SIGUSR1);
	MUST_TRUE(hits >= 1, "the handler never ran");
	observe("deliveries", "%d", (int)hits);
}
END_TEST

static const char *rt_probe(void)
{
	/* SIGRTMIN..SIGRTMIN+2 must be ours to catch (valgrind keeps some
	 * real-time signals, but at the top of the range). */
	return usable_rt(SIGRTMIN) && usable_rt(SIGRTMIN + 2) ? NULL
		: "SIGRTMIN..SIGRTMIN+2 cannot be caught here";
}

START_TEST(rt_signal_queued_five_times_is_delivered_five_times_in_order)
{
	set_info_action(SIGRTMIN, 0);
	mask_one(SIG_BLOCK, SIGRTMIN);
	for (int i = 0; i < 5; i++)
		MUST(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 100 + i }));
	mask_one(SIG_UNBLOCK, SIGRTMIN);
	EXPECT_EQ(nrecs, 5);
	for (int i = 0; i < 5 && i < nrecs; i++) {
		EXPECT_EQ(recs[i].signo, SIGRTMIN);
		EXPECT_EQ(recs[i].value, 100 + i);
	}
}
END_TEST

START_TEST(rt_signal_without_sa_siginfo_sent_twice_while_blocked)
{
	set_action(SIGRTMIN, on_signal, 0);
	mask_one(SIG_BLOCK, SIGRTMIN);
	MUST(kill(getpid(), SIGRTMIN));
	MUST(kill(getpid(), SIGRTMIN));
	mask_one(SIG_UNBLOCK, SIGRTMIN);
	MUST_TRUE(hits >= 1, "the handler never ran");
	observe("deliveries", "%d", (int)hits);
}
END_TEST

START_TEST(lowest_pending_rt_signal_is_delivered_first)
{
	sigset_t s;

	/* Each handler blocks the others: otherwise a system may set up the
	 * next delivery on top of the first before the first handler runs,
	 * and the handlers would run in the reverse order of delivery. */
	sigemptyset(&s);
	for (int i = 0; i < 3; i++)
		sigaddset(&s, SIGRTMIN + i);
	for (int i = 0; i < 3; i++)
		set_info_action_masked(SIGRTMIN + i, 0, &s);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	for (int i = 2; i >= 0; i--)
		MUST(sigqueue(getpid(), SIGRTMIN + i, (union sigval){ .sival_int = i }));
	MUST(sigprocmask(SIG_UNBLOCK, &s, NULL));
	EXPECT_EQ(nrecs, 3);
	for (int i = 0; i < 3 && i < nrecs; i++)
		EXPECT_EQ(recs[i].signo, SIGRTMIN + i);
}
END_TEST

START_TEST(standard_or_rt_signal_first_when_both_pending)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGUSR1);
	set_info_action_masked(SIGRTMIN, 0, &s); /* as above: one delivery at a time */
	set_info_action_masked(SIGUSR1, 0, &s);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	MUST(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1 }));
	MUST(kill(getpid(), SIGUSR1));
	MUST(sigprocmask(SIG_UNBLOCK, &s, NULL));
	MUST_TRUE(nrecs == 2, "%d deliveries, expected 2", (int)nrecs);
	observe("first", "%s", recs[0].signo == SIGUSR1 ? "standard" : "real-time");
}
END_TEST

START_TEST(sigqueue_delivers_si_queue_with_value)
{
	/* Blocked, then unblocked: delivered before sigprocmask returns
	 * (SIG-041) also where sigqueue to self is not synchronous (valgrind). */
	set_info_action(SIGUSR1, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	EXPECT_OK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 4242 }));
	mask_one(SIG_UNBLOCK, SIGUSR1);
	MUST_TRUE(nrecs == 1, "the handler ran %d times", (int)nrecs);
	EXPECT_EQ(recs[0].signo, SIGUSR1);
	EXPECT_EQ(recs[0].code, SI_QUEUE);
	EXPECT_EQ(recs[0].value, 4242);
	EXPECT_EQ(recs[0].pid, getpid());
	EXPECT_EQ(recs[0].uid, getuid());
}
END_TEST

static int exit_now(void *arg)
{
	(void)arg;
	return 0;
}

START_TEST(sigqueue_signal_zero_only_checks_the_pid)
{
	pid_t pid;

	set_info_action(SIGUSR1, 0);
	EXPECT_OK(sigqueue(getpid(), 0, (union sigval){ .sival_int = 1 }));
	EXPECT_EQ(nrecs, 0);
	pid = ipcc_spawn(exit_now, NULL);
	MUST_TRUE(ipcc_join(pid) == 0, "the child failed");
	EXPECT_ERRNO(sigqueue(pid, 0, (union sigval){ .sival_int = 1 }), ESRCH);
}
END_TEST

/* SIG-050. On Linux the queue limit is RLIMIT_SIGPENDING, counted per user
 * (other processes of the uid may hold some), checked against the
 * receiver's limit: the child lowers its own and queues to itself. */
#define SMALL_QUEUE 8

static int queue_until_full(void *arg)
{
	struct rlimit rl = { SMALL_QUEUE, SMALL_QUEUE };
	int n = 0, r;

	(void)arg;
#ifdef RLIMIT_SIGPENDING
	MUST(getrlimit(RLIMIT_SIGPENDING, &rl));
	rl.rlim_cur = SMALL_QUEUE;
	MUST(setrlimit(RLIMIT_SIGPENDING, &rl));
#endif
	mask_one(SIG_BLOCK, SIGRTMIN);
	while ((r = sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = n })) == 0 && n < 10000)
		n++;
	observe("accepted", "%d", n);
	EXPECT_ERRNO(r, EAGAIN);
#ifdef RLIMIT_SIGPENDING
	EXPECT_LE(n, SMALL_QUEUE);
#endif
	return 0;
}

START_TEST(sigqueue_past_queue_limit_is_eagain)
{
	long max = sysconf(_SC_SIGQUEUE_MAX);

	observe("sigqueue_max", "%ld", max);
	EXPECT_TRUE(max < 0 || max >= 32, "sysconf(_SC_SIGQUEUE_MAX) is %ld, below 32", max);
	EXPECT_EQ(ipcc_join(ipcc_spawn(queue_until_full, NULL)), 0);
}
END_TEST

/* ---- waiting for signals ----------------------------------------------------- */

static int pause_once(void *arg)
{
	struct ipcc_gate *g = arg;
	int r;

	set_action(SIGUSR1, on_signal, 0);
	gate_pass(g);
	errno = 0;
	r = pause();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(errno, EINTR);
	EXPECT_EQ(hits, 1);
	return 0;
}

START_TEST(pause_returns_eintr_after_caught_signal)
{
	struct ipcc_gate g;
	pid_t pid;

	gate_open(&g);
	pid = ipcc_spawn(pause_once, &g);
	gate_close_wr(&g);
	gate_wait(&g); /* the handler is installed */
	ipcc_wait_blocked(pid, IPCC_IN_ANY, -1); /* and the next sleep is pause() */
	MUST(kill(pid, SIGUSR1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

static volatile sig_atomic_t hits2;

static void on_signal2(int sig)
{
	(void)sig;
	hits2++;
}

/* SIGUSR1 and SIGUSR2 pending, both blocked; sigsuspend with a mask that
 * blocks SIGUSR2 only: SIGUSR1 must be delivered, SIGUSR2 not, and both
 * blocked again when it returns. */
START_TEST(sigsuspend_waits_with_given_mask_and_restores_old)
{
	sigset_t old, during, after;
	int r;

	set_action(SIGUSR1, on_signal, 0);
	set_action(SIGUSR2, on_signal2, 0);
	sigemptyset(&old);
	sigaddset(&old, SIGUSR1);
	sigaddset(&old, SIGUSR2);
	MUST(sigprocmask(SIG_SETMASK, &old, NULL));
	MUST(raise(SIGUSR1));
	MUST(raise(SIGUSR2));
	MUST_TRUE(hits == 0 && hits2 == 0, "a handler ran while its signal was blocked");
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	errno = 0;
	r = sigsuspend(&during);
	EXPECT_EQ(r, -1);
	EXPECT_EQ(errno, EINTR);
	EXPECT_EQ(hits, 1);  /* unblocked by the mask given */
	EXPECT_EQ(hits2, 0); /* blocked by it */
	MUST(sigprocmask(SIG_BLOCK, NULL, &after));
	EXPECT_EQ(sigismember(&after, SIGUSR1), 1);
	EXPECT_EQ(sigismember(&after, SIGUSR2), 1);
	EXPECT_EQ(is_pending(SIGUSR2), 1);
	sigemptyset(&after);
	MUST(sigprocmask(SIG_SETMASK, &after, NULL));
	EXPECT_EQ(hits2, 1);
}
END_TEST

START_TEST(sigwaitinfo_takes_pending_signal_without_running_handler)
{
	siginfo_t si;
	sigset_t s;

	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 77 }));
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(sigwaitinfo(&s, &si), SIGUSR1);
	EXPECT_EQ(si.si_signo, SIGUSR1);
	EXPECT_EQ(si.si_code, SI_QUEUE);
	EXPECT_EQ(si.si_value.sival_int, 77);
	EXPECT_EQ(si.si_pid, getpid());
	EXPECT_EQ(is_pending(SIGUSR1), 0);
	mask_one(SIG_UNBLOCK, SIGUSR1);
	EXPECT_EQ(hits, 0);
}
END_TEST

START_TEST(sigtimedwait_takes_pending_signal_with_its_info)
{
	struct timespec ts = { 0, 0 };
	siginfo_t si;
	sigset_t s;

	set_action(SIGUSR2, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR2);
	MUST(kill(getpid(), SIGUSR2));
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(sigtimedwait(&s, &si, &ts), SIGUSR2);
	EXPECT_EQ(si.si_code, SI_USER);
	EXPECT_EQ(si.si_pid, getpid());
	mask_one(SIG_UNBLOCK, SIGUSR2);
	EXPECT_EQ(hits, 0);
}
END_TEST

START_TEST(sigtimedwait_with_zero_timeout_and_nothing_pending_is_eagain)
{
	struct timespec ts = { 0, 0 };
	siginfo_t si;
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	EXPECT_ERRNO(sigtimedwait(&s, &si, &ts), EAGAIN);
}
END_TEST

static double elapsed_since(const struct timespec *t0)
{
	struct timespec t1;

	MUST(clock_gettime(CLOCK_MONOTONIC, &t1));
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(sigtimedwait_times_out_with_eagain_after_the_timeout)
{
	struct timespec ts = { 0, 5000000 }, t0, res;
	siginfo_t si;
	sigset_t s;
	double took;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	MUST(clock_getres(CLOCK_MONOTONIC, &res));
	MUST(clock_gettime(CLOCK_MONOTONIC, &t0));
	EXPECT_ERRNO(sigtimedwait(&s, &si, &ts), EAGAIN);
	took = elapsed_since(&t0);
	note("sigtimedwait returned after %.3f ms", took * 1e3);
	EXPECT_TRUE(took >= 0.005 - (double)res.tv_nsec / 1e9, "it returned after %.3f ms, before the "
		    "5 ms timeout", took * 1e3);
}
END_TEST

START_TEST(sigwait_returns_pending_signal_number)
{
	sigset_t s;
	int sig = 0;

	set_action(SIGUSR2, on_signal, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	MUST(sigprocmask(SIG_BLOCK, &s, NULL));
	MUST(raise(SIGUSR2));
	EXPECT_EQ(sigwait(&s, &sig), 0);
	EXPECT_EQ(sig, SIGUSR2);
	EXPECT_EQ(is_pending(SIGUSR2), 0);
	EXPECT_EQ(hits, 0);
}
END_TEST

/* SIG-053, SIG-054: a child blocked in read() on an empty pipe takes
 * SIGUSR1; its handler tells the case through the gate. */
struct reader {
	int fds[2];
	struct ipcc_gate told;
	int restart;
};

static int read_through_signal(void *arg)
{
	struct reader *r = arg;
	ssize_t n;
	char c = 0;

	close(r->fds[1]);
	gate_close_rd(&r->told);
	tell_fd = r->told.wr;
	set_action(SIGUSR1, on_tell, r->restart ? SA_RESTART : 0);
	errno = 0;
	n = read(r->fds[0], &c, 1);
	EXPECT_EQ(hits, 1);
	if (r->restart) {
		EXPECT_EQ(n, 1);
		EXPECT_EQ(c, 'x');
	} else {
		EXPECT_EQ(n, -1);
		EXPECT_EQ(errno, EINTR);
	}
	return 0;
}

static void expect_read_through_signal(int restart)
{
	struct reader r = { .restart = restart };
	pid_t pid;

	MUST(pipe(r.fds));
	gate_open(&r.told);
	pid = ipcc_spawn(read_through_signal, &r);
	close(r.fds[0]);
	gate_close_wr(&r.told);
	ipcc_wait_blocked(pid, IPCC_IN_READ, r.fds[0]);
	MUST(kill(pid, SIGUSR1));
	gate_wait(&r.told); /* the handler ran */
	if (restart) {
		EXPECT_BLOCKED(pid, IPCC_IN_READ, r.fds[0]); /* read() again */
		MUST(write(r.fds[1], "x", 1));
	}
	EXPECT_EQ(ipcc_join(pid), 0);
}

START_TEST(sa_restart_resumes_read_blocked_on_empty_pipe) { expect_read_through_signal(1); } END_TEST
START_TEST(read_blocked_on_empty_pipe_without_sa_restart_is_eintr) { expect_read_through_signal(0); }
END_TEST

/* ---- kill() ------------------------------------------------------------------ */

START_TEST(kill_signal_zero_on_live_process_succeeds)
{
	struct waiter w = { 0 };
	pid_t pid = start_waiter(&w);

	EXPECT_OK(kill(getpid(), 0));
	EXPECT_OK(kill(pid, 0));
	release_waiter(&w, pid);
}
END_TEST

START_TEST(kill_signal_zero_on_unreaped_zombie_succeeds)
{
	pid_t pid = ipcc_spawn(exit_now, NULL);
	siginfo_t si;

	/* WNOWAIT: wait until it has exited, but leave it a zombie. */
	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			MUST(-1);
	EXPECT_OK(kill(pid, 0));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(kill_on_reaped_pid_is_esrch)
{
	pid_t pid = ipcc_spawn(exit_now, NULL);

	MUST_TRUE(ipcc_join(pid) == 0, "the child failed");
	EXPECT_ERRNO(kill(pid, 0), ESRCH);
	EXPECT_ERRNO(kill(pid, SIGTERM), ESRCH);
}
END_TEST

START_TEST(kill_with_invalid_signal_is_einval_and_sends_nothing)
{
	sigset_t all, p;

	sigfillset(&all);
	MUST(sigprocmask(SIG_SETMASK, &all, NULL));
	EXPECT_ERRNO(kill(getpid(), -1), EINVAL);
	EXPECT_ERRNO(kill(getpid(), SIGRTMAX + 1), EINVAL);
	EXPECT_ERRNO(kill(getpid(), INT_MAX), EINVAL);
	MUST(sigpending(&p));
	EXPECT_TRUE(sigisemptyset(&p), "a signal is pending after kill() with invalid numbers");
	sigemptyset(&all);
	MUST(sigprocmask(SIG_SETMASK, &all, NULL));
}
END_TEST

/* SIG-062: the case (root) is signalled by a child turned nobody. */
static int nobody_kills_parent(void *arg)
{
	int sig = (int)(intptr_t)arg;

	ipcc_become_nobody();
	if (sig == SIGCONT)
		EXPECT_OK(kill(getppid(), SIGCONT));
	else
		EXPECT_ERRNO(kill(getppid(), sig), EPERM);
	return 0;
}

START_TEST(kill_from_nobody_to_root_process_is_eperm)
{
	set_action(SIGUSR1, on_signal, 0);
	EXPECT_EQ(ipcc_join(ipcc_spawn(nobody_kills_parent, SIG_ARG(SIGUSR1))), 0);
	EXPECT_EQ(hits, 0);
}
END_TEST

START_TEST(sigcont_from_nobody_to_process_in_same_session_is_allowed)
{
	set_action(SIGCONT, on_signal, 0);
	mask_one(SIG_BLOCK, SIGCONT);
	EXPECT_EQ(ipcc_join(ipcc_spawn(nobody_kills_parent, SIG_ARG(SIGCONT))), 0);
	mask_one(SIG_UNBLOCK, SIGCONT);
	EXPECT_EQ(hits, 1);
}
END_TEST

/* SIG-063, SIG-064: a leader in a fresh process group with one more
 * member; both block SIGUSR1 (the member inherits the mask) and take it
 * with sigwaitinfo, so it cannot be lost to a race. Each checks that the
 * sender was `from`. */
struct group {
	pid_t from;     /* 0: the leader itself sends with kill(0, SIGUSR1) */
	struct ipcc_gate ready;
};

static int take_usr1_from(pid_t from)
{
	siginfo_t si;

	EXPECT_EQ(take_signal(SIGUSR1, &si), SIGUSR1);
	EXPECT_EQ(si.si_pid, from);
	return 0;
}

static int pgrp_member(void *arg)
{
	return take_usr1_from(*(pid_t *)arg);
}

static int pgrp_leader(void *arg)
{
	struct group *g = arg;
	pid_t member, from = g->from ? g->from : getpid();

	MUST(setpgid(0, 0));
	mask_one(SIG_BLOCK, SIGUSR1);
	member = ipcc_spawn(pgrp_member, &from);
	gate_pass(&g->ready);
	if (!g->from)
		MUST(kill(0, SIGUSR1));
	take_usr1_from(from);
	EXPECT_EQ(ipcc_join(member), 0);
	return 0;
}

START_TEST(kill_zero_reaches_every_member_of_own_group_and_nothing_else)
{
	struct group g = { 0 };
	pid_t pid;

	set_action(SIGUSR1, on_signal, 0);
	gate_open(&g.ready);
	pid = ipcc_spawn(pgrp_leader, &g);
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_EQ(hits, 0); /* the case is in another group */
}
END_TEST

static void expect_group_reached(int use_killpg)
{
	struct group g = { .from = getpid() };
	pid_t pid;

	set_action(SIGUSR1, on_signal, 0);
	gate_open(&g.ready);
	pid = ipcc_spawn(pgrp_leader, &g);
	gate_close_wr(&g.ready);
	gate_wait(&g.ready); /* the member exists */
	if (use_killpg)
		EXPECT_OK(killpg(pid, SIGUSR1));
	else
		EXPECT_OK(kill(-pid, SIGUSR1));
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_EQ(hits, 0);
}

START_TEST(kill_negative_pgid_reaches_whole_group) { expect_group_reached(0); } END_TEST
START_TEST(killpg_reaches_whole_group) { expect_group_reached(1); } END_TEST

START_TEST(kill_to_unused_process_group_is_esrch)
{
	pid_t pid = ipcc_spawn(exit_now, NULL);

	/* The child never led a group, and is gone: no group has its id. */
	MUST_TRUE(ipcc_join(pid) == 0, "the child failed");
	EXPECT_ERRNO(kill(-pid, SIGUSR1), ESRCH);
	EXPECT_ERRNO(killpg(pid, SIGUSR1), ESRCH);
}
END_TEST

/* ---- inheritance (XSH fork(), exec) -------------------------------------- */

static int check_inherited(void *arg)
{
	(void)arg;
	EXPECT_TRUE(disposition(SIGUSR1) == on_signal, "SIGUSR1's handler was not inherited");
	EXPECT_TRUE(disposition(SIGUSR2) == SIG_IGN, "SIGUSR2 is no longer ignored");
	EXPECT_EQ(is_blocked(SIGHUP), 1);
	EXPECT_EQ(is_blocked(SIGINT), 0);
	MUST(raise(SIGUSR1));
	EXPECT_EQ(hits, 1);
	return 0;
}

START_TEST(fork_child_keeps_dispositions_and_mask)
{
	set_action(SIGUSR1, on_signal, 0);
	set_action(SIGUSR2, SIG_IGN, 0);
	mask_one(SIG_BLOCK, SIGHUP);
	EXPECT_EQ(ipcc_join(ipcc_spawn(check_inherited, NULL)), 0);
}
END_TEST

static int check_nothing_pending(void *arg)
{
	sigset_t p;

	(void)arg;
	MUST(sigpending(&p));
	EXPECT_TRUE(sigisemptyset(&p), "the child starts with signals pending");
	EXPECT_EQ(is_blocked(SIGUSR1), 1);
	return 0;
}

START_TEST(fork_child_starts_with_no_pending_signals)
{
	set_action(SIGUSR1, on_signal, 0);
	mask_one(SIG_BLOCK, SIGUSR1);
	MUST(raise(SIGUSR1));
	MUST_TRUE(is_pending(SIGUSR1), "SIGUSR1 is not pending in the parent");
	EXPECT_EQ(ipcc_join(ipcc_spawn(check_nothing_pending, NULL)), 0);
	set_action(SIGUSR1, SIG_IGN, 0);
}
END_TEST

static int check_no_alarm(void *arg)
{
	(void)arg;
	EXPECT_EQ(alarm(0), 0);
	return 0;
}

START_TEST(fork_child_has_no_alarm_armed)
{
	set_action(SIGALRM, on_signal, 0); /* the alarm is far off, but never fatal */
	alarm(1000);
	EXPECT_EQ(ipcc_join(ipcc_spawn(check_no_alarm, NULL)), 0);
	EXPECT_GT(alarm(0), 0);
}
END_TEST

/* SIG-072, SIG-073: the child sets up SIGUSR1 (or SIGCHLD) as asked and
 * execs the signal-state helper with its stdout on a pipe. */
struct exec_probe {
	int fds[2];
	int sig;
	int how; /* 0 caught, 1 ignored, 2 blocked, 3 blocked and pending */
};

static int exec_signal_state(void *arg)
{
	struct exec_probe *p = arg;
	char num[16];
	char *args[] = { num, NULL };

	close(p->fds[0]);
	MUST(dup2(p->fds[1], 1));
	close(p->fds[1]);
	if (p->how == 0)
		set_action(p->sig, on_signal, 0);
	if (p->how == 1)
		set_action(p->sig, SIG_IGN, 0);
	if (p->how >= 2)
		mask_one(SIG_BLOCK, p->sig);
	if (p->how == 3)
		MUST(raise(p->sig));
	snprintf(num, sizeof(num), "%d", p->sig);
	ipcc_exec_helper("signal-state", args);
}

/* What the exec'd image reports: "DISPOSITION MASK PENDING". */
static const char *state_after_exec(int sig, int how)
{
	static char buf[80];
	struct exec_probe p = { .sig = sig, .how = how };
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	MUST(pipe(p.fds));
	pid = ipcc_spawn(exec_signal_state, &p);
	close(p.fds[1]);
	while (n < sizeof(buf) - 1 && (r = MUST(read(p.fds[0], buf + n, sizeof(buf) - 1 - n))) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(p.fds[0]);
	MUST_TRUE(ipcc_join(pid) == 0, "the signal-state helper failed");
	note("after exec: %s", buf);
	return buf;
}

static void expect_state_after_exec(int how, const char *want)
{
	const char *got = state_after_exec(SIGUSR1, how);

	EXPECT_TRUE(!strcmp(got, want), "the new image sees SIGUSR1 as \"%s\", expected \"%s\"", got,
		    want);
}

START_TEST(exec_resets_caught_signal_to_default)
{
	expect_state_after_exec(0, "default unblocked not-pending");
}
END_TEST

START_TEST(exec_keeps_ignored_signal_ignored)
{
	expect_state_after_exec(1, "ignored unblocked not-pending");
}
END_TEST

START_TEST(exec_keeps_signal_mask)
{
	expect_state_after_exec(2, "default blocked not-pending");
}
END_TEST

START_TEST(exec_keeps_pending_signal)
{
	if (ipcc_under_valgrind())
		SKIP("valgrind does not hand signals pending at exec on to the new image");
	expect_state_after_exec(3, "default blocked pending");
}
END_TEST

START_TEST(exec_with_sigchld_ignored)
{
	const char *got = state_after_exec(SIGCHLD, 1);

	observe("sigchld-after-exec", "%.*s", (int)strcspn(got, " "), got);
}
END_TEST

/* ---- SIGCHLD (XBD <signal.h>, XSH sigaction(), wait()) -------------------- */

static int exit_seven(void *arg)
{
	(void)arg;
	return 7;
}

START_TEST(child_exit_sends_sigchld_with_cld_exited_and_pid)
{
	siginfo_t si;
	pid_t pid;

	mask_one(SIG_BLOCK, SIGCHLD);
	set_action(SIGCHLD, on_signal, 0); /* not ignored: caught, and blocked */
	pid = ipcc_spawn(exit_seven, NULL);
	MUST_TRUE(ipcc_join(pid) == 7, "the child failed");
	/* The parent is notified before the child can be reaped. */
	EXPECT_EQ(is_pending(SIGCHLD), 1);
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(take_signal(SIGCHLD, &si), SIGCHLD);
	EXPECT_EQ(si.si_code, CLD_EXITED);
	EXPECT_EQ(si.si_pid, pid);
	EXPECT_EQ(si.si_status, 7);
}
END_TEST

START_TEST(child_stop_sends_sigchld_with_cld_stopped)
{
	struct waiter w = { 0 };
	siginfo_t si;
	pid_t pid;
	int st;

	mask_one(SIG_BLOCK, SIGCHLD);
	set_action(SIGCHLD, on_signal, 0);
	pid = start_waiter(&w);
	MUST(kill(pid, SIGSTOP));
	st = wait_plain(pid, WUNTRACED);
	MUST_TRUE(WIFSTOPPED(st), "the child %s instead of stopping", status_of(st));
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(take_signal(SIGCHLD, &si), SIGCHLD); /* may still be on its way */
	kill_and_reap(pid);
	EXPECT_EQ(si.si_code, CLD_STOPPED);
	EXPECT_EQ(si.si_pid, pid);
	EXPECT_EQ(si.si_status, SIGSTOP);
}
END_TEST

/* With SA_NOCLDSTOP only the child's death is reported: every SIGCHLD is
 * recorded as it arrives; the death comes last, after the stop and the
 * continue have been seen by waitpid, and is reported before the child can
 * be reaped, so a SIGCHLD for the stop could not arrive later unseen (it
 * would be recorded, or keep the death's SIGCHLD from being queued). */
START_TEST(sa_nocldstop_suppresses_sigchld_for_stop_and_continue)
{
	struct waiter w = { 0 };
	pid_t pid;
	int st;

	set_info_action(SIGCHLD, SA_NOCLDSTOP);
	pid = start_waiter(&w);
	MUST(kill(pid, SIGSTOP));
	st = wait_plain(pid, WUNTRACED);
	MUST_TRUE(WIFSTOPPED(st), "the child %s instead of stopping", status_of(st));
	MUST(kill(pid, SIGCONT));
	st = wait_plain(pid, WCONTINUED);
	MUST_TRUE(WIFCONTINUED(st), "the child %s instead of continuing", status_of(st));
	kill_and_reap(pid);
	EXPECT_EQ(nrecs, 1);
	EXPECT_EQ(recs[0].code, CLD_KILLED);
	EXPECT_EQ(recs[0].pid, pid);
}
END_TEST

static void expect_no_zombie(void)
{
	pid_t pid = ipcc_spawn(exit_now, NULL);

	/* wait() sleeps until the child is gone, then finds nothing to reap. */
	EXPECT_ERRNO(wait(NULL), ECHILD);
	EXPECT_ERRNO(kill(pid, 0), ESRCH);
}

START_TEST(sigchld_ignored_leaves_no_zombie_and_wait_is_echild)
{
	set_action(SIGCHLD, SIG_IGN, 0);
	expect_no_zombie();
}
END_TEST

START_TEST(sa_nocldwait_leaves_no_zombie_and_wait_is_echild)
{
	set_action(SIGCHLD, on_signal, SA_NOCLDWAIT);
	expect_no_zombie();
}
END_TEST

/* ---- the terminal's interrupt characters (XBD 11.1.9) --------------------- */

struct tty {
	int master;
	char slave[128];
	struct ipcc_gate ready;
	int isig;       /* leave ISIG set */
	int catch_int;  /* SIGINT caught: wait for it in pselect */
	int tstp;       /* a grandchild in its own foreground group waits */
};

static void open_pty(struct tty *t)
{
	const char *name;

	t->master = (int)MUST(posix_openpt(O_RDWR | O_NOCTTY));
	MUST(grantpt(t->master));
	MUST(unlockpt(t->master));
	name = ptsname(t->master);
	MUST_TRUE(name != NULL, "ptsname: %s", ipcc_errno_name(errno));
	snprintf(t->slave, sizeof(t->slave), "%s", name);
	gate_open(&t->ready);
}

static int wait_forever(void *arg)
{
	(void)arg;
	pause(); /* nothing it catches: only a stop or death ends this */
	return 100;
}

/* The child: a new session whose controlling terminal is the slave, in the
 * foreground, with the characters set; it tells the case, then waits. */
static int terminal_session(void *arg)
{
	struct tty *t = arg;
	struct termios tio;
	int fd, st;
	pid_t fg;
	char c;

	close(t->master);
	gate_close_rd(&t->ready);
	MUST(setsid());
	fd = (int)MUST(open(t->slave, O_RDWR));
	MUST(ioctl(fd, TIOCSCTTY, 0));
	MUST(tcgetattr(fd, &tio));
	tio.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
	tio.c_lflag = t->isig ? tio.c_lflag | ISIG : tio.c_lflag & ~(tcflag_t)ISIG;
	tio.c_cc[VINTR] = 0x03;
	tio.c_cc[VQUIT] = 0x1c;
	tio.c_cc[VSUSP] = 0x1a;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	MUST(tcsetattr(fd, TCSANOW, &tio));
	if (t->tstp) {
		/* Its group is not orphaned: its parent is in this session,
		 * in another group. */
		fg = ipcc_spawn(wait_forever, NULL);
		MUST(setpgid(fg, fg));
		MUST(tcsetpgrp(fd, fg));
		gate_pass(&t->ready);
		st = wait_for(fg, WUNTRACED);
		observe("status", "%s", status_of(st));
		kill(fg, SIGKILL);
		waitpid(fg, NULL, 0);
		EXPECT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
			    "the foreground group's process %s, expected stopped by SIGTSTP",
			    status_of(st));
		return 0;
	}
	MUST(tcsetpgrp(fd, getpgrp()));
	if (t->catch_int) {
		struct timespec ts = half_the_time_left();
		sigset_t none;

		set_action(SIGINT, on_signal, 0);
		mask_one(SIG_BLOCK, SIGINT);
		gate_pass(&t->ready);
		/* sigsuspend with a bound: no signal is a deviation, not a hang. */
		sigemptyset(&none);
		EXPECT_EQ(pselect(0, NULL, NULL, NULL, &ts, &none), -1);
		EXPECT_EQ(errno, EINTR);
		EXPECT_EQ(hits, 1);
		EXPECT_EQ(last_sig, SIGINT);
		return 0;
	}
	gate_pass(&t->ready);
	if (read(fd, &c, 1) != 1)
		return 100;
	return c; /* the byte that arrived, when the signal did not */
}

static pid_t start_session(struct tty *t)
{
	pid_t pid = ipcc_spawn(terminal_session, t);

	gate_close_wr(&t->ready);
	gate_wait(&t->ready);
	return pid;
}

static void expect_character_kills(char ch, int sig)
{
	struct tty t = { .isig = 1 };
	pid_t pid;
	int st;

	open_pty(&t);
	pid = start_session(&t);
	MUST(write(t.master, &ch, 1));
	st = ipcc_reap(pid);
	observe("status", "%s", status_of(st));
	EXPECT_KILLED_BY(st, sig);
}

START_TEST(interrupt_character_sends_sigint_to_foreground_group) { expect_character_kills(0x03, SIGINT); }
END_TEST
START_TEST(quit_character_sends_sigquit_to_foreground_group) { expect_character_kills(0x1c, SIGQUIT); }
END_TEST

START_TEST(interrupt_character_runs_sigint_handler_and_process_continues)
{
	struct tty t = { .isig = 1, .catch_int = 1 };
	pid_t pid;

	open_pty(&t);
	pid = start_session(&t);
	MUST(write(t.master, "\x03", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(suspend_character_stops_foreground_group_with_sigtstp)
{
	struct tty t = { .isig = 1, .tstp = 1 };
	pid_t pid;

	if (ipcc_under_valgrind())
		SKIP("valgrind emulates SIGTSTP's default action and does not stop");
	open_pty(&t);
	pid = start_session(&t);
	MUST(write(t.master, "\x1a", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(interrupt_character_without_isig_arrives_as_data)
{
	struct tty t = { .isig = 0 };
	pid_t pid;
	int st;

	open_pty(&t);
	pid = start_session(&t);
	MUST(write(t.master, "\x03", 1));
	st = ipcc_reap(pid);
	observe("status", "%s", status_of(st));
	EXPECT_EXITED(st, 0x03);
}
END_TEST

START_TEST(default_interrupt_character_of_new_pty)
{
	struct termios tio;
	struct tty t;
	int fd;

	open_pty(&t);
	fd = (int)MUST(open(t.slave, O_RDWR | O_NOCTTY));
	MUST(tcgetattr(fd, &tio));
	observe("vintr", "0x%02x", (unsigned)tio.c_cc[VINTR]);
	observe("vquit", "0x%02x", (unsigned)tio.c_cc[VQUIT]);
	observe("vsusp", "0x%02x", (unsigned)tio.c_cc[VSUSP]);
}
END_TEST

/* ---- the table ------------------------------------------------------------ */

#define DFL "XBD <signal.h>"

static const struct ipcc_case cases[] = {
	CASE(default_action_of_sighup_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigint_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigquit_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigill_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigtrap_terminates_and_may_dump_core, "SIG-003", "X", DFL),
	CASE(default_action_of_sigabrt_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigbus_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigfpe_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigkill_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigusr1_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigsegv_terminates_and_may_dump_core, "SIG-002", "P", DFL),
	CASE(default_action_of_sigusr2_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigpipe_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigalrm_terminates, "SIG-001", "P", DFL),
	CASE(default_action_of_sigterm_terminates, "SIG-001", "P", DFL),
#ifdef SIGSTKFLT
	CASE(default_action_of_sigstkflt_terminates, "SIG-012", "L", "LNX signal(7)"),
#endif
	CASE(default_action_of_sigchld_is_ignore, "SIG-006", "P", DFL),
	CASE(default_action_of_sigcont_continues, "SIG-009", "P", "XSH waitpid()"),
	CASE(default_action_of_sigstop_stops, "SIG-008", "P", DFL ", XSH waitpid()"),
	CASE(default_action_of_sigtstp_stops, "SIG-008", "P", DFL ", XSH waitpid()"),
	CASE(default_action_of_sigttin_stops, "SIG-008", "P", DFL ", XSH waitpid()"),
	CASE(default_action_of_sigttou_stops, "SIG-008", "P", DFL ", XSH waitpid()"),
	CASE(default_action_of_sigurg_is_ignore, "SIG-006", "P", DFL),
	CASE(default_action_of_sigxcpu_terminates_and_may_dump_core, "SIG-003", "X", DFL),
	CASE(default_action_of_sigxfsz_terminates_and_may_dump_core, "SIG-003", "X", DFL),
	CASE(default_action_of_sigvtalrm_terminates, "SIG-004", "X", DFL),
	CASE(default_action_of_sigprof_terminates, "SIG-004", "X", DFL),
#ifdef SIGWINCH
	CASE(default_action_of_sigwinch_is_ignore, "SIG-007", "P24", DFL),
#endif
#ifdef SIGPOLL
	CASE(default_action_of_sigpoll_terminates, "SIG-004", "X", DFL),
#endif
#ifdef SIGIO
	CASE(default_action_of_sigio_terminates, "SIG-012", "L", "LNX signal(7)"),
#endif
#ifdef SIGPWR
	CASE(default_action_of_sigpwr_terminates, "SIG-012", "L", "LNX signal(7)"),
#endif
	CASE(default_action_of_sigsys_terminates_and_may_dump_core, "SIG-003", "X", DFL),
	CASE(default_action_of_sigrtmin_to_sigrtmax_terminates, "SIG-013", "P",
	     DFL ", XBD <limits.h>"),
	CASE(core_dump_bit_after_sigquit_and_sigterm, "SIG-005", "V", DFL),
	CASE(sigcont_resumes_child_that_ignores_sigcont, "SIG-010", "P", "XSH 2.4.1"),
	CASE(sigcont_resumes_child_that_blocks_sigcont, "SIG-010", "P", "XSH 2.4.1"),
	CASE(sigcont_discards_pending_stop_signal, "SIG-011", "P", "XSH 2.4.1"),
	CASE(stop_signal_discards_pending_sigcont, "SIG-011", "P", "XSH 2.4.1"),

	CASE(sigaction_handler_replaces_default_action_of_sigint, "SIG-020", "P", "XSH sigaction() DESC"),
	CASE(sigaction_handler_replaces_default_action_of_sigterm, "SIG-020", "P", "XSH sigaction() DESC"),
	CASE(sigaction_handler_replaces_default_action_of_sigusr1, "SIG-020", "P", "XSH sigaction() DESC"),
	CASE(sigaction_handler_replaces_default_action_of_sigquit, "SIG-020", "P", "XSH sigaction() DESC"),
	CASE(signal_installs_handler_and_returns_previous_disposition, "SIG-021", "P", "XSH signal() RV"),
	CASE(signal_handler_after_one_delivery, "SIG-022", "V", "XSH signal() DESC"),
	CASE(catching_sigkill_or_sigstop_is_einval, "SIG-023", "P", "XSH sigaction() ERR"),
	CASE(ignoring_sigkill_or_sigstop_is_einval, "SIG-023", "P", "XSH sigaction() ERR"),
	CASE(signal_on_sigkill_or_sigstop_returns_sig_err_einval, "SIG-023", "P", "XSH signal() ERR"),
	CASE(querying_sigkill_or_sigstop_succeeds, "SIG-023", "P", "XSH sigaction() ERR"),
	CASE(setting_sigkill_or_sigstop_to_default, "SIG-024", "V", "XSH sigaction() ERR"),
	CASE(sigkill_ends_process_that_catches_and_blocks_everything_else, "SIG-025", "P",
	     "XSH pthread_sigmask() DESC"),
	CASE(sigstop_stops_process_that_catches_and_blocks_everything_else, "SIG-025", "P",
	     "XSH pthread_sigmask() DESC"),
	CASE(sigaction_on_invalid_signal_number_is_einval, "SIG-026", "P", "XSH sigaction() ERR"),
	CASE(oact_returns_previous_handler_mask_and_flags, "SIG-027", "P", "XSH sigaction() DESC"),
	CASE(mask_in_handler_is_old_mask_plus_sa_mask_plus_signal, "SIG-028", "P", "XSH sigaction() DESC"),
	CASE(same_signal_raised_in_handler_stays_pending_and_runs_once_after_return, "SIG-028", "P",
	     "XSH sigaction() DESC"),
	CASE(sa_nodefer_lets_handler_reenter, "SIG-029", "P", "XSH sigaction() DESC"),
	CASE(sa_resethand_disposition_is_default_inside_handler, "SIG-030", "P", "XSH sigaction() DESC"),
	CASE(second_signal_after_sa_resethand_takes_default_action, "SIG-030", "P",
	     "XSH sigaction() DESC"),
	CASE(sa_resethand_signal_blocked_in_handler, "SIG-031", "V", "XSH sigaction() DESC"),
	CASE(sa_siginfo_after_kill_from_self_has_si_user_pid_and_uid, "SIG-032", "P",
	     "XBD <signal.h>, XSH 2.4.3"),
	CASE(sa_siginfo_after_kill_from_child_has_si_user_and_child_pid, "SIG-032", "P",
	     "XBD <signal.h>, XSH 2.4.3"),
	CASE(sig_ign_discards_pending_blocked_signal, "SIG-033", "P", "XSH 2.4.3"),
	CASE(sig_dfl_discards_pending_signal_whose_default_is_ignore, "SIG-033", "P", "XSH 2.4.3"),
	CASE(signal_generated_while_blocked_and_ignored, "SIG-034", "V", "XSH 2.4.1"),
	CASE(abort_ends_process_when_sigabrt_is_caught, "SIG-035", "P", "XSH abort() DESC"),
	CASE(abort_ends_process_when_sigabrt_is_ignored, "SIG-035", "P", "XSH abort() DESC"),

	CASE(blocked_signal_stays_pending_and_handler_does_not_run, "SIG-040", "P", "XSH sigpending()"),
	CASE(unblocking_pending_signal_runs_handler_before_sigprocmask_returns, "SIG-041", "P",
	     "XSH pthread_sigmask() DESC"),
	CASE(kill_to_self_runs_handler_before_kill_returns, "SIG-042", "P", "XSH kill() DESC"),
	CASE(raise_runs_handler_before_raise_returns, "SIG-042", "P", "XSH raise() DESC"),
	CASE(sigprocmask_with_invalid_how_is_einval, "SIG-043", "P", "XSH pthread_sigmask() ERR"),
	CASE(blocking_every_signal_leaves_sigkill_and_sigstop_unblocked, "SIG-043", "P",
	     "XSH pthread_sigmask() DESC"),
	CASE(standard_signal_sent_five_times_while_blocked, "SIG-044", "V", "XSH 2.4.1"),
	CASE(rt_signal_queued_five_times_is_delivered_five_times_in_order, "SIG-045", "P",
	     "XSH sigqueue(), sigaction() DESC", .probe = rt_probe),
	CASE(rt_signal_without_sa_siginfo_sent_twice_while_blocked, "SIG-046", "V", "XSH sigqueue() DESC",
	     .probe = rt_probe),
	CASE(lowest_pending_rt_signal_is_delivered_first, "SIG-047", "P", "XSH sigqueue() DESC",
	     .probe = rt_probe),
	CASE(standard_or_rt_signal_first_when_both_pending, "SIG-048", "V", "XSH sigqueue() DESC",
	     .probe = rt_probe),
	CASE(sigqueue_delivers_si_queue_with_value, "SIG-049", "P", "XSH sigqueue() DESC"),
	CASE(sigqueue_signal_zero_only_checks_the_pid, "SIG-049", "P", "XSH sigqueue() DESC"),
	CASE(sigqueue_past_queue_limit_is_eagain, "SIG-050", "P", "XSH sigqueue() ERR",
	     .probe = rt_probe),
	CASE(pause_returns_eintr_after_caught_signal, "SIG-051", "P", "XSH pause()"),
	CASE(sigsuspend_waits_with_given_mask_and_restores_old, "SIG-051", "P", "XSH sigsuspend()"),
	CASE(sigwaitinfo_takes_pending_signal_without_running_handler, "SIG-052", "P",
	     "XSH sigtimedwait()"),
	CASE(sigtimedwait_takes_pending_signal_with_its_info, "SIG-052", "P", "XSH sigtimedwait()"),
	CASE(sigtimedwait_with_zero_timeout_and_nothing_pending_is_eagain, "SIG-052", "P",
	     "XSH sigtimedwait() ERR"),
	CASE(sigtimedwait_times_out_with_eagain_after_the_timeout, "SIG-052", "P",
	     "XSH sigtimedwait() ERR"),
	CASE(sigwait_returns_pending_signal_number, "SIG-052", "P", "XSH sigwait()"),
	CASE(sa_restart_resumes_read_blocked_on_empty_pipe, "SIG-053", "P", "XSH sigaction() DESC"),
	CASE(read_blocked_on_empty_pipe_without_sa_restart_is_eintr, "SIG-054", "P", "XSH read() ERR"),

	CASE(kill_signal_zero_on_live_process_succeeds, "SIG-060", "P", "XSH kill() DESC"),
	CASE(kill_signal_zero_on_unreaped_zombie_succeeds, "SIG-060", "P", "XSH kill() DESC"),
	CASE(kill_on_reaped_pid_is_esrch, "SIG-060", "P", "XSH kill() ERR"),
	CASE(kill_with_invalid_signal_is_einval_and_sends_nothing, "SIG-060", "P", "XSH kill() ERR"),
	CASE(kill_from_nobody_to_root_process_is_eperm, "SIG-062", "P", "XSH kill() ERR",
	     .needs = IPCC_NEED_NOBODY),
	CASE(sigcont_from_nobody_to_process_in_same_session_is_allowed, "SIG-062", "P",
	     "XSH kill() DESC", .needs = IPCC_NEED_NOBODY),
	CASE(kill_zero_reaches_every_member_of_own_group_and_nothing_else, "SIG-063", "P",
	     "XSH kill() DESC"),
	CASE(kill_negative_pgid_reaches_whole_group, "SIG-064", "P", "XSH kill() DESC"),
	CASE(killpg_reaches_whole_group, "SIG-064", "P", "XSH killpg() DESC"),
	CASE(kill_to_unused_process_group_is_esrch, "SIG-064", "P", "XSH kill() ERR"),

	CASE(fork_child_keeps_dispositions_and_mask, "SIG-070", "P", "XSH fork()"),
	CASE(fork_child_starts_with_no_pending_signals, "SIG-071", "P", "XSH fork()"),
	CASE(fork_child_has_no_alarm_armed, "SIG-071", "P", "XSH fork()"),
	CASE(exec_resets_caught_signal_to_default, "SIG-072", "P", "XSH exec DESC"),
	CASE(exec_keeps_ignored_signal_ignored, "SIG-072", "P", "XSH exec DESC"),
	CASE(exec_keeps_signal_mask, "SIG-072", "P", "XSH exec DESC"),
	CASE(exec_keeps_pending_signal, "SIG-072", "P", "XSH exec DESC"),
	CASE(exec_with_sigchld_ignored, "SIG-073", "V", "XSH exec DESC"),
	CASE(child_exit_sends_sigchld_with_cld_exited_and_pid, "SIG-074", "P", "XBD <signal.h>"),
	CASE(child_stop_sends_sigchld_with_cld_stopped, "SIG-074", "P", "XBD <signal.h>"),
	CASE(sa_nocldstop_suppresses_sigchld_for_stop_and_continue, "SIG-074", "P",
	     "XSH sigaction() DESC"),
	CASE(sigchld_ignored_leaves_no_zombie_and_wait_is_echild, "SIG-075", "P", "XSH 2.4.3, wait()"),
	CASE(sa_nocldwait_leaves_no_zombie_and_wait_is_echild, "SIG-075", "P",
	     "XSH sigaction() DESC, wait()"),

	CASE(interrupt_character_sends_sigint_to_foreground_group, "SIG-080", "P", "XBD 11.1.9"),
	CASE(interrupt_character_runs_sigint_handler_and_process_continues, "SIG-081", "P",
	     "XBD 11.1.9"),
	CASE(quit_character_sends_sigquit_to_foreground_group, "SIG-082", "P", "XBD 11.1.9"),
	CASE(suspend_character_stops_foreground_group_with_sigtstp, "SIG-082", "P", "XBD 11.1.9"),
	CASE(interrupt_character_without_isig_arrives_as_data, "SIG-083", "P", "XBD 11.2.5"),
	CASE(default_interrupt_character_of_new_pty, "SIG-084", "V", "XBD 11.2.6"),
};

IPCC_SUITE(ipcc_suite_signal, "signal", "signals", cases);
