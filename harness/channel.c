/* channel.c: framing and validation of result records. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"

static const int nfields_of[REC_TYPE_MAX + 1] = {
	[REC_OBS] = 2, [REC_NOTE] = 1, [REC_DETAIL] = 2, [REC_ERROR] = 3,
	[REC_SKIP] = 1, [REC_RESULT] = 4, [REC_CHILD] = 1, [REC_EXIT] = 5,
	[REC_NOSTART] = 1,
};

int ipcc_rec_nfields(enum ipcc_rec_type type)
{
	return type >= 1 && type <= REC_TYPE_MAX ? nfields_of[type] : -1;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Shortens fields until they fit the payload: fields shorter than an even
 * share keep their length and the long ones share what is left, so a long
 * message cannot push a file name or line number out. */
static void fit_fields(size_t *lens, int n)
{
	size_t left = IPCC_REC_PAYLOAD;
	int fixed[IPCC_REC_FIELDS] = { 0 }, nleft = n, changed = 1;

	while (changed && nleft > 0) {
		size_t share = left / (size_t)nleft;

		changed = 0;
		for (int i = 0; i < n; i++)
			if (!fixed[i] && lens[i] + 1 <= share) {
				fixed[i] = 1;
				left -= lens[i] + 1;
				nleft--;
				changed = 1;
			}
	}
	for (int i = 0; i < n; i++)
		if (!fixed[i])
			lens[i] = left / (size_t)nleft - 1;
}

int ipcc_rec_send(int fd, enum ipcc_rec_type type, const char *const *fields, int nfields)
{
	unsigned char rec[IPCC_REC_SIZE];
	size_t lens[IPCC_REC_FIELDS], len = 0;
	ssize_t n;

	if (nfields < 0 || nfields > IPCC_REC_FIELDS) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < nfields; i++)
		lens[i] = strlen(fields[i] ? fields[i] : "");
	fit_fields(lens, nfields);
	for (int i = 0; i < nfields; i++) {
		memcpy(rec + IPCC_REC_HDR + len, fields[i] ? fields[i] : "", lens[i]);
		rec[IPCC_REC_HDR + len + lens[i]] = '\0';
		len += lens[i] + 1;
	}
	put32(rec, IPCC_REC_MAGIC | (uint32_t)type);
	put32(rec + 4, (uint32_t)len);
	do
		n = write(fd, rec, IPCC_REC_HDR + len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != IPCC_REC_HDR + len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int ipcc_rec_parse(const char *buf, size_t len, size_t *used, struct ipcc_rec *rec,
		   const char **why)
{
	const unsigned char *p = (const unsigned char *)buf;
	uint32_t tag, plen;
	int want;
	size_t off;

	if (len < IPCC_REC_HDR)
		return 0;
	tag = get32(p);
	plen = get32(p + 4);
	if ((tag & 0xffff0000u) != IPCC_REC_MAGIC) {
		*why = "bytes that are not a record (bad magic)";
		return -1;
	}
	want = ipcc_rec_nfields((enum ipcc_rec_type)(tag & 0xffffu));
	if (want < 0) {
		*why = "a record of unknown type";
		return -1;
	}
	if (plen > IPCC_REC_PAYLOAD) {
		*why = "a record longer than the channel allows";
		return -1;
	}
	if (len < IPCC_REC_HDR + plen)
		return 0;

	rec->type = (enum ipcc_rec_type)(tag & 0xffffu);
	rec->nfields = 0;
	off = IPCC_REC_HDR;
	while (off < IPCC_REC_HDR + plen) {
		const char *f = buf + off;
		const char *nul = memchr(f, '\0', IPCC_REC_HDR + plen - off);

		if (!nul) {
			*why = "a record whose last field is not terminated";
			return -1;
		}
		if (rec->nfields == want) {
			*why = "a record with too many fields";
			return -1;
		}
		rec->field[rec->nfields++] = f;
		off = (size_t)(nul - buf) + 1;
	}
	if (rec->nfields != want) {
		*why = "a record with missing fields";
		return -1;
	}
	*used = IPCC_REC_HDR + plen;
	return 1;
}
