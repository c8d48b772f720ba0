/* channel.h: the result channel between a case and the harness.
 *
 * A case reports through a pipe in framed records. Each record is sent with
 * one write() of at most PIPE_BUF bytes, so records from a case and from the
 * helpers it forked never interleave. The harness trusts nothing it reads
 * here: every record is checked for its magic, type, length and fields, and
 * the whole stream is bounded. */
#ifndef IPCC_CHANNEL_H
#define IPCC_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

enum ipcc_rec_type {
	REC_OBS = 1,   /* key, value: an observation token */
	REC_NOTE,      /* text: evidence worth keeping (how a block was proven) */
	REC_DETAIL,    /* expected, observed: for the failure that follows */
	REC_ERROR,     /* message, file, line: the case could not judge */
	REC_SKIP,      /* reason: the case cannot run here */
	REC_RESULT,    /* verdict (pass|fail), file, line, message: Check's result */
	REC_CHILD,     /* pid: sent by the supervisor once the case is forked */
	REC_EXIT,      /* status, timed_out, where, killed, reaped: the supervisor, last */
	REC_NOSTART,   /* reason: the supervisor could not start the case (fork failed) */
	REC_TYPE_MAX = REC_NOSTART
};

#define IPCC_REC_MAGIC 0x49430000u          /* "IC" in the top half of the tag */
#define IPCC_REC_HDR 8u                     /* uint32 tag, uint32 payload length */
#define IPCC_REC_SIZE 512u                  /* POSIX's smallest PIPE_BUF: atomic everywhere */
#define IPCC_REC_PAYLOAD (IPCC_REC_SIZE - IPCC_REC_HDR)
#define IPCC_REC_FIELDS 6

/* Sends one record whose payload is the given NUL-terminated fields; fields
 * that do not fit are truncated (the last ones first). Returns 0, or -1 with
 * errno set when the write failed. Safe to call from a forked helper. */
int ipcc_rec_send(int fd, enum ipcc_rec_type type, const char *const *fields, int nfields);

struct ipcc_rec {
	enum ipcc_rec_type type;
	int nfields;
	const char *field[IPCC_REC_FIELDS];  /* point into the parsed buffer */
};

/* Parses one record at the start of buf. Returns 1 and sets *used when a
 * whole valid record is there, 0 when more bytes are needed, -1 with *why
 * when the bytes cannot be a record (the channel is broken). */
int ipcc_rec_parse(const char *buf, size_t len, size_t *used, struct ipcc_rec *rec,
		   const char **why);

/* How many fields each record type carries. */
int ipcc_rec_nfields(enum ipcc_rec_type type);

#endif
