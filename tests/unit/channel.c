/* channel.c: framing and validation of result records. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "unit.h"

static size_t send_one(char *buf, size_t size, enum ipcc_rec_type type, const char *const *f, int n)
{
	int fds[2];
	ssize_t got;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(ipcc_rec_send(fds[1], type, f, n), 0);
	close(fds[1]);
	got = read(fds[0], buf, size);
	close(fds[0]);
	ck_assert_int_gt(got, 0);
	return (size_t)got;
}

START_TEST(records_round_trip)
{
	const char *f[4] = { "fail", "suites/pipe.c", "42", "read returned 0" };
	char buf[1024];
	size_t len = send_one(buf, sizeof(buf), REC_RESULT, f, 4), used = 0;
	struct ipcc_rec rec;
	const char *why = NULL;

	ck_assert_int_eq(ipcc_rec_parse(buf, len, &used, &rec, &why), 1);
	ck_assert_uint_eq(used, len);
	ck_assert_int_eq(rec.type, REC_RESULT);
	ck_assert_int_eq(rec.nfields, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(rec.field[i], f[i]);
}
END_TEST

START_TEST(a_long_field_is_cut_to_fit_one_atomic_write)
{
	static char msg[4000];
	const char *f[3] = { msg, "a/file.c", "1234" };
	char buf[8192];
	size_t len, used;
	struct ipcc_rec rec;
	const char *why;

	memset(msg, 'm', sizeof(msg) - 1);
	len = send_one(buf, sizeof(buf), REC_ERROR, f, 3);
	ck_assert_uint_le(len, IPCC_REC_SIZE);
	ck_assert_int_eq(ipcc_rec_parse(buf, len, &used, &rec, &why), 1);
	ck_assert_str_eq(rec.field[1], "a/file.c");  /* the short fields survive whole */
	ck_assert_str_eq(rec.field[2], "1234");
	ck_assert_uint_gt(strlen(rec.field[0]), 400);
}
END_TEST

START_TEST(a_partial_record_asks_for_more)
{
	const char *f[1] = { "why not" };
	char buf[1024];
	size_t len = send_one(buf, sizeof(buf), REC_SKIP, f, 1), used = 0;
	struct ipcc_rec rec;
	const char *why;

	for (size_t cut = 0; cut < len; cut++)
		ck_assert_int_eq(ipcc_rec_parse(buf, cut, &used, &rec, &why), 0);
	ck_assert_int_eq(ipcc_rec_parse(buf, len, &used, &rec, &why), 1);
}
END_TEST

static int parse_bytes(const unsigned char *bytes, size_t len, const char **why)
{
	struct ipcc_rec rec;
	size_t used;

	return ipcc_rec_parse((const char *)bytes, len, &used, &rec, why);
}

START_TEST(bytes_that_are_not_records_break_the_channel)
{
	static const unsigned char text[] = "ok 1 - forged\n";
	static const unsigned char unknown[] = { 0x49, 0x43, 0, 99, 0, 0, 0, 1, 0 };
	static const unsigned char too_long[] = { 0x49, 0x43, 0, REC_NOTE, 0, 0, 0x10, 0 };
	static const unsigned char unterminated[] = { 0x49, 0x43, 0, REC_NOTE, 0, 0, 0, 2, 'h', 'i' };
	static const unsigned char missing[] = { 0x49, 0x43, 0, REC_OBS, 0, 0, 0, 2, 'k', 0 };
	static const unsigned char extra[] = { 0x49, 0x43, 0, REC_NOTE, 0, 0, 0, 4, 'a', 0, 'b', 0 };
	const char *why = NULL;

	ck_assert_int_eq(parse_bytes(text, sizeof(text) - 1, &why), -1);
	ck_assert_str_eq(why, "bytes that are not a record (bad magic)");
	ck_assert_int_eq(parse_bytes(unknown, sizeof(unknown), &why), -1);
	ck_assert_str_eq(why, "a record of unknown type");
	ck_assert_int_eq(parse_bytes(too_long, sizeof(too_long), &why), -1);
	ck_assert_str_eq(why, "a record longer than the channel allows");
	ck_assert_int_eq(parse_bytes(unterminated, sizeof(unterminated), &why), -1);
	ck_assert_str_eq(why, "a record whose last field is not terminated");
	ck_assert_int_eq(parse_bytes(missing, sizeof(missing), &why), -1);
	ck_assert_str_eq(why, "a record with missing fields");
	ck_assert_int_eq(parse_bytes(extra, sizeof(extra), &why), -1);
	ck_assert_str_eq(why, "a record with too many fields");
}
END_TEST

Suite *unit_channel(void)
{
	Suite *s = suite_create("channel");

	UNIT(s, records_round_trip);
	UNIT(s, a_long_field_is_cut_to_fit_one_atomic_write);
	UNIT(s, a_partial_record_asks_for_more);
	UNIT(s, bytes_that_are_not_records_break_the_channel);
	return s;
}
