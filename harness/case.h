/* case.h: what a conformance case is, and the words cases are written in.
 *
 * A case is a Check test (START_TEST ... END_TEST) plus one row in its
 * suite's table. It runs in its own forked child, prepared by the harness
 * (see docs/ARCHITECTURE.md), and reports through the vocabulary below:
 *
 *   MUST(call)               a setup step: failure means the case could not
 *                            judge (outcome "error"), not that the system is wrong
 *   EXPECT_OK(call)          the behaviour under test: the call succeeds
 *   EXPECT_ERRNO(call, E)    the behaviour under test: -1 with errno E; the
 *                            errno seen is recorded as an observation
 *   EXPECT_EQ(a, b) ...      comparisons that report expected and observed
 *   observe(key, fmt, ...)   an observation token, for V rows and comparisons
 *   SKIP(fmt, ...)           the case cannot run here, and says why
 *
 * Plain ck_assert_* works too; the vocabulary adds expected and observed
 * values to the report and keeps setup failures apart from deviations.
 * docs/writing-a-case.md has a worked example. */
#ifndef IPCC_CASE_H
#define IPCC_CASE_H

#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

#include "names.h"

#define IPCC_DEFAULT_TIMEOUT 10.0

/* needs: what must hold for a case to run; otherwise it is skipped, saying why. */
#define IPCC_NEED_ROOT   0x1u  /* effective uid 0 */
#define IPCC_NEED_NOBODY 0x2u  /* a step can run as another, unprivileged uid */

struct ipcc_case {
	const TTest *const *test;   /* &name, where START_TEST(name) defined the test */
	const char *behaviours;     /* catalogue IDs, comma-separated: "PIPE-012,PIPE-014" */
	const char *cls;            /* P, P24, X, O:MSG, O:SHM, L or V */
	const char *ref;            /* where the rule is written: "XSH read() ERR" */
	unsigned needs;             /* IPCC_NEED_* */
	const char *(*probe)(void); /* NULL when the case can run here, else the reason */
	double timeout;             /* seconds; 0 means IPCC_DEFAULT_TIMEOUT */
};

struct ipcc_suite {
	const char *name;           /* "pipe": the first part of every case id */
	const char *title;
	const struct ipcc_case *cases;
	size_t ncases;
};

/* One row of a suite's table; optional fields (.needs, .probe, .timeout)
 * follow as designated initializers:
 *   CASE(nonblock_read_empty_eagain, "PIPE-015", "P", "XSH read() ERR"),
 *   CASE(eacces_as_nobody, "FIFO-003", "P", "XSH open() ERR", .needs = IPCC_NEED_NOBODY), */
#define CASE(name, ids, class_, ref_, ...) \
	{ .test = &name, .behaviours = (ids), .cls = (class_), .ref = (ref_), __VA_ARGS__ }

/* A suite too big for one file is several tables under one name, listed
 * one after the other in suites/suites.c (Check's tests are static to
 * their file, so one table cannot name the tests of two). */
#define IPCC_SUITE(var, name, title, table) \
	const struct ipcc_suite var = { name, title, table, sizeof(table) / sizeof((table)[0]) }

/* ---- reporting ---------------------------------------------------------- */

/* An observation token: "capacity" = "65536". Keys are [a-z0-9_.-]; a key
 * recorded twice keeps its last value. Helpers forked by the case may observe. */
void observe(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Evidence kept with the result (how a blocked call was proven, say). */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define SKIP(...) ipcc_skip_(__FILE__, __LINE__, __VA_ARGS__)
/* The case could not judge: an error outcome, never a deviation. */
#define SETUP_FAILED(...) ipcc_setup_failed_(__FILE__, __LINE__, __VA_ARGS__)

/* ---- setup -------------------------------------------------------------- */

/* A call returning -1 on failure; its value is returned. */
#define MUST(call) ipcc_must_((long)(call), #call, __FILE__, __LINE__)
/* A condition the setup depends on. */
#define MUST_TRUE(cond, ...) \
	((cond) ? (void)0 : ipcc_setup_failed_(__FILE__, __LINE__, __VA_ARGS__))

/* ---- the behaviour under test ------------------------------------------- */

#define EXPECT_OK(call) ipcc_expect_ok_((long)(call), #call, __FILE__, __LINE__)
#define EXPECT_ERRNO(call, err) \
	ipcc_expect_errno_((long)(call), (err), -1, #call, #err, __FILE__, __LINE__)
/* Either errno satisfies the rule (EAGAIN or EWOULDBLOCK on sockets). */
#define EXPECT_ERRNO2(call, err1, err2) \
	ipcc_expect_errno_((long)(call), (err1), (err2), #call, #err1 " or " #err2, __FILE__, __LINE__)

/* Each side is evaluated once; the text of each side is taken before macro
 * expansion, so messages say F_GETFL, not 3. */
enum ipcc_cmp { IPCC_EQ, IPCC_NE, IPCC_LT, IPCC_LE, IPCC_GT, IPCC_GE };
#define EXPECT_EQ(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_EQ, #a, #b, __FILE__, __LINE__)
#define EXPECT_NE(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_NE, #a, #b, __FILE__, __LINE__)
#define EXPECT_LT(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_LT, #a, #b, __FILE__, __LINE__)
#define EXPECT_LE(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_LE, #a, #b, __FILE__, __LINE__)
#define EXPECT_GT(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_GT, #a, #b, __FILE__, __LINE__)
#define EXPECT_GE(a, b) \
	ipcc_expect_cmp_((long long)(a), (long long)(b), IPCC_GE, #a, #b, __FILE__, __LINE__)
#define EXPECT_TRUE(cond, ...) \
	((cond) ? (void)0 : ipcc_expect_failed_(__FILE__, __LINE__, "true", "false", __VA_ARGS__))
#define EXPECT_MEM_EQ(a, b, n) ipcc_expect_mem_((a), (b), (n), #a, #b, __FILE__, __LINE__)
/* A wait status: the process ended with exit(code) / was killed by sig. */
#define EXPECT_EXITED(status, code) ipcc_expect_status_((status), 0, (code), __FILE__, __LINE__)
#define EXPECT_KILLED_BY(status, sig) ipcc_expect_status_((status), 1, (sig), __FILE__, __LINE__)

/* ---- other processes ---------------------------------------------------- */

/* Forks a helper that runs fn(arg) and exits with its return value (0..119).
 * In a helper the vocabulary never touches Check: a failed EXPECT ends the
 * helper with IPCC_HELPER_FAILED, a failed MUST with IPCC_HELPER_BROKEN,
 * after printing why to stderr (captured into the case's output). */
#define IPCC_HELPER_FAILED 121
#define IPCC_HELPER_BROKEN 122
#define ipcc_spawn(fn, arg) ipcc_spawn_((fn), (arg), __FILE__, __LINE__)
/* Waits for a process of the case, bounded by the case's deadline, and
 * returns its wait status. */
#define ipcc_reap(pid) ipcc_reap_((pid), __FILE__, __LINE__)
/* Reaps a helper that must end by exit() and returns its exit code (0..119).
 * A helper that failed or broke, or was killed, fails or errors the case. */
#define ipcc_join(pid) ipcc_join_((pid), __FILE__, __LINE__)
/* Replaces the calling process with helper NAME of this program (the
 * program itself, run as "__helper NAME ARGS..."): a fresh image that shares
 * nothing with the case but what it is given. ARGS ends with NULL. */
#define ipcc_exec_helper(name, args) ipcc_exec_helper_((name), (args), __FILE__, __LINE__)

/* Makes the calling process the unprivileged user nobody (no supplementary
 * groups, nobody's gid and uid, real and effective). Call it in a process the
 * case forked, in a case with .needs = IPCC_NEED_NOBODY; failing is a setup
 * error. ipcc_nobody_ids() gives the ids, to chown or chmod for them. */
#define ipcc_become_nobody() ipcc_become_nobody_(__FILE__, __LINE__)
void ipcc_nobody_ids(uid_t *uid, gid_t *gid);

/* A name for shm_open, mq_open or sem_open that no other case uses:
 * "/ipcc-PID-STEM" (PID: the case process). Returns buf. Objects named so
 * are recognised as ours by the census of leftovers. */
#define IPCC_IPC_PREFIX "ipcc-"
#define ipcc_ipc_name(buf, size, stem) ipcc_ipc_name_((buf), (size), (stem), __FILE__, __LINE__)
const char *ipcc_ipc_name_(char *buf, size_t size, const char *stem, const char *file, int line);

/* The calls a process can be proven to be blocked in. */
enum ipcc_call { IPCC_IN_READ, IPCC_IN_WRITE, IPCC_IN_OPEN, IPCC_IN_POLL, IPCC_IN_ANY };
/* Returns once pid is asleep in the kernel inside `call`, proven from the
 * kernel's view of the process where the system offers one (/proc/PID/stat
 * and /proc/PID/syscall on Linux). For IPCC_IN_READ and IPCC_IN_WRITE, `fd`
 * (unless -1) must be the descriptor of the call; other calls ignore it.
 * Elsewhere it waits a grace period and checks that pid is still there: a
 * lower bound only. Notes how the block was proven.
 *   ipcc_wait_blocked: blocking is part of the setup; a pid that ends
 *                      instead is an error.
 *   EXPECT_BLOCKED:    blocking is the behaviour under test; a pid that
 *                      ends instead is a deviation (fail).
 * A pid that never blocks but keeps running is an error in both. */
#define ipcc_wait_blocked(pid, call, fd) \
	ipcc_wait_blocked_((pid), (call), (fd), 0, __FILE__, __LINE__)
#define EXPECT_BLOCKED(pid, call, fd) \
	ipcc_wait_blocked_((pid), (call), (fd), 1, __FILE__, __LINE__)
/* The opposite: the call must return at once. Returns once pid has ended
 * (it is left for ipcc_join/ipcc_reap); pid seen asleep in `call` (on fd)
 * first is a deviation. Without a kernel view of processes it returns at
 * once, and the join that follows is bounded by the deadline. */
#define EXPECT_NOT_BLOCKED(pid, call, fd) \
	ipcc_expect_not_blocked_((pid), (call), (fd), __FILE__, __LINE__)

/* A one-way handshake: gate_pass() in one process, gate_wait() in another.
 * Open it before fork. The waiter should close its copy of the write end
 * (gate_close_wr) so that a peer that dies is seen at once instead of at
 * the deadline. gate_wait() is bounded by the case's deadline. */
struct ipcc_gate { int rd, wr; };
#define gate_open(g) ipcc_gate_open_((g), __FILE__, __LINE__)
#define gate_pass(g) ipcc_gate_pass_((g), __FILE__, __LINE__)
#define gate_wait(g) ipcc_gate_wait_((g), __FILE__, __LINE__)
void gate_close_rd(struct ipcc_gate *g);
void gate_close_wr(struct ipcc_gate *g);

/* Seconds left before the harness kills the case (already scaled by the
 * timeout multiplier), and the multiplier itself for grace periods. */
double ipcc_time_left(void);
double ipcc_timeout_multiplier(void);
/* Whether the harness runs under valgrind, which emulates some limits
 * (descriptors, for one) instead of leaving them to the kernel. */
int ipcc_under_valgrind(void);

/* ---- implementation (called through the macros above) ------------------ */

long ipcc_must_(long ret, const char *expr, const char *file, int line);
void ipcc_setup_failed_(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
void ipcc_skip_(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
long ipcc_expect_ok_(long ret, const char *expr, const char *file, int line);
void ipcc_expect_errno_(long ret, int err1, int err2, const char *expr, const char *errexpr,
			const char *file, int line);
void ipcc_expect_cmp_(long long a, long long b, enum ipcc_cmp op, const char *aexpr,
		      const char *bexpr, const char *file, int line);
void ipcc_expect_mem_(const void *a, const void *b, size_t n, const char *aexpr,
		      const char *bexpr, const char *file, int line);
void ipcc_expect_status_(int status, int by_signal, int value, const char *file, int line);
void ipcc_expect_failed_(const char *file, int line, const char *expected,
			 const char *observed, const char *fmt, ...)
	__attribute__((format(printf, 5, 6), noreturn));
pid_t ipcc_spawn_(int (*fn)(void *), void *arg, const char *file, int line);
int ipcc_reap_(pid_t pid, const char *file, int line);
int ipcc_join_(pid_t pid, const char *file, int line);
void ipcc_exec_helper_(const char *name, char *const args[], const char *file, int line)
	__attribute__((noreturn));
void ipcc_wait_blocked_(pid_t pid, enum ipcc_call call, int fd, int judge, const char *file,
			int line);
void ipcc_expect_not_blocked_(pid_t pid, enum ipcc_call call, int fd, const char *file, int line);
void ipcc_become_nobody_(const char *file, int line);
void ipcc_gate_open_(struct ipcc_gate *g, const char *file, int line);
void ipcc_gate_pass_(struct ipcc_gate *g, const char *file, int line);
void ipcc_gate_wait_(struct ipcc_gate *g, const char *file, int line);

#endif
