/* census.h: the IPC objects of the machine, to find what a case left behind.
 *
 * A case that cannot have an IPC namespace of its own shares the machine's
 * SysV and POSIX IPC objects. The harness takes a census before and after
 * it: what the second holds and the first does not was made meanwhile, by
 * the case or by another program (only names tell the two apart, see
 * ipcc_obj_is_ours_by_name), and is reported and removed.
 *
 * An object is the same in both censuses when its identity is: for SysV,
 * its id, key, creator uid and (shm) creator pid, none of which changes
 * while it lives; for the others, its name and inode number. Not its
 * ctime: IPC_SET, semctl(SETVAL) and any write to a file change that, and
 * an object another program merely used during the case would look new and
 * be removed. A SysV id comes back only after its slot is freed and some
 * 65536 more objects are made, so a recycled id can make a leftover be
 * missed, never make an old object look new.
 *
 * Linux only: /proc/sysvipc (or the SHM_STAT loops without it), /dev/shm
 * and /dev/mqueue when mounted. Elsewhere only FIFOs and sockets are
 * counted, and the other sources say they could not be read. */
#ifndef IPCC_CENSUS_H
#define IPCC_CENSUS_H

#include <stddef.h>

enum ipcc_obj_kind {
	IPCC_OBJ_SYSV_SHM, IPCC_OBJ_SYSV_MSG, IPCC_OBJ_SYSV_SEM,
	IPCC_OBJ_POSIX_SHM, IPCC_OBJ_POSIX_SEM, IPCC_OBJ_POSIX_MQ,
	IPCC_OBJ_FIFO, IPCC_OBJ_SOCKET
};

struct ipcc_obj {
	enum ipcc_obj_kind kind;
	long id;                 /* SysV id; -1 otherwise */
	long key;                /* SysV key (0 = IPC_PRIVATE); 0 otherwise */
	long cuid;               /* SysV: creator uid; others: owner (st_uid) */
	long cpid;               /* SysV shm: creator pid; 0 where the system does not say */
	unsigned long long ino;  /* others: inode, so a name made anew is a new object; 0 for SysV */
	char name[256];          /* POSIX: the name given to *_open ("/ipcc-12-x"); FIFO, socket: path */
};

/* Bits of ipcc_census.sources: each set when that source was read whole. */
#define IPCC_SRC_SYSV_SHM 0x01u
#define IPCC_SRC_SYSV_MSG 0x02u
#define IPCC_SRC_SYSV_SEM 0x04u
#define IPCC_SRC_DEV_SHM  0x08u  /* POSIX shared memory and semaphores */
#define IPCC_SRC_MQUEUE   0x10u  /* POSIX message queues: /dev/mqueue, when mounted */
#define IPCC_SRC_DIRS     0x20u  /* FIFOs and sockets: every directory given */

struct ipcc_census {
	struct ipcc_obj *v;      /* sorted by identity */
	size_t n, cap;
	unsigned sources;        /* IPCC_SRC_* */
	size_t unnamed;          /* objects left out: their name did not fit in name[] */
};

/* Counts SysV shm, msg and sem, POSIX shm, semaphores and (where
 * /dev/mqueue is mounted) message queues, and the FIFOs and sockets
 * directly inside each of dirs (NULL-terminated; dirs may be NULL). c is
 * zeroed or a census taken before, whose memory is reused. Returns 0, or
 * -1 when out of memory; a source that cannot be read is left out and its
 * bit clear. */
int ipcc_census_take(struct ipcc_census *c, const char *const *dirs);
void ipcc_census_free(struct ipcc_census *c);
/* Appends to out the objects of after that before does not hold. Returns
 * 0, or -1 when out of memory. before must come from ipcc_census_take. */
int ipcc_census_new(const struct ipcc_census *before, const struct ipcc_census *after,
		    struct ipcc_census *out);
/* Whether c, a census from ipcc_census_take, holds the object o is. */
int ipcc_census_has(const struct ipcc_census *c, const struct ipcc_obj *o);
/* Removes the object: IPC_RMID, or unlink of its file. Returns 0 (also when
 * it was already gone), or -1 with errno. */
int ipcc_census_remove(const struct ipcc_obj *o);
/* One line for a report: "SysV shared memory id 32769 key 0x4103a2b1
 * (created by pid 4711, uid 0)", "POSIX shared memory /ipcc-4711-x",
 * "FIFO /tmp/x". Returns buf. */
const char *ipcc_obj_describe(const struct ipcc_obj *o, char *buf, size_t size);
/* Looks for POSIX message queues in dir (an mqueue mount) instead of
 * /dev/mqueue; dir must stay valid. */
void ipcc_census_set_mqueue(const char *dir);
/* Whether a POSIX object is named as this program names them
 * (ipcc_ipc_name: "/ipcc-..."). SysV objects and files have no such name. */
int ipcc_obj_is_ours_by_name(const struct ipcc_obj *o);

/* The two ways to read SysV objects, for the unit tests. Both append to c
 * and return 0, or -1 with errno: ENOMEM, EPROTO for text that is not a
 * /proc/sysvipc table (its header lacks a column needed), EACCES when an
 * object could not be read, ENOSYS without the calls. */
int ipcc_census_parse_sysvipc(struct ipcc_census *c, enum ipcc_obj_kind kind, const char *text);
int ipcc_census_stat_sysv(struct ipcc_census *c, enum ipcc_obj_kind kind);

#endif
