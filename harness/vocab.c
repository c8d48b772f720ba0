/* vocab.c: the words a case is written in (see case.h).
 *
 * In the case process a failed expectation sends the expected and observed
 * values, then the verdict with the case's own file and line, and abandons
 * the test. In a helper the same words print to stderr and end the helper
 * with a reserved exit code, for the case to judge. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "channel.h"
#include "names.h"
#include "runtime.h"

struct ipcc_runtime ipcc_rt = { .chan = -1, .multiplier = 1.0 };

double ipcc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ipcc_in_helper(void)
{
	return ipcc_rt.case_pid == 0 || getpid() != ipcc_rt.case_pid;
}

double ipcc_time_left(void)
{
	double left = ipcc_rt.deadline - ipcc_now();

	return ipcc_rt.deadline == 0 ? 60.0 : left > 0 ? left : 0;
}

double ipcc_timeout_multiplier(void)
{
	return ipcc_rt.multiplier;
}

int ipcc_under_valgrind(void)
{
	return ipcc_rt.under_valgrind;
}

static void chan_send(enum ipcc_rec_type type, const char *a, const char *b, const char *c)
{
	const char *f[3] = { a, b, c };

	if (ipcc_rt.chan >= 0)
		ipcc_rec_send(ipcc_rt.chan, type, f, ipcc_rec_nfields(type));
}

static void line_text(char *buf, size_t size, int line)
{
	snprintf(buf, size, "%d", line);
}

static void __attribute__((noreturn)) fail_case(const char *file, int line, const char *expected,
						const char *observed, const char *msg)
{
	char full[1024];

	if (ipcc_in_helper()) {
		snprintf(full, sizeof(full), "%s (expected %s, observed %s)", msg, expected, observed);
		ipcc_case_failed(file, line, full);
	}
	chan_send(REC_DETAIL, expected, observed, NULL);
	ipcc_case_failed(file, line, msg);
}

static void __attribute__((noreturn)) broken(const char *file, int line, const char *msg)
{
	char lbuf[16];

	if (ipcc_in_helper()) {
		fprintf(stderr, "ipcconform helper %ld: %s:%d: %s\n", (long)getpid(), file, line, msg);
		ipcc_case_abandon(IPCC_HELPER_BROKEN);
	}
	line_text(lbuf, sizeof(lbuf), line);
	chan_send(REC_ERROR, msg, file, lbuf);
	ipcc_case_abandon(IPCC_HELPER_BROKEN);
}

/* ---- observations --------------------------------------------------------- */

static struct { char key[48]; int uses; } keys[64];
static int nkeys;

void ipcc_vocab_reset(void)
{
	nkeys = 0;
}

static int valid_key(const char *k)
{
	if (!*k || strlen(k) >= sizeof(keys[0].key))
		return 0;
	for (; *k; k++)
		if (!(islower((unsigned char)*k) || isdigit((unsigned char)*k) || strchr("_.-", *k)))
			return 0;
	return 1;
}

static void send_obs(const char *key, const char *value)
{
	if (ipcc_rt.chan < 0)
		fprintf(stderr, "observe %s=%s\n", key, value);
	else
		chan_send(REC_OBS, key, value, NULL);
}

void observe(const char *key, const char *fmt, ...)
{
	char value[256];
	va_list ap;

	if (!valid_key(key))
		broken(__FILE__, __LINE__, "observe(): key must be 1-47 characters of [a-z0-9_.-]");
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	send_obs(key, value);
}

/* EXPECT_ERRNO records what the call did under the call's own name:
 * "write(fds[0], ...)" becomes "write", then "write.2" for the next one. */
static void observe_call(const char *expr, const char *value)
{
	char key[40];
	size_t n = 0;
	int i;

	while (n < sizeof(key) - 8 && (isalnum((unsigned char)expr[n]) || expr[n] == '_')) {
		key[n] = (char)tolower((unsigned char)expr[n]);
		n++;
	}
	key[n] = '\0';
	if (n == 0)
		strcpy(key, "call");
	for (i = 0; i < nkeys && strcmp(keys[i].key, key); i++)
		;
	if (i == nkeys && nkeys < (int)(sizeof(keys) / sizeof(keys[0]))) {
		snprintf(keys[nkeys].key, sizeof(keys[0].key), "%s", key);
		keys[nkeys++].uses = 0;
	}
	if (i < nkeys && ++keys[i].uses > 1)
		snprintf(key + n, sizeof(key) - n, ".%d", keys[i].uses % 1000);
	send_obs(key, value);
}

void note(const char *fmt, ...)
{
	char text[IPCC_REC_PAYLOAD];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (ipcc_rt.chan < 0)
		fprintf(stderr, "note: %s\n", text);
	else
		chan_send(REC_NOTE, text, NULL, NULL);
}

/* ---- skip and setup ------------------------------------------------------- */

void ipcc_skip_(const char *file, int line, const char *fmt, ...)
{
	char reason[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (ipcc_in_helper())
		broken(file, line, "SKIP called in a helper");
	chan_send(REC_SKIP, reason, NULL, NULL);
	ipcc_case_abandon(IPCC_HELPER_BROKEN);
}

void ipcc_setup_failed_(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	broken(file, line, msg);
}

long ipcc_must_(long ret, const char *expr, const char *file, int line)
{
	char msg[400];
	int err = errno;

	if (ret != -1)
		return ret;
	snprintf(msg, sizeof(msg), "%s: %s (%s)", expr, ipcc_errno_name(err), strerror(err));
	broken(file, line, msg);
}

/* ---- expectations ----------------------------------------------------------- */

static const char *result_text(long ret, int err, char *buf, size_t size)
{
	if (ret == -1)
		return ipcc_errno_name(err);
	snprintf(buf, size, "%ld", ret);
	return buf;
}

long ipcc_expect_ok_(long ret, const char *expr, const char *file, int line)
{
	char msg[400];
	int err = errno;

	if (ret != -1)
		return ret;
	snprintf(msg, sizeof(msg), "%s failed with %s (%s)", expr, ipcc_errno_name(err),
		 strerror(err));
	fail_case(file, line, "success", ipcc_errno_name(err), msg);
}

void ipcc_expect_errno_(long ret, int err1, int err2, const char *expr, const char *errexpr,
			const char *file, int line)
{
	char msg[400], got[32];
	int err = errno;
	const char *seen = result_text(ret, err, got, sizeof(got));

	observe_call(expr, seen);
	if (ret == -1 && (err == err1 || err == err2))
		return;
	if (ret == -1)
		snprintf(msg, sizeof(msg), "%s failed with %s, expected %s", expr, seen, errexpr);
	else
		snprintf(msg, sizeof(msg), "%s returned %ld, expected -1 with %s", expr, ret, errexpr);
	fail_case(file, line, errexpr, seen, msg);
}

void ipcc_expect_cmp_(long long a, long long b, enum ipcc_cmp op, const char *aexpr,
		      const char *bexpr, const char *file, int line)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	char msg[400], expected[64], observed[32];
	int ok = 0;

	switch (op) {
	case IPCC_EQ: ok = a == b; break;
	case IPCC_NE: ok = a != b; break;
	case IPCC_LT: ok = a < b; break;
	case IPCC_LE: ok = a <= b; break;
	case IPCC_GT: ok = a > b; break;
	case IPCC_GE: ok = a >= b; break;
	}
	if (ok)
		return;
	if (op == IPCC_EQ)
		snprintf(expected, sizeof(expected), "%lld", b);
	else
		snprintf(expected, sizeof(expected), "%s %lld", ops[op], b);
	snprintf(observed, sizeof(observed), "%lld", a);
	snprintf(msg, sizeof(msg), "%s %s %s: %s is %lld", aexpr, ops[op], bexpr, aexpr, a);
	fail_case(file, line, expected, observed, msg);
}

void ipcc_expect_mem_(const void *a, const void *b, size_t n, const char *aexpr,
		      const char *bexpr, const char *file, int line)
{
	const unsigned char *x = a, *y = b;
	char msg[400], expected[16], observed[16];
	size_t i;

	for (i = 0; i < n && x[i] == y[i]; i++)
		;
	if (i == n)
		return;
	snprintf(expected, sizeof(expected), "0x%02x", y[i]);
	snprintf(observed, sizeof(observed), "0x%02x", x[i]);
	snprintf(msg, sizeof(msg), "%s differs from %s at byte %zu of %zu", aexpr, bexpr, i, n);
	fail_case(file, line, expected, observed, msg);
}

void ipcc_expect_status_(int status, int by_signal, int value, const char *file, int line)
{
	char msg[400], expected[64], observed[64];

	if (by_signal ? WIFSIGNALED(status) && WTERMSIG(status) == value
		      : WIFEXITED(status) && WEXITSTATUS(status) == value)
		return;
	if (by_signal)
		snprintf(expected, sizeof(expected), "killed by %s", ipcc_signal_name(value));
	else
		snprintf(expected, sizeof(expected), "exited %d", value);
	ipcc_describe_status(status, observed, sizeof(observed));
	snprintf(msg, sizeof(msg), "the process %s, expected it %s", observed, expected);
	fail_case(file, line, expected, observed, msg);
}

void ipcc_expect_failed_(const char *file, int line, const char *expected,
			 const char *observed, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_case(file, line, expected, observed, msg);
}
