/* pipe.c: anonymous pipes (catalogue section PIPE). */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"

START_TEST(bytes_arrive_in_write_order)
{
	int fds[2];
	char buf[16];

	EXPECT_OK(pipe(fds));
	MUST(write(fds[1], "abc", 3));
	MUST(write(fds[1], "defg", 4));
	EXPECT_EQ(read(fds[0], buf, sizeof(buf)), 7);
	EXPECT_MEM_EQ(buf, "abcdefg", 7);
}
END_TEST

START_TEST(write_on_read_end)
{
	int fds[2];
	long r;

	MUST(pipe(fds));
	errno = 0;
	r = write(fds[0], "x", 1);
	observe("write_read_end", "%s", r < 0 ? ipcc_errno_name(errno) : "bidirectional");
}
END_TEST

static const struct ipcc_case cases[] = {
	CASE(bytes_arrive_in_write_order, "PIPE-001", "P", "XSH pipe() DESC"),
	CASE(write_on_read_end, "PIPE-003", "V", "XSH pipe() DESC"),
};

IPCC_SUITE(ipcc_suite_pipe, "pipe", "anonymous pipes", cases);
