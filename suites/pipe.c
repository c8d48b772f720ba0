/* pipe.c: anonymous pipes (catalogue section PIPE, and the pipe parts of
 * BLK-002, BLK-003, BLK-008..011, BLK-018 and BLK-019). */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case.h"

/* ---- small tools ---------------------------------------------------------- */

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	int e = errno;

	(void)sig;
	hits++;
	errno = e;
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

static void set_nonblock(int fd, int on)
{
	int fl = (int)MUST(fcntl(fd, F_GETFL));

	MUST(fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK));
}

static int nonblocking(int fd)
{
	return ((int)MUST(fcntl(fd, F_GETFL)) & O_NONBLOCK) != 0;
}

static int cloexec(int fd)
{
	return ((int)MUST(fcntl(fd, F_GETFD)) & FD_CLOEXEC) != 0;
}

static long pipe_buf(int fd)
{
	long n = MUST(fpathconf(fd, _PC_PIPE_BUF));

	MUST_TRUE(n > 0, "fpathconf(_PC_PIPE_BUF) gives no limit");
	return n;
}

static size_t min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Fills the pipe through its write end with O_NONBLOCK writes until EAGAIN
 * (or a deviant 0): whole chunks, then single bytes for the room a chunk no
 * longer fits in. Returns the bytes written; the status flags are restored. */
static size_t fill(int fd)
{
	static const char chunk[4096];
	size_t total = 0, n = sizeof(chunk);
	int fl = (int)MUST(fcntl(fd, F_GETFL));
	ssize_t r;

	MUST(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
	for (;;) {
		r = write(fd, chunk, n);
		if ((r < 0 && errno == EAGAIN) || r == 0) {
			if (n == 1)
				break;
			n = 1;
			continue;
		}
		MUST(r);
		MUST_TRUE(total < (64u << 20), "the pipe is still not full after %zu bytes", total);
		total += (size_t)r;
	}
	MUST(fcntl(fd, F_SETFL, fl));
	return total;
}

/* Reads what the pipe holds now (O_NONBLOCK reads until EAGAIN or EOF). */
static size_t drain(int fd)
{
	char buf[4096];
	size_t total = 0;
	int fl = (int)MUST(fcntl(fd, F_GETFL));
	ssize_t r;

	MUST(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += (size_t)r;
	if (r < 0 && errno != EAGAIN)
		MUST(r);
	MUST(fcntl(fd, F_SETFL, fl));
	return total;
}

/* Reads and discards exactly n bytes. */
static void take(int fd, size_t n)
{
	char buf[4096];
	ssize_t r;

	while (n > 0) {
		r = MUST(read(fd, buf, min(n, sizeof(buf))));
		MUST_TRUE(r > 0, "end of file with %zu bytes still to take", n);
		n -= (size_t)r;
	}
}

/* Reads until end of file or until buf is full; returns the count. */
static size_t read_to_eof(int fd, void *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n < size && (r = EXPECT_OK(read(fd, (char *)buf + n, size - n))) > 0)
		n += (size_t)r;
	return n;
}

/* Bytes an empty pipe takes before O_NONBLOCK writes get EAGAIN. */
static size_t capacity(void)
{
	int fds[2];
	size_t n;

	MUST(pipe(fds));
	n = fill(fds[1]);
	close(fds[0]);
	close(fds[1]);
	return n;
}

static char *pattern(size_t n)
{
	char *p = malloc(n);

	MUST_TRUE(p != NULL, "malloc(%zu)", n);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i % 251);
	return p;
}

static const char *revents_token(short re, char *buf, size_t size)
{
	static const struct { short bit; const char *name; } bits[] = {
		{ POLLIN, "POLLIN" }, { POLLRDNORM, "POLLRDNORM" }, { POLLPRI, "POLLPRI" },
		{ POLLOUT, "POLLOUT" }, { POLLWRNORM, "POLLWRNORM" }, { POLLERR, "POLLERR" },
		{ POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (re & bits[i].bit)
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "|" : "",
					      bits[i].name);
	return n ? buf : "none";
}

static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events, .revents = 0 };

	MUST(poll(&p, 1, 0));
	return p.revents;
}

/* ---- helpers forked by the cases -------------------------------------------- */

struct ends {
	int fds[2];
	struct ipcc_gate gate;
};

/* Reads one byte from a pipe whose writers are elsewhere: it must be 'x'. */
static int read_x(void *arg)
{
	int *fds = arg;
	char c = 0;

	close(fds[1]);
	EXPECT_EQ(read(fds[0], &c, 1), 1);
	EXPECT_EQ(c, 'x');
	return 0;
}

/* Reads from a pipe whose writers are elsewhere: it must see end of file. */
static int read_eof(void *arg)
{
	int *fds = arg;
	char c;

	close(fds[1]);
	EXPECT_EQ(read(fds[0], &c, 1), 0);
	return 0;
}

/* Holds the write end until the gate opens. */
static int hold_write_end(void *arg)
{
	struct ends *e = arg;

	close(e->fds[0]);
	gate_close_wr(&e->gate);
	gate_wait(&e->gate);
	return 0;
}

/* Writes to a pipe a helper reads. A helper that found a deviation may have
 * gone already: the write then fails with EPIPE (SIGPIPE is ignored here)
 * and the helper's exit status tells what went wrong, not the case's death. */
static void feed(int fd, const void *buf, size_t n)
{
	ssize_t r;

	set_action(SIGPIPE, SIG_IGN, 0);
	r = write(fd, buf, n);
	if (r < 0 && errno != EPIPE)
		MUST(r);
}

/* ---- PIPE-001, PIPE-002: a new pipe ----------------------------------------- */

START_TEST(written_bytes_are_read_in_order)
{
	int fds[2];
	char buf[32];

	EXPECT_EQ(pipe(fds), 0);
	MUST(write(fds[1], "abc", 3));
	MUST(write(fds[1], "defg", 4));
	MUST(write(fds[1], "hij", 3));
	close(fds[1]);
	EXPECT_EQ(read_to_eof(fds[0], buf, sizeof(buf)), 10);
	EXPECT_MEM_EQ(buf, "abcdefghij", 10);
}
END_TEST

START_TEST(new_ends_are_blocking)
{
	int fds[2];

	MUST(pipe(fds));
	EXPECT_EQ(nonblocking(fds[0]), 0);
	EXPECT_EQ(nonblocking(fds[1]), 0);
}
END_TEST

START_TEST(new_ends_have_fd_cloexec_clear)
{
	int fds[2];

	MUST(pipe(fds));
	EXPECT_EQ(cloexec(fds[0]), 0);
	EXPECT_EQ(cloexec(fds[1]), 0);
}
END_TEST

START_TEST(both_ends_are_fifos)
{
	struct stat st;
	int fds[2];

	MUST(pipe(fds));
	MUST(fstat(fds[0], &st));
	EXPECT_TRUE(S_ISFIFO(st.st_mode), "read end: st_mode %#o", (unsigned)st.st_mode);
	MUST(fstat(fds[1], &st));
	EXPECT_TRUE(S_ISFIFO(st.st_mode), "write end: st_mode %#o", (unsigned)st.st_mode);
}
END_TEST

/* ---- PIPE-003, PIPE-004: one-way (recorded) ----------------------------------- */

START_TEST(write_on_read_end_ebadf_or_bidirectional)
{
	int fds[2];
	ssize_t r;

	MUST(pipe(fds));
	r = write(fds[0], "x", 1);
	observe("write_read_end", "%s", r < 0 ? ipcc_errno_name(errno) : "bidirectional");
}
END_TEST

START_TEST(read_on_write_end_ebadf_or_bidirectional)
{
	int fds[2];
	ssize_t r;
	char c;

	MUST(pipe(fds));
	/* A bidirectional pipe would block here with nothing to read. */
	set_nonblock(fds[1], 1);
	r = read(fds[1], &c, 1);
	observe("read_write_end", "%s",
		r < 0 && errno != EAGAIN ? ipcc_errno_name(errno) : "bidirectional");
}
END_TEST

static const char *accmode(int fd)
{
	switch ((int)MUST(fcntl(fd, F_GETFL)) & O_ACCMODE) {
	case O_RDONLY: return "O_RDONLY";
	case O_WRONLY: return "O_WRONLY";
	case O_RDWR: return "O_RDWR";
	}
	return "other";
}

START_TEST(access_mode_of_each_end)
{
	int fds[2];

	MUST(pipe(fds));
	observe("read_end_mode", "%s", accmode(fds[0]));
	observe("write_end_mode", "%s", accmode(fds[1]));
}
END_TEST

/* ---- PIPE-005, PIPE-006: between processes ------------------------------------ */

static const char greeting[] = "one pipe per direction";

static int read_greeting(void *arg)
{
	int *fds = arg;
	char buf[64];

	close(fds[1]);
	EXPECT_EQ(read_to_eof(fds[0], buf, sizeof(buf)), sizeof(greeting));
	EXPECT_MEM_EQ(buf, greeting, sizeof(greeting));
	return 0;
}

START_TEST(parent_writes_child_reads_across_fork)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(read_greeting, fds);
	close(fds[0]);
	feed(fds[1], greeting, sizeof(greeting));
	close(fds[1]);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

static int write_greeting(void *arg)
{
	int *fds = arg;

	close(fds[0]);
	MUST(write(fds[1], greeting, sizeof(greeting)));
	return 0;
}

START_TEST(child_writes_parent_reads_across_fork)
{
	int fds[2];
	char buf[64];
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(write_greeting, fds);
	close(fds[1]);
	EXPECT_EQ(read_to_eof(fds[0], buf, sizeof(buf)), sizeof(greeting));
	EXPECT_MEM_EQ(buf, greeting, sizeof(greeting));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

struct duplex { int down[2], up[2]; };

/* Answers the request read from down with its upper-case form on up. */
static int answer(void *arg)
{
	struct duplex *d = arg;
	char buf[64];
	size_t n;

	close(d->down[1]);
	close(d->up[0]);
	n = read_to_eof(d->down[0], buf, sizeof(buf));
	for (size_t i = 0; i < n; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	MUST(write(d->up[1], buf, n));
	return 0;
}

START_TEST(two_pipes_carry_request_and_reply)
{
	struct duplex d;
	char buf[64];
	pid_t pid;

	MUST(pipe(d.down));
	MUST(pipe(d.up));
	pid = ipcc_spawn(answer, &d);
	close(d.down[0]);
	close(d.up[1]);
	feed(d.down[1], "ping", 4);
	close(d.down[1]);
	EXPECT_EQ(read_to_eof(d.up[0], buf, sizeof(buf)), 4);
	EXPECT_MEM_EQ(buf, "PING", 4);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

static int exec_say_on_stdout(void *arg)
{
	int *fds = arg;
	char *const args[] = { (char *)greeting, NULL };

	close(fds[0]);
	MUST(dup2(fds[1], 1));
	close(fds[1]);
	ipcc_exec_helper("say", args);
}

START_TEST(exec_image_writes_to_parent_through_stdout)
{
	int fds[2];
	char buf[64];
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(exec_say_on_stdout, fds);
	close(fds[1]);
	EXPECT_EQ(read_to_eof(fds[0], buf, sizeof(buf)), strlen(greeting));
	EXPECT_MEM_EQ(buf, greeting, strlen(greeting));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

static int exec_stdin_is(void *arg)
{
	int *fds = arg;
	char *const args[] = { (char *)greeting, NULL };

	close(fds[1]);
	MUST(dup2(fds[0], 0));
	close(fds[0]);
	ipcc_exec_helper("stdin-is", args);
}

START_TEST(exec_image_reads_parent_data_on_stdin)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(exec_stdin_is, fds);
	close(fds[0]);
	feed(fds[1], greeting, strlen(greeting));
	close(fds[1]);
	/* stdin-is exits 0 when stdin held exactly the text, 1 when not. */
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

/* ---- PIPE-007, PIPE-008: ESPIPE, EBADF ------------------------------------------ */

START_TEST(lseek_on_read_end_is_espipe)
{
	int fds[2];

	MUST(pipe(fds));
	MUST(write(fds[1], "abc", 3));
	EXPECT_ERRNO(lseek(fds[0], 0, SEEK_SET), ESPIPE);
}
END_TEST

START_TEST(lseek_on_write_end_is_espipe)
{
	int fds[2];

	MUST(pipe(fds));
	EXPECT_ERRNO(lseek(fds[1], 0, SEEK_CUR), ESPIPE);
}
END_TEST

START_TEST(pread_on_pipe_is_espipe)
{
	int fds[2];
	char buf[4];

	MUST(pipe(fds));
	/* Data is there: a pread that ignored the offset would return it. */
	MUST(write(fds[1], "abc", 3));
	EXPECT_ERRNO(pread(fds[0], buf, sizeof(buf), 0), ESPIPE);
}
END_TEST

START_TEST(pwrite_on_pipe_is_espipe)
{
	int fds[2];

	MUST(pipe(fds));
	EXPECT_ERRNO(pwrite(fds[1], "abc", 3, 0), ESPIPE);
	EXPECT_EQ(drain(fds[0]), 0);
}
END_TEST

START_TEST(read_on_closed_read_end_is_ebadf)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	MUST(write(fds[1], "x", 1));
	MUST(close(fds[0]));
	EXPECT_ERRNO(read(fds[0], &c, 1), EBADF);
}
END_TEST

START_TEST(write_on_closed_write_end_is_ebadf)
{
	int fds[2];

	MUST(pipe(fds));
	MUST(close(fds[1]));
	EXPECT_ERRNO(write(fds[1], "x", 1), EBADF);
}
END_TEST

START_TEST(second_close_is_ebadf)
{
	int fds[2];

	MUST(pipe(fds));
	MUST(close(fds[1]));
	EXPECT_ERRNO(close(fds[1]), EBADF);
}
END_TEST

/* ---- PIPE-010 .. PIPE-016: reading ---------------------------------------------- */

START_TEST(read_on_empty_pipe_blocks_until_data_arrives)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(read_x, fds);
	EXPECT_BLOCKED(pid, IPCC_IN_READ, fds[0]);
	MUST(write(fds[1], "x", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

/* Asks for 100 bytes; exits with the count (119 for an error). */
static int read_hundred(void *arg)
{
	int *fds = arg;
	char buf[100];
	ssize_t r;

	close(fds[1]);
	r = read(fds[0], buf, sizeof(buf));
	return r < 0 ? 119 : (int)r;
}

START_TEST(read_returns_what_is_buffered_at_once)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	MUST(write(fds[1], "0123456789", 10));
	/* The write end stays open here: a read that waited for the other 90
	 * bytes would wait for ever, and is seen asleep instead. */
	pid = ipcc_spawn(read_hundred, fds);
	EXPECT_NOT_BLOCKED(pid, IPCC_IN_READ, fds[0]);
	EXPECT_EQ(ipcc_join(pid), 10);
}
END_TEST

START_TEST(read_without_writers_returns_zero)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	close(fds[1]);
	EXPECT_EQ(read(fds[0], &c, 1), 0);
}
END_TEST

START_TEST(buffered_data_is_read_before_eof)
{
	int fds[2];
	char buf[16];

	MUST(pipe(fds));
	MUST(write(fds[1], "last", 4));
	close(fds[1]);
	EXPECT_EQ(read_to_eof(fds[0], buf, sizeof(buf)), 4);
	EXPECT_MEM_EQ(buf, "last", 4);
}
END_TEST

START_TEST(read_is_eagain_not_eof_while_child_holds_write_end)
{
	struct ends e;
	pid_t pid;
	char c;

	MUST(pipe(e.fds));
	gate_open(&e.gate);
	pid = ipcc_spawn(hold_write_end, &e);
	gate_close_rd(&e.gate);
	close(e.fds[1]);
	set_nonblock(e.fds[0], 1);
	EXPECT_ERRNO(read(e.fds[0], &c, 1), EAGAIN);
	gate_pass(&e.gate);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(read_is_eagain_not_eof_while_dup_holds_write_end)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	MUST(dup(fds[1]));
	close(fds[1]);
	set_nonblock(fds[0], 1);
	EXPECT_ERRNO(read(fds[0], &c, 1), EAGAIN);
}
END_TEST

START_TEST(blocked_readers_all_get_eof_when_last_writer_closes)
{
	int fds[2];
	pid_t pid[3];

	MUST(pipe(fds));
	for (int i = 0; i < 3; i++)
		pid[i] = ipcc_spawn(read_eof, fds);
	for (int i = 0; i < 3; i++)
		EXPECT_BLOCKED(pid[i], IPCC_IN_READ, fds[0]);
	close(fds[1]);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(ipcc_join(pid[i]), 0);
}
END_TEST

START_TEST(blocked_reader_gets_eof_when_writer_process_exits)
{
	struct ends e;
	pid_t writer, reader;

	MUST(pipe(e.fds));
	gate_open(&e.gate);
	writer = ipcc_spawn(hold_write_end, &e);
	reader = ipcc_spawn(read_eof, e.fds);
	gate_close_rd(&e.gate);
	close(e.fds[1]);
	EXPECT_BLOCKED(reader, IPCC_IN_READ, e.fds[0]);
	gate_pass(&e.gate);
	EXPECT_EQ(ipcc_join(writer), 0);
	EXPECT_EQ(ipcc_join(reader), 0);
}
END_TEST

START_TEST(nonblock_read_empty_pipe_is_eagain)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	set_nonblock(fds[0], 1);
	EXPECT_ERRNO(read(fds[0], &c, 1), EAGAIN);
}
END_TEST

START_TEST(nonblock_read_without_writers_returns_zero)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	set_nonblock(fds[0], 1);
	close(fds[1]);
	EXPECT_EQ(read(fds[0], &c, 1), 0);
}
END_TEST

/* ---- PIPE-017 .. PIPE-019: no reader ------------------------------------------- */

/* Should die in the write. */
static int write_one(void *arg)
{
	int *fds = arg;

	if (write(fds[1], "x", 1) < 0)
		return 1;
	return 0;
}

START_TEST(write_without_reader_kills_with_sigpipe_by_default)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	close(fds[0]);
	pid = ipcc_spawn(write_one, fds);
	EXPECT_KILLED_BY(ipcc_reap(pid), SIGPIPE);
}
END_TEST

START_TEST(write_without_reader_is_epipe_when_sigpipe_ignored)
{
	int fds[2];

	MUST(pipe(fds));
	close(fds[0]);
	set_action(SIGPIPE, SIG_IGN, 0);
	EXPECT_ERRNO(write(fds[1], "x", 1), EPIPE);
}
END_TEST

START_TEST(write_without_reader_runs_sigpipe_handler_once_then_epipe)
{
	int fds[2];

	MUST(pipe(fds));
	close(fds[0]);
	set_action(SIGPIPE, on_signal, 0);
	EXPECT_ERRNO(write(fds[1], "x", 1), EPIPE);
	EXPECT_EQ(hits, 1);
}
END_TEST

static int sigpipe_pending(void)
{
	sigset_t set;

	MUST(sigpending(&set));
	return sigismember(&set, SIGPIPE);
}

START_TEST(write_without_reader_leaves_blocked_sigpipe_pending)
{
	sigset_t set;
	int fds[2];

	MUST(pipe(fds));
	close(fds[0]);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	MUST(sigprocmask(SIG_BLOCK, &set, NULL));
	EXPECT_ERRNO(write(fds[1], "x", 1), EPIPE);
	EXPECT_EQ(sigpipe_pending(), 1);
	/* SIGPIPE stays blocked and pending until the case process ends. */
}
END_TEST

/* Writes 100 bytes (<= PIPE_BUF: all or nothing) into a full pipe; it
 * should die in the write. */
static int write_into_full_pipe(void *arg)
{
	int *fds = arg;
	static const char buf[100];

	close(fds[0]);
	if (write(fds[1], buf, sizeof(buf)) < 0)
		return errno == EPIPE ? 1 : 2;
	return 0;
}

static int write_into_full_pipe_caught(void *arg)
{
	int *fds = arg;
	static const char buf[100];

	close(fds[0]);
	set_action(SIGPIPE, on_signal, 0);
	EXPECT_ERRNO(write(fds[1], buf, sizeof(buf)), EPIPE);
	EXPECT_EQ(hits, 1);
	return 0;
}

START_TEST(blocked_write_gets_epipe_and_sigpipe_when_last_reader_closes)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	fill(fds[1]);
	pid = ipcc_spawn(write_into_full_pipe_caught, fds);
	EXPECT_BLOCKED(pid, IPCC_IN_WRITE, fds[1]);
	close(fds[0]);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(blocked_write_is_killed_by_sigpipe_when_last_reader_closes)
{
	int fds[2];
	pid_t pid;

	MUST(pipe(fds));
	fill(fds[1]);
	pid = ipcc_spawn(write_into_full_pipe, fds);
	EXPECT_BLOCKED(pid, IPCC_IN_WRITE, fds[1]);
	close(fds[0]);
	EXPECT_KILLED_BY(ipcc_reap(pid), SIGPIPE);
}
END_TEST

/* ---- PIPE-020 .. PIPE-027: sizes, atomicity, O_NONBLOCK writes ------------------ */

START_TEST(fpathconf_pipe_buf_is_at_least_512_and_equals_pipe_buf)
{
	int fds[2];
	long n;

	MUST(pipe(fds));
	n = fpathconf(fds[0], _PC_PIPE_BUF);
	observe("pipe_buf", "%ld", n);
	EXPECT_GE(n, 512);
#ifdef PIPE_BUF
	EXPECT_EQ(n, PIPE_BUF);
#endif
}
END_TEST

#define WRITERS 8

struct recorder {
	int fds[2];
	size_t size, count;
	int tag;
};

/* Record: tag byte, 16-bit sequence number, then the tag byte repeated. */
static unsigned seq_of(const unsigned char *rec)
{
	return rec[1] | rec[2] << 8;
}

static int write_records(void *arg)
{
	struct recorder *w = arg;
	unsigned char *rec = malloc(w->size);

	MUST_TRUE(rec != NULL, "malloc(%zu)", w->size);
	close(w->fds[0]);
	memset(rec, 'A' + w->tag, w->size);
	for (size_t seq = 0; seq < w->count; seq++) {
		rec[1] = (unsigned char)seq;
		rec[2] = (unsigned char)(seq >> 8);
		EXPECT_EQ(write(w->fds[1], rec, w->size), (long)w->size);
	}
	free(rec);
	return 0;
}

static void writers_do_not_interleave(size_t size, size_t count)
{
	struct recorder w[WRITERS];
	unsigned char *rec, *same;
	size_t have = 0, next[WRITERS] = { 0 }, slice = size / 4, filled, pb;
	pid_t pid[WRITERS];
	int fds[2];
	ssize_t r;

	MUST(pipe(fds));
	pb = (size_t)pipe_buf(fds[1]);
	MUST_TRUE(size >= 4 && size <= pb, "record size %zu", size);
	rec = calloc(1, pb);
	same = malloc(size);
	MUST_TRUE(rec && same, "malloc(%zu)", pb);
	/* Every writer starts blocked on a full pipe whose content is, where
	 * the room allows, not a multiple of the record size, and the pipe is
	 * drained in slices smaller than a record: whenever room appears, the
	 * writers compete for it, and a record that does not fit whole would be
	 * split. */
	filled = fill(fds[1]);
	take(fds[0], min(pb, filled));
	filled -= min(pb, filled);
	set_nonblock(fds[1], 1);
	if ((r = write(fds[1], rec, pb / 4 + 1)) < 0 && errno != EAGAIN)
		MUST(r);
	filled += r > 0 ? (size_t)r : 0;
	set_nonblock(fds[1], 0);
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct recorder){ { fds[0], fds[1] }, size, count, i };
		pid[i] = ipcc_spawn(write_records, &w[i]);
	}
	for (int i = 0; i < WRITERS; i++)
		EXPECT_BLOCKED(pid[i], IPCC_IN_WRITE, fds[1]);
	close(fds[1]);
	take(fds[0], filled);
	while ((r = EXPECT_OK(read(fds[0], rec + have, min(size - have, slice)))) > 0) {
		unsigned tag;

		have += (size_t)r;
		if (have < size)
			continue;
		have = 0;
		tag = rec[0] - 'A';
		EXPECT_LT(tag, WRITERS);
		EXPECT_EQ(seq_of(rec), next[tag] & 0xffff);
		memset(same, rec[0], size);
		EXPECT_MEM_EQ(rec + 3, same + 3, size - 3);
		next[tag]++;
	}
	EXPECT_EQ(have, 0);
	for (int i = 0; i < WRITERS; i++) {
		EXPECT_EQ(next[i], count);
		EXPECT_EQ(ipcc_join(pid[i]), 0);
	}
	free(rec);
	free(same);
}

START_TEST(concurrent_pipe_buf_writes_are_not_interleaved)
{
	int fds[2];
	long pb;

	MUST(pipe(fds));
	pb = pipe_buf(fds[0]);
	close(fds[0]);
	close(fds[1]);
	writers_do_not_interleave((size_t)pb, 64);
}
END_TEST

START_TEST(concurrent_small_writes_are_not_interleaved)
{
	/* 150 bytes: records straddle page and buffer boundaries. */
	writers_do_not_interleave(150, 200);
}
END_TEST

struct big {
	int fds[2];
	const char *buf;
	size_t n;
};

static int write_big(void *arg)
{
	struct big *b = arg;

	close(b->fds[0]);
	EXPECT_EQ(write(b->fds[1], b->buf, b->n), (long)b->n);
	return 0;
}

START_TEST(write_larger_than_capacity_returns_full_count)
{
	struct big b;
	char buf[4096];
	size_t total = 0;
	pid_t pid;
	ssize_t r;

	b.n = 3 * capacity();
	b.buf = pattern(b.n);
	MUST(pipe(b.fds));
	pid = ipcc_spawn(write_big, &b);
	close(b.fds[1]);
	while ((r = EXPECT_OK(read(b.fds[0], buf, sizeof(buf)))) > 0) {
		EXPECT_LE(total + (size_t)r, b.n);
		EXPECT_MEM_EQ(buf, b.buf + total, (size_t)r);
		total += (size_t)r;
	}
	EXPECT_EQ(total, b.n);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(write_to_full_pipe_blocks_until_reader_drains)
{
	struct big b;
	size_t full;
	pid_t pid;

	MUST(pipe(b.fds));
	b.n = (size_t)pipe_buf(b.fds[1]);
	b.buf = pattern(b.n);
	full = fill(b.fds[1]);
	pid = ipcc_spawn(write_big, &b);
	EXPECT_BLOCKED(pid, IPCC_IN_WRITE, b.fds[1]);
	close(b.fds[1]);
	take(b.fds[0], full);
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_EQ(drain(b.fds[0]), b.n);
}
END_TEST

START_TEST(nonblock_write_without_room_for_all_is_eagain_and_writes_nothing)
{
	int fds[2];
	size_t full;
	long pb;
	char *buf;

	MUST(pipe(fds));
	pb = pipe_buf(fds[1]);
	buf = pattern((size_t)pb);
	full = fill(fds[1]);
	take(fds[0], (size_t)pb / 2);
	set_nonblock(fds[1], 1);
	EXPECT_ERRNO(write(fds[1], buf, (size_t)pb), EAGAIN);
	EXPECT_EQ(drain(fds[0]), full - (size_t)pb / 2);
}
END_TEST

START_TEST(nonblock_write_of_one_byte_to_full_pipe_is_eagain)
{
	int fds[2];
	size_t full;

	MUST(pipe(fds));
	full = fill(fds[1]);
	set_nonblock(fds[1], 1);
	EXPECT_ERRNO(write(fds[1], "x", 1), EAGAIN);
	EXPECT_EQ(drain(fds[0]), full);
}
END_TEST

START_TEST(nonblock_big_write_to_empty_pipe_writes_at_least_pipe_buf)
{
	int fds[2];
	size_t n;
	ssize_t r;
	long pb;
	char *buf;

	n = 2 * capacity();
	buf = pattern(n);
	MUST(pipe(fds));
	pb = pipe_buf(fds[1]);
	MUST_TRUE((long)n > pb, "capacity %zu is below PIPE_BUF %ld", n / 2, pb);
	set_nonblock(fds[1], 1);
	r = EXPECT_OK(write(fds[1], buf, n));
	observe("write", "%s%ld", r < (ssize_t)n ? "partial:" : "", (long)r);
	EXPECT_GE(r, pb);
	EXPECT_LE(r, (long)n);
}
END_TEST

START_TEST(nonblock_big_write_with_some_room_is_partial_or_eagain)
{
	int fds[2];
	size_t full, n;
	ssize_t r;
	long pb;
	char *buf;

	MUST(pipe(fds));
	pb = pipe_buf(fds[1]);
	n = 2 * (size_t)pb + 1;
	buf = pattern(n);
	full = fill(fds[1]);
	take(fds[0], (size_t)pb);
	set_nonblock(fds[1], 1);
	r = write(fds[1], buf, n);
	if (r < 0) {
		observe("write", "%s", ipcc_errno_name(errno));
		EXPECT_TRUE(errno == EAGAIN, "write failed with %s, expected EAGAIN or a partial count",
			    ipcc_errno_name(errno));
		r = 0;
	} else {
		observe("write", "partial:%ld", (long)r);
		EXPECT_GE(r, 1);
		EXPECT_LT(r, (long)n);
	}
	EXPECT_EQ(drain(fds[0]), full - (size_t)pb + (size_t)r);
}
END_TEST

START_TEST(nonblock_big_write_to_full_pipe_is_eagain)
{
	int fds[2];
	size_t full, n;
	char *buf;

	MUST(pipe(fds));
	n = 2 * (size_t)pipe_buf(fds[1]) + 1;
	buf = pattern(n);
	full = fill(fds[1]);
	set_nonblock(fds[1], 1);
	EXPECT_ERRNO(write(fds[1], buf, n), EAGAIN);
	EXPECT_EQ(drain(fds[0]), full);
}
END_TEST

START_TEST(capacity_is_at_least_pipe_buf)
{
	int fds[2];
	size_t n;

	MUST(pipe(fds));
	n = fill(fds[1]);
	observe("capacity", "%zu", n);
	EXPECT_GE(n, pipe_buf(fds[1]));
}
END_TEST

START_TEST(write_of_zero_bytes)
{
	int fds[2];
	ssize_t r;

	MUST(pipe(fds));
	r = write(fds[1], "x", 0);
	if (r < 0)
		observe("write", "%s", ipcc_errno_name(errno));
	else
		observe("write", "%ld", (long)r);
}
END_TEST

/* ---- PIPE-028: two readers -------------------------------------------------------- */

#define UNITS 32768

struct sharer {
	int fds[2];
	unsigned char *seen; /* UNITS counters, then one for values out of range */
};

static int read_units(void *arg)
{
	struct sharer *s = arg;
	unsigned char buf[16];
	size_t have = 0, i;
	ssize_t r;
	uint16_t v;

	close(s->fds[1]);
	while ((r = EXPECT_OK(read(s->fds[0], buf + have, sizeof(buf) - have))) > 0) {
		have += (size_t)r;
		for (i = 0; i + 2 <= have; i += 2) {
			memcpy(&v, buf + i, 2);
			s->seen[v < UNITS ? v : UNITS]++;
		}
		memmove(buf, buf + i, have - i);
		have -= i;
	}
	return 0;
}

START_TEST(two_readers_never_get_the_same_byte)
{
	struct sharer s[2];
	unsigned char *seen;
	size_t dup = 0, lost = 0, got[2] = { 0 };
	uint16_t *units;
	pid_t pid[2];
	int fds[2];

	seen = mmap(NULL, 2 * (UNITS + 1), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	MUST_TRUE(seen != MAP_FAILED, "mmap: %s", ipcc_errno_name(errno));
	memset(seen, 0, 2 * (UNITS + 1));
	units = malloc(UNITS * sizeof(*units));
	MUST_TRUE(units != NULL, "malloc");
	for (unsigned v = 0; v < UNITS; v++)
		units[v] = (uint16_t)v;
	MUST(pipe(fds));
	for (int i = 0; i < 2; i++) {
		s[i] = (struct sharer){ { fds[0], fds[1] }, seen + i * (UNITS + 1) };
		pid[i] = ipcc_spawn(read_units, &s[i]);
	}
	/* Both readers wait on the empty pipe; one large write then feeds them
	 * both, in small reads, at the same time. */
	for (int i = 0; i < 2; i++)
		EXPECT_BLOCKED(pid[i], IPCC_IN_READ, fds[0]);
	close(fds[0]);
	MUST_TRUE(MUST(write(fds[1], units, UNITS * sizeof(*units))) == UNITS * sizeof(*units),
		  "short write");
	close(fds[1]);
	for (int i = 0; i < 2; i++)
		EXPECT_EQ(ipcc_join(pid[i]), 0);
	for (unsigned v = 0; v < UNITS; v++) {
		unsigned n = s[0].seen[v] + s[1].seen[v];

		got[0] += s[0].seen[v];
		got[1] += s[1].seen[v];
		dup += n > 1;
		lost += n == 0;
	}
	note("reader 1 got %zu units, reader 2 got %zu", got[0], got[1]);
	EXPECT_EQ(dup, 0);
	EXPECT_EQ(lost, 0);
	EXPECT_EQ(s[0].seen[UNITS] + s[1].seen[UNITS], 0);
	free(units);
}
END_TEST

/* ---- PIPE-029: EMFILE ------------------------------------------------------------- */

/* Lowers RLIMIT_NOFILE so that `spare` descriptors are free, then calls pipe(). */
static int pipe_at_fd_limit(void *arg)
{
	int spare = *(int *)arg, fds[2] = { -7, -7 }, lowest;
	struct rlimit rl;

	lowest = (int)MUST(dup(0));
	close(lowest);
	MUST(getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = (rlim_t)(lowest + spare);
	MUST(setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_ERRNO(pipe(fds), EMFILE);
	EXPECT_EQ(fds[0], -7);
	EXPECT_EQ(fds[1], -7);
	if (spare)
		EXPECT_EQ(dup(0), lowest);
	return 0;
}

/* valgrind keeps descriptors of its own above a lowered limit and emulates
 * the limit itself: what it answers is valgrind's behaviour, not the system's. */
static const char *kernel_enforces_fd_limit(void)
{
	return ipcc_under_valgrind() ? "under valgrind, which emulates RLIMIT_NOFILE" : NULL;
}

START_TEST(pipe_with_no_free_fd_is_emfile)
{
	int spare = 0;

	EXPECT_EQ(ipcc_join(ipcc_spawn(pipe_at_fd_limit, &spare)), 0);
}
END_TEST

START_TEST(pipe_with_one_free_fd_is_emfile_and_takes_none)
{
	int spare = 1;

	EXPECT_EQ(ipcc_join(ipcc_spawn(pipe_at_fd_limit, &spare)), 0);
}
END_TEST

/* ---- PIPE-030: pipe2 ---------------------------------------------------------------- */

#ifdef HAVE_PIPE2
static int exec_fd_is(void *arg)
{
	int fd = *(int *)arg;
	char num[16], dev[24], ino[24];
	char *const args[] = { num, dev, ino, NULL };
	struct stat st;

	MUST(fstat(fd, &st));
	snprintf(num, sizeof(num), "%d", fd);
	snprintf(dev, sizeof(dev), "%llu", (unsigned long long)st.st_dev);
	snprintf(ino, sizeof(ino), "%llu", (unsigned long long)st.st_ino);
	ipcc_exec_helper("fd-is", args);
}

/* 1 when descriptor fd, on the same pipe, is still open in a program
 * exec'd by a child. */
static int open_after_exec(int fd)
{
	int code = ipcc_join(ipcc_spawn(exec_fd_is, &fd));

	MUST_TRUE(code == 0 || code == 1, "helper fd-is exited %d", code);
	return code == 0;
}
#endif

START_TEST(pipe2_sets_cloexec_and_nonblock_on_both_ends)
{
#ifdef HAVE_PIPE2
	int fds[2];

	EXPECT_OK(pipe2(fds, O_CLOEXEC | O_NONBLOCK));
	for (int i = 0; i < 2; i++) {
		EXPECT_EQ(cloexec(fds[i]), 1);
		EXPECT_EQ(nonblocking(fds[i]), 1);
	}
#else
	SKIP("pipe2() is not available");
#endif
}
END_TEST

START_TEST(pipe2_cloexec_ends_are_closed_on_exec)
{
#ifdef HAVE_PIPE2
	int fds[2];

	EXPECT_OK(pipe2(fds, O_CLOEXEC));
	EXPECT_EQ(open_after_exec(fds[0]), 0);
	EXPECT_EQ(open_after_exec(fds[1]), 0);
#else
	SKIP("pipe2() is not available");
#endif
}
END_TEST

START_TEST(pipe2_nonblock_read_empty_pipe_is_eagain)
{
#ifdef HAVE_PIPE2
	int fds[2];
	char c;

	EXPECT_OK(pipe2(fds, O_NONBLOCK));
	EXPECT_ERRNO(read(fds[0], &c, 1), EAGAIN);
#else
	SKIP("pipe2() is not available");
#endif
}
END_TEST

START_TEST(pipe2_with_unknown_flag_is_einval)
{
#ifdef HAVE_PIPE2
	int fds[2];

	/* O_TRUNC means nothing to a pipe. */
	EXPECT_ERRNO(pipe2(fds, O_TRUNC), EINVAL);
#else
	SKIP("pipe2() is not available");
#endif
}
END_TEST

/* ---- PIPE-031, PIPE-032: FIONREAD, F_SETPIPE_SZ ------------------------------------- */

START_TEST(fionread_counts_buffered_bytes)
{
#if HAVE_DECL_FIONREAD
	int fds[2], n = -1;

	MUST(pipe(fds));
	MUST(write(fds[1], "0123456789", 10));
	if (ioctl(fds[0], FIONREAD, &n) < 0)
		observe("fionread", "%s", ipcc_errno_name(errno));
	else
		observe("fionread", "%d", n);
#else
	SKIP("FIONREAD is not defined");
#endif
}
END_TEST

#if HAVE_DECL_F_SETPIPE_SZ && HAVE_DECL_F_GETPIPE_SZ
static long pipe_size(int fd)
{
	return fcntl(fd, F_GETPIPE_SZ);
}
#endif

START_TEST(setpipe_sz_shrinks_capacity)
{
#if HAVE_DECL_F_SETPIPE_SZ && HAVE_DECL_F_GETPIPE_SZ
	long pg = MUST(sysconf(_SC_PAGESIZE));
	int fds[2], want, sz;

	MUST(pipe(fds));
	want = (int)MUST(pipe_size(fds[1])) / 2;
	observe("default_size", "%d", 2 * want);
	if (want < pg)
		SKIP("the pipe holds one page only: nothing to shrink");
	sz = (int)EXPECT_OK(fcntl(fds[1], F_SETPIPE_SZ, want));
	EXPECT_GE(sz, want);
	EXPECT_LT(sz, 2 * want);
	EXPECT_EQ(pipe_size(fds[0]), sz);
	EXPECT_EQ(fill(fds[1]), sz);
#else
	SKIP("F_SETPIPE_SZ/F_GETPIPE_SZ are not defined");
#endif
}
END_TEST

START_TEST(setpipe_sz_grows_capacity)
{
#if HAVE_DECL_F_SETPIPE_SZ && HAVE_DECL_F_GETPIPE_SZ
	int fds[2], want, sz;

	MUST(pipe(fds));
	want = 2 * (int)MUST(pipe_size(fds[1]));
	sz = fcntl(fds[1], F_SETPIPE_SZ, want);
	if (sz < 0 && errno == EPERM && geteuid() != 0)
		SKIP("F_SETPIPE_SZ to %d: EPERM for an unprivileged user (past fs.pipe-max-size or "
		     "fs.pipe-user-pages-soft)", want);
	EXPECT_OK(sz);
	EXPECT_GE(sz, want);
	EXPECT_EQ(pipe_size(fds[0]), sz);
	EXPECT_EQ(fill(fds[1]), sz);
#else
	SKIP("F_SETPIPE_SZ/F_GETPIPE_SZ are not defined");
#endif
}
END_TEST

START_TEST(setpipe_sz_below_buffered_bytes_is_ebusy)
{
#if HAVE_DECL_F_SETPIPE_SZ && HAVE_DECL_F_GETPIPE_SZ
	long pg = MUST(sysconf(_SC_PAGESIZE));
	char *buf = pattern((size_t)pg);
	int fds[2];

	MUST(pipe(fds));
	if (MUST(pipe_size(fds[1])) < 4 * pg)
		SKIP("the pipe holds less than 4 pages (fs.pipe-user-pages-soft reached?)");
	for (int i = 0; i < 3; i++)
		MUST(write(fds[1], buf, (size_t)pg));
	EXPECT_ERRNO(fcntl(fds[1], F_SETPIPE_SZ, (int)pg), EBUSY);
#else
	SKIP("F_SETPIPE_SZ/F_GETPIPE_SZ are not defined");
#endif
}
END_TEST

/* ---- BLK-002, BLK-003: F_SETFL O_NONBLOCK -------------------------------------------- */

START_TEST(setfl_nonblock_shows_in_getfl)
{
	int fds[2], fl;

	MUST(pipe(fds));
	fl = (int)MUST(fcntl(fds[0], F_GETFL));
	EXPECT_OK(fcntl(fds[0], F_SETFL, fl | O_NONBLOCK));
	EXPECT_EQ(nonblocking(fds[0]), 1);
}
END_TEST

START_TEST(clearing_nonblock_restores_blocking_read)
{
	int fds[2], fl;
	pid_t pid;

	MUST(pipe(fds));
	fl = (int)MUST(fcntl(fds[0], F_GETFL));
	MUST(fcntl(fds[0], F_SETFL, fl | O_NONBLOCK));
	EXPECT_OK(fcntl(fds[0], F_SETFL, fl & ~O_NONBLOCK));
	EXPECT_EQ(nonblocking(fds[0]), 0);
	pid = ipcc_spawn(read_x, fds);
	EXPECT_BLOCKED(pid, IPCC_IN_READ, fds[0]);
	MUST(write(fds[1], "x", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(nonblock_set_on_fd_applies_to_its_dup)
{
	int fds[2], copy;
	char c;

	MUST(pipe(fds));
	copy = (int)MUST(dup(fds[0]));
	set_nonblock(fds[0], 1);
	EXPECT_ERRNO(read(copy, &c, 1), EAGAIN);
}
END_TEST

static int set_nonblock_on_read_end(void *arg)
{
	int *fds = arg;

	close(fds[1]);
	set_nonblock(fds[0], 1);
	return 0;
}

START_TEST(nonblock_set_in_child_applies_to_parent)
{
	int fds[2];
	char c;

	MUST(pipe(fds));
	MUST_TRUE(ipcc_join(ipcc_spawn(set_nonblock_on_read_end, fds)) == 0,
		  "the child could not set O_NONBLOCK");
	EXPECT_ERRNO(read(fds[0], &c, 1), EAGAIN);
}
END_TEST

/* ---- BLK-008 .. BLK-011: poll ----------------------------------------------------------- */

START_TEST(poll_empty_read_end_has_no_pollin)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	EXPECT_EQ(poll(&p, 1, 0), 0);
	EXPECT_EQ(p.revents & POLLIN, 0);
}
END_TEST

START_TEST(poll_read_end_has_pollin_after_write)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	MUST(write(fds[1], "x", 1));
	p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & POLLIN, POLLIN);
}
END_TEST

START_TEST(poll_write_end_with_room_has_pollout)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	MUST(write(fds[1], "x", 1));
	p = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & POLLOUT, POLLOUT);
}
END_TEST

START_TEST(poll_full_write_end_has_no_pollout)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	fill(fds[1]);
	p = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	EXPECT_EQ(poll(&p, 1, 0), 0);
	EXPECT_EQ(p.revents & POLLOUT, 0);
}
END_TEST

struct poller {
	int fds[2];
	int end;        /* 0: poll the read end, 1: the write end */
	short events, want;
};

static int poll_forever(void *arg)
{
	struct poller *p = arg;
	struct pollfd pfd = { .fd = p->fds[p->end], .events = p->events };
	char tok[96];

	close(p->fds[!p->end]);
	EXPECT_EQ(poll(&pfd, 1, -1), 1);
	EXPECT_TRUE(pfd.revents & p->want, "revents %s",
		    revents_token(pfd.revents, tok, sizeof(tok)));
	return 0;
}

START_TEST(poll_on_empty_read_end_wakes_on_write)
{
	struct poller p = { .end = 0, .events = POLLIN, .want = POLLIN };
	pid_t pid;

	MUST(pipe(p.fds));
	pid = ipcc_spawn(poll_forever, &p);
	EXPECT_BLOCKED(pid, IPCC_IN_POLL, -1);
	MUST(write(p.fds[1], "x", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(poll_on_full_write_end_wakes_when_drained)
{
	struct poller p = { .end = 1, .events = POLLOUT, .want = POLLOUT };
	pid_t pid;

	MUST(pipe(p.fds));
	fill(p.fds[1]);
	pid = ipcc_spawn(poll_forever, &p);
	EXPECT_BLOCKED(pid, IPCC_IN_POLL, -1);
	drain(p.fds[0]);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(poll_read_end_without_writers_has_pollhup)
{
	char tok[96];
	int fds[2];
	short re;

	MUST(pipe(fds));
	close(fds[1]);
	re = poll_now(fds[0], POLLIN);
	observe("revents", "%s", revents_token(re, tok, sizeof(tok)));
	observe("pollin", "%s", re & POLLIN ? "yes" : "no");
	EXPECT_EQ(re & POLLHUP, POLLHUP);
}
END_TEST

START_TEST(poll_on_read_end_wakes_with_pollhup_when_last_writer_closes)
{
	struct poller p = { .end = 0, .events = POLLIN, .want = POLLHUP };
	pid_t pid;

	MUST(pipe(p.fds));
	pid = ipcc_spawn(poll_forever, &p);
	EXPECT_BLOCKED(pid, IPCC_IN_POLL, -1);
	close(p.fds[1]);
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

START_TEST(poll_write_end_without_readers)
{
	char tok[96];
	int fds[2];

	MUST(pipe(fds));
	close(fds[0]);
	observe("revents", "%s", revents_token(poll_now(fds[1], POLLOUT), tok, sizeof(tok)));
}
END_TEST

START_TEST(pollhup_is_reported_when_not_requested)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	close(fds[1]);
	p = (struct pollfd){ .fd = fds[0], .events = 0 };
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & POLLHUP, POLLHUP);
}
END_TEST

START_TEST(pollerr_is_reported_when_not_requested)
{
	struct pollfd p;
	char tok[96];
	int fds[2];
	short err;

	MUST(pipe(fds));
	close(fds[0]);
	err = poll_now(fds[1], POLLOUT) & (POLLERR | POLLHUP);
	observe("condition", "%s", revents_token(err, tok, sizeof(tok)));
	if (!err)
		SKIP("a write end without readers reports no POLLERR or POLLHUP here (BLK-010)");
	p = (struct pollfd){ .fd = fds[1], .events = 0 };
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & (POLLERR | POLLHUP), err);
}
END_TEST

START_TEST(poll_closed_fd_is_pollnval)
{
	struct pollfd p;
	int fds[2];

	MUST(pipe(fds));
	MUST(close(fds[0]));
	p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & POLLNVAL, POLLNVAL);
}
END_TEST

START_TEST(poll_negative_fd_has_no_revents)
{
	struct pollfd p[2];
	int fds[2];

	MUST(pipe(fds));
	MUST(write(fds[1], "x", 1));
	p[0] = (struct pollfd){ .fd = -1, .events = POLLIN | POLLOUT, .revents = -1 };
	p[1] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	EXPECT_EQ(poll(p, 2, 0), 1);
	EXPECT_EQ(p[0].revents, 0);
}
END_TEST

/* ---- BLK-018, BLK-019: signals and blocked pipe calls ------------------------------ */

struct partial {
	int fds[2], res[2];
	struct ipcc_gate handled;
	const char *buf;
	size_t n;
	int flags;
};

static int handled_fd = -1;

/* Counts the signal and says so through the gate, so that the parent knows
 * the interrupted write has made its choice: returned, or restarted. */
static void on_signal_tell(int sig)
{
	int e = errno;
	ssize_t r;

	(void)sig;
	hits++;
	r = write(handled_fd, "!", 1);
	(void)r;
	errno = e;
}

static int write_until_signalled(void *arg)
{
	struct partial *p = arg;
	long r;

	close(p->fds[0]);
	close(p->res[0]);
	gate_close_rd(&p->handled);
	handled_fd = p->handled.wr;
	set_action(SIGUSR1, on_signal_tell, p->flags);
	r = EXPECT_OK(write(p->fds[1], p->buf, p->n));
	EXPECT_EQ(hits, 1);
	MUST(write(p->res[1], &r, sizeof(r)));
	return 0;
}

static void interrupted_write_returns_partial_count(int flags)
{
	struct partial p = { .flags = flags };
	char buf[4096];
	size_t got = 0;
	ssize_t r;
	long count = -1;
	pid_t pid;

	/* Twice the capacity: the write moves what fits, then blocks. */
	p.n = 2 * capacity();
	p.buf = pattern(p.n);
	MUST(pipe(p.fds));
	MUST(pipe(p.res));
	gate_open(&p.handled);
	pid = ipcc_spawn(write_until_signalled, &p);
	close(p.res[1]);
	gate_close_wr(&p.handled);
	EXPECT_BLOCKED(pid, IPCC_IN_WRITE, p.fds[1]);
	if (!(poll_now(p.fds[0], POLLIN) & POLLIN))
		SKIP("the write blocked before it moved any byte: no partial transfer to interrupt");
	MUST(kill(pid, SIGUSR1));
	gate_wait(&p.handled);
	/* Draining now completes a write that was restarted instead of
	 * returning, and its count then shows it. */
	close(p.fds[1]);
	while ((r = MUST(read(p.fds[0], buf, sizeof(buf)))) > 0)
		got += (size_t)r;
	EXPECT_EQ(ipcc_join(pid), 0);
	MUST_TRUE(read(p.res[0], &count, sizeof(count)) == sizeof(count), "no count from the writer");
	observe("write", "partial:%ld", count);
	EXPECT_LT(count, (long)p.n);
	EXPECT_EQ(got, count);
}

START_TEST(write_interrupted_after_partial_transfer_returns_count)
{
	interrupted_write_returns_partial_count(0);
}
END_TEST

START_TEST(write_interrupted_after_partial_transfer_returns_count_with_sa_restart)
{
	interrupted_write_returns_partial_count(SA_RESTART);
}
END_TEST

START_TEST(blocked_read_survives_sigstop_and_sigcont)
{
	char how[64];
	int fds[2], st;
	pid_t pid;

	MUST(pipe(fds));
	pid = ipcc_spawn(read_x, fds);
	EXPECT_BLOCKED(pid, IPCC_IN_READ, fds[0]);
	MUST(kill(pid, SIGSTOP));
	MUST(waitpid(pid, &st, WUNTRACED));
	MUST_TRUE(WIFSTOPPED(st), "the reader %s instead of stopping",
		  ipcc_describe_status(st, how, sizeof(how)));
	MUST(kill(pid, SIGCONT));
	MUST(waitpid(pid, &st, WCONTINUED));
	EXPECT_TRUE(WIFCONTINUED(st), "the reader %s after SIGCONT instead of waiting on",
		    ipcc_describe_status(st, how, sizeof(how)));
	EXPECT_BLOCKED(pid, IPCC_IN_READ, fds[0]);
	MUST(write(fds[1], "x", 1));
	EXPECT_EQ(ipcc_join(pid), 0);
}
END_TEST

static const struct ipcc_case cases[] = {
	CASE(written_bytes_are_read_in_order, "PIPE-001", "P", "XSH pipe() DESC"),
	CASE(new_ends_are_blocking, "PIPE-002", "P", "XSH pipe() DESC"),
	CASE(new_ends_have_fd_cloexec_clear, "PIPE-002", "P", "XSH pipe() DESC"),
	CASE(both_ends_are_fifos, "PIPE-002", "P", "XSH pipe() DESC, XBD <sys/stat.h>"),
	CASE(write_on_read_end_ebadf_or_bidirectional, "PIPE-003", "V", "XSH pipe() DESC"),
	CASE(read_on_write_end_ebadf_or_bidirectional, "PIPE-004", "V", "XSH pipe() DESC"),
	CASE(access_mode_of_each_end, "PIPE-004", "V", "XSH pipe() DESC"),
	CASE(parent_writes_child_reads_across_fork, "PIPE-005", "P", "XSH pipe(), fork()"),
	CASE(child_writes_parent_reads_across_fork, "PIPE-005", "P", "XSH pipe(), fork()"),
	CASE(two_pipes_carry_request_and_reply, "PIPE-005", "P", "XSH pipe(), fork()"),
	CASE(exec_image_writes_to_parent_through_stdout, "PIPE-006", "P", "XSH exec, dup2()"),
	CASE(exec_image_reads_parent_data_on_stdin, "PIPE-006", "P", "XSH exec, dup2()"),
	CASE(lseek_on_read_end_is_espipe, "PIPE-007", "P", "XSH lseek() ERR"),
	CASE(lseek_on_write_end_is_espipe, "PIPE-007", "P", "XSH lseek() ERR"),
	CASE(pread_on_pipe_is_espipe, "PIPE-007", "P", "XSH read() ERR"),
	CASE(pwrite_on_pipe_is_espipe, "PIPE-007", "P", "XSH write() ERR"),
	CASE(read_on_closed_read_end_is_ebadf, "PIPE-008", "P", "XSH read() ERR"),
	CASE(write_on_closed_write_end_is_ebadf, "PIPE-008", "P", "XSH write() ERR"),
	CASE(second_close_is_ebadf, "PIPE-008", "P", "XSH close() ERR"),
	CASE(read_on_empty_pipe_blocks_until_data_arrives, "PIPE-010", "P", "XSH read() DESC"),
	CASE(read_returns_what_is_buffered_at_once, "PIPE-011", "P", "XSH read() RV"),
	CASE(read_without_writers_returns_zero, "PIPE-012", "P", "XSH read() DESC"),
	CASE(buffered_data_is_read_before_eof, "PIPE-012", "P", "XSH read() DESC"),
	CASE(read_is_eagain_not_eof_while_child_holds_write_end, "PIPE-013", "P", "XSH read() DESC"),
	CASE(read_is_eagain_not_eof_while_dup_holds_write_end, "PIPE-013", "P", "XSH read() DESC"),
	CASE(blocked_readers_all_get_eof_when_last_writer_closes, "PIPE-014", "P", "XSH read() DESC"),
	CASE(blocked_reader_gets_eof_when_writer_process_exits, "PIPE-014", "P", "XSH read() DESC"),
	CASE(nonblock_read_empty_pipe_is_eagain, "PIPE-015", "P", "XSH read() ERR"),
	CASE(nonblock_read_without_writers_returns_zero, "PIPE-016", "P", "XSH read() DESC"),
	CASE(write_without_reader_kills_with_sigpipe_by_default, "PIPE-017", "P", "XSH write() ERR"),
	CASE(write_without_reader_is_epipe_when_sigpipe_ignored, "PIPE-018", "P", "XSH write() ERR"),
	CASE(write_without_reader_runs_sigpipe_handler_once_then_epipe, "PIPE-018", "P",
	     "XSH write() ERR"),
	CASE(write_without_reader_leaves_blocked_sigpipe_pending, "PIPE-018", "P", "XSH write() ERR"),
	CASE(blocked_write_gets_epipe_and_sigpipe_when_last_reader_closes, "PIPE-019", "P",
	     "XSH write() ERR"),
	CASE(blocked_write_is_killed_by_sigpipe_when_last_reader_closes, "PIPE-019", "P",
	     "XSH write() ERR"),
	CASE(fpathconf_pipe_buf_is_at_least_512_and_equals_pipe_buf, "PIPE-020", "P",
	     "XBD <limits.h>, XSH fpathconf()"),
	CASE(concurrent_pipe_buf_writes_are_not_interleaved, "PIPE-021", "P", "XSH write() DESC"),
	CASE(concurrent_small_writes_are_not_interleaved, "PIPE-021", "P", "XSH write() DESC"),
	CASE(write_larger_than_capacity_returns_full_count, "PIPE-022", "P", "XSH write() DESC"),
	CASE(write_to_full_pipe_blocks_until_reader_drains, "PIPE-022", "P", "XSH write() DESC"),
	CASE(nonblock_write_without_room_for_all_is_eagain_and_writes_nothing, "PIPE-023", "P",
	     "XSH write() DESC"),
	CASE(nonblock_write_of_one_byte_to_full_pipe_is_eagain, "PIPE-023", "P", "XSH write() DESC"),
	CASE(nonblock_big_write_to_empty_pipe_writes_at_least_pipe_buf, "PIPE-024", "P",
	     "XSH write() DESC"),
	CASE(nonblock_big_write_with_some_room_is_partial_or_eagain, "PIPE-025", "P",
	     "XSH write() DESC"),
	CASE(nonblock_big_write_to_full_pipe_is_eagain, "PIPE-025", "P", "XSH write() DESC"),
	CASE(capacity_is_at_least_pipe_buf, "PIPE-026", "P", "XSH write() RAT"),
	CASE(write_of_zero_bytes, "PIPE-027", "V", "XSH write() DESC"),
	CASE(two_readers_never_get_the_same_byte, "PIPE-028", "P", "XSH read() DESC"),
	CASE(pipe_with_no_free_fd_is_emfile, "PIPE-029", "P", "XSH pipe() RV/ERR",
	     .probe = kernel_enforces_fd_limit),
	CASE(pipe_with_one_free_fd_is_emfile_and_takes_none, "PIPE-029", "P", "XSH pipe() RV/ERR",
	     .probe = kernel_enforces_fd_limit),
	CASE(pipe2_sets_cloexec_and_nonblock_on_both_ends, "PIPE-030", "P24", "XSH pipe2()"),
	CASE(pipe2_cloexec_ends_are_closed_on_exec, "PIPE-030", "P24", "XSH pipe2()"),
	CASE(pipe2_nonblock_read_empty_pipe_is_eagain, "PIPE-030", "P24", "XSH pipe2()"),
	CASE(pipe2_with_unknown_flag_is_einval, "PIPE-030", "P24", "XSH pipe2() ERR"),
	CASE(fionread_counts_buffered_bytes, "PIPE-031", "V", "LNX pipe(7)"),
	CASE(setpipe_sz_shrinks_capacity, "PIPE-032", "L", "LNX fcntl(2)"),
	CASE(setpipe_sz_grows_capacity, "PIPE-032", "L", "LNX fcntl(2)"),
	CASE(setpipe_sz_below_buffered_bytes_is_ebusy, "PIPE-032", "L", "LNX fcntl(2)"),
	CASE(setfl_nonblock_shows_in_getfl, "BLK-002", "P", "XSH fcntl() DESC"),
	CASE(clearing_nonblock_restores_blocking_read, "BLK-002", "P", "XSH fcntl() DESC"),
	CASE(nonblock_set_on_fd_applies_to_its_dup, "BLK-003", "P", "XSH fcntl(), dup() DESC"),
	CASE(nonblock_set_in_child_applies_to_parent, "BLK-003", "P", "XSH fcntl(), fork() DESC"),
	CASE(poll_empty_read_end_has_no_pollin, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_read_end_has_pollin_after_write, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_write_end_with_room_has_pollout, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_full_write_end_has_no_pollout, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_on_empty_read_end_wakes_on_write, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_on_full_write_end_wakes_when_drained, "BLK-008", "P", "XSH poll() DESC"),
	CASE(poll_read_end_without_writers_has_pollhup, "BLK-009", "P", "XSH poll() DESC"),
	CASE(poll_on_read_end_wakes_with_pollhup_when_last_writer_closes, "BLK-009", "P",
	     "XSH poll() DESC"),
	CASE(poll_write_end_without_readers, "BLK-010", "V", "XSH poll() DESC"),
	CASE(pollhup_is_reported_when_not_requested, "BLK-011", "P", "XSH poll() DESC"),
	CASE(pollerr_is_reported_when_not_requested, "BLK-011", "P", "XSH poll() DESC"),
	CASE(poll_closed_fd_is_pollnval, "BLK-011", "P", "XSH poll() DESC"),
	CASE(poll_negative_fd_has_no_revents, "BLK-011", "P", "XSH poll() DESC"),
	CASE(write_interrupted_after_partial_transfer_returns_count, "BLK-018", "P", "XSH write() RV"),
	CASE(write_interrupted_after_partial_transfer_returns_count_with_sa_restart, "BLK-018", "P",
	     "XSH write() RV"),
	CASE(blocked_read_survives_sigstop_and_sigcont, "BLK-019", "P", "XSH 2.4.4"),
};

IPCC_SUITE(ipcc_suite_pipe, "pipe", "anonymous pipes", cases);
