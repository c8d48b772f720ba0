/* census.c: see census.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "case.h"
#include "census.h"

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int is_sysv(enum ipcc_obj_kind kind)
{
	return kind <= IPCC_OBJ_SYSV_SEM;
}

/* A new slot at the end of c, or NULL when out of memory. */
static struct ipcc_obj *grow(struct ipcc_census *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct ipcc_obj *v = realloc(c->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	return &c->v[c->n++];
}

static int add_sysv(struct ipcc_census *c, enum ipcc_obj_kind kind, long id, long key, long cuid,
		    long cpid)
{
	struct ipcc_obj *o = grow(c);

	if (!o)
		return -1;
	*o = (struct ipcc_obj){ .kind = kind, .id = id, .key = key, .cuid = cuid, .cpid = cpid };
	return 0;
}

/* Adds the file dir/name; one whose name does not fit is only counted. */
static int add_file(struct ipcc_census *c, enum ipcc_obj_kind kind, const struct stat *st,
		    const char *dir, const char *name)
{
	struct ipcc_obj *o = grow(c);
	int len;

	if (!o)
		return -1;
	len = snprintf(o->name, sizeof(o->name), "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= sizeof(o->name)) {
		c->n--;
		c->unnamed++;
		return 0;
	}
	o->kind = kind;
	o->id = -1;
	o->key = 0;
	o->cuid = (long)st->st_uid;
	o->cpid = 0;
	o->ino = (unsigned long long)st->st_ino;
	return 0;
}

/* ---- /proc/sysvipc ------------------------------------------------------ */

/* The columns of a table are found by name in its header: kernels have
 * added columns (rss, swap) and may add more anywhere. */
enum { COL_ID, COL_KEY, COL_CUID, COL_CPID, NCOLS };

struct table {
	struct ipcc_census *c;
	enum ipcc_obj_kind kind;
	int col[NCOLS];          /* the column's index; -1 when the header lacks it */
	int have_header;
};

/* The next blank-separated token of [*s, end), or NULL at the end. */
static const char *token(const char **s, const char *end, size_t *len)
{
	const char *p = *s, *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return NULL;
	for (q = p; q < end && *q != ' ' && *q != '\t'; q++)
		;
	*len = (size_t)(q - p);
	*s = q;
	return p;
}

/* A decimal number that is the whole token; the tables print key and id
 * signed, so a minus sign is allowed. */
static int number(const char *s, size_t len, long *v)
{
	size_t i = len > 0 && s[0] == '-';
	unsigned long n = 0;

	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	*v = s[0] == '-' ? -(long)n : (long)n;
	return 0;
}

static int header(struct table *t, const char *s, const char *end)
{
	static const char *const id_name[] = {
		[IPCC_OBJ_SYSV_SHM] = "shmid", [IPCC_OBJ_SYSV_MSG] = "msqid",
		[IPCC_OBJ_SYSV_SEM] = "semid",
	};
	const char *name[NCOLS] = { id_name[t->kind], "key", "cuid", "cpid" };
	const char *tok;
	size_t len;

	for (int k = 0; k < NCOLS; k++)
		t->col[k] = -1;
	for (int i = 0; (tok = token(&s, end, &len)); i++)
		for (int k = 0; k < NCOLS; k++)
			if (strlen(name[k]) == len && !memcmp(tok, name[k], len))
				t->col[k] = i;
	t->have_header = 1;
	/* Only shm has a creator pid; cpid stays 0 where there is none. */
	if (t->col[COL_ID] < 0 || t->col[COL_KEY] < 0 || t->col[COL_CUID] < 0) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int row(struct table *t, const char *s, const char *end)
{
	long v[NCOLS] = { 0 };
	int need = 0, got = 0;
	const char *tok;
	size_t len;

	for (int k = 0; k < NCOLS; k++)
		need += t->col[k] >= 0;
	for (int i = 0; (tok = token(&s, end, &len)); i++)
		for (int k = 0; k < NCOLS; k++)
			if (t->col[k] == i) {
				if (number(tok, len, &v[k]) < 0) {
					errno = EPROTO;
					return -1;
				}
				got++;
			}
	if (got != need) {
		errno = EPROTO;
		return -1;
	}
	return add_sysv(t->c, t->kind, v[COL_ID], v[COL_KEY], v[COL_CUID], v[COL_CPID]);
}

static int line(struct table *t, const char *s, const char *end)
{
	const char *p = s;
	size_t len;

	if (!token(&p, end, &len))
		return 0;
	return t->have_header ? row(t, s, end) : header(t, s, end);
}

int ipcc_census_parse_sysvipc(struct ipcc_census *c, enum ipcc_obj_kind kind, const char *text)
{
	struct table t = { .c = c, .kind = kind };

	if (!is_sysv(kind)) {
		errno = EINVAL;
		return -1;
	}
	while (*text) {
		const char *nl = strchr(text, '\n'), *end = nl ? nl : text + strlen(text);

		if (line(&t, text, end) < 0)
			return -1;
		text = nl ? nl + 1 : end;
	}
	if (!t.have_header) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

#ifdef __linux__
/* Reads a table line by line through a fixed buffer: no allocation, and no
 * bound on the number of objects. */
static int read_sysvipc(struct ipcc_census *c, enum ipcc_obj_kind kind)
{
	static const char *const path[] = {
		[IPCC_OBJ_SYSV_SHM] = "/proc/sysvipc/shm", [IPCC_OBJ_SYSV_MSG] = "/proc/sysvipc/msg",
		[IPCC_OBJ_SYSV_SEM] = "/proc/sysvipc/sem",
	};
	struct table t = { .c = c, .kind = kind };
	char buf[4096];
	size_t have = 0;
	int fd = open(path[kind], O_RDONLY | O_CLOEXEC), ret = -1;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t got = read(fd, buf + have, sizeof(buf) - have);
		char *s = buf, *nl;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		have += (size_t)got;
		while ((nl = memchr(s, '\n', have - (size_t)(s - buf)))) {
			if (line(&t, s, nl) < 0)
				goto out;
			s = nl + 1;
		}
		have -= (size_t)(s - buf);
		if (got == 0) {
			if (line(&t, s, s + have) < 0)
				goto out;
			if (!t.have_header) {
				errno = EPROTO;
				goto out;
			}
			ret = 0;
			break;
		}
		memmove(buf, s, have);
		if (have == sizeof(buf)) {
			errno = EPROTO;  /* a line longer than any table has */
			break;
		}
	}
out:
	close(fd);
	return ret;
}

/* ---- the stat calls, where /proc/sysvipc is missing --------------------- */

/* The commands that need no read permission on the object (Linux 4.17),
 * as /proc/sysvipc needs none; older headers lack them. */
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

/* semctl's fourth argument, which the caller defines; only what is used here. */
union semun {
	struct semid_ds *buf;
	struct seminfo *__buf;
};

/* The highest index in use (0 when none is), or -1. */
static int max_index(enum ipcc_obj_kind kind)
{
	struct shm_info shm;
	struct msginfo msg;
	struct seminfo sem;
	union semun arg = { .__buf = &sem };

	switch (kind) {
	case IPCC_OBJ_SYSV_SHM:
		return shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&shm);
	case IPCC_OBJ_SYSV_MSG:
		return msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&msg);
	default:
		return semctl(0, 0, SEM_INFO, arg);
	}
}

/* Stats the object at index i into v (id, key, cuid, cpid); its id, or -1. */
static int stat_index(enum ipcc_obj_kind kind, int i, int any, long v[NCOLS])
{
	/* zeroed: valgrind does not know that the _ANY commands fill them */
	struct shmid_ds shm = { 0 };
	struct msqid_ds msg = { 0 };
	struct semid_ds sem = { 0 };
	union semun arg = { .buf = &sem };
	struct ipc_perm *perm;
	int id;

	switch (kind) {
	case IPCC_OBJ_SYSV_SHM:
		id = shmctl(i, any ? SHM_STAT_ANY : SHM_STAT, &shm);
		perm = &shm.shm_perm;
		v[COL_CPID] = (long)shm.shm_cpid;
		break;
	case IPCC_OBJ_SYSV_MSG:
		id = msgctl(i, any ? MSG_STAT_ANY : MSG_STAT, &msg);
		perm = &msg.msg_perm;
		v[COL_CPID] = 0;
		break;
	default:
		id = semctl(i, 0, any ? SEM_STAT_ANY : SEM_STAT, arg);
		perm = &sem.sem_perm;
		v[COL_CPID] = 0;
		break;
	}
	if (id < 0)
		return -1;
	v[COL_ID] = id;
	v[COL_KEY] = (long)perm->__key;
	v[COL_CUID] = (long)perm->cuid;
	return id;
}

int ipcc_census_stat_sysv(struct ipcc_census *c, enum ipcc_obj_kind kind)
{
	int max = max_index(kind), denied = 0;
	long v[NCOLS];

	if (max < 0)
		return -1;
	for (int i = 0; i <= max; i++) {
		/* EINVAL: an empty slot, or a kernel without the _ANY command. */
		if (stat_index(kind, i, 1, v) < 0 && (errno != EINVAL || stat_index(kind, i, 0, v) < 0)) {
			denied |= errno == EACCES;
			continue;
		}
		if (add_sysv(c, kind, v[COL_ID], v[COL_KEY], v[COL_CUID], v[COL_CPID]) < 0)
			return -1;
	}
	if (denied) {
		errno = EACCES;
		return -1;
	}
	return 0;
}
#else
int ipcc_census_stat_sysv(struct ipcc_census *c, enum ipcc_obj_kind kind)
{
	(void)c;
	(void)kind;
	errno = ENOSYS;
	return -1;
}
#endif

/* ---- files -------------------------------------------------------------- */

/* The kind of a directory entry, or -1 for one the census does not count.
 * It may advance *name to the part that names the object. */
typedef int classify_fn(const char **name, mode_t mode);

static int classify_dev_shm(const char **name, mode_t mode)
{
	if (!S_ISREG(mode))
		return -1;
	/* glibc keeps sem_open("/NAME") as /dev/shm/sem.NAME */
	if (!strncmp(*name, "sem.", 4)) {
		*name += 4;
		return IPCC_OBJ_POSIX_SEM;
	}
	return IPCC_OBJ_POSIX_SHM;
}

static int classify_mqueue(const char **name, mode_t mode)
{
	(void)name;
	return S_ISREG(mode) ? IPCC_OBJ_POSIX_MQ : -1;
}

static int classify_file(const char **name, mode_t mode)
{
	(void)name;
	return S_ISFIFO(mode) ? IPCC_OBJ_FIFO : S_ISSOCK(mode) ? IPCC_OBJ_SOCKET : -1;
}

/* Adds the entries of dir that classify counts, named prefix/entry. */
static int scan(struct ipcc_census *c, const char *dir, const char *prefix, classify_fn *classify)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		struct stat st;
		int kind;

#if defined(DT_UNKNOWN) && defined(DTTOIF)
		/* Most entries of a case's directory are neither: skip their stat. */
		if (e->d_type != DT_UNKNOWN && classify(&name, DTTOIF(e->d_type)) < 0)
			continue;
		name = e->d_name;
#endif
		/* An entry removed meanwhile is not counted. */
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if ((kind = classify(&name, st.st_mode)) >= 0 &&
		    add_file(c, (enum ipcc_obj_kind)kind, &st, prefix, name) < 0) {
			ret = -1;
			break;
		}
	}
	closedir(d);
	return ret;
}

/* Where the mqueue file system is looked for (ipcc_census_set_mqueue). */
static const char *mqueue_dir = "/dev/mqueue";

void ipcc_census_set_mqueue(const char *dir)
{
	mqueue_dir = dir;
}

#ifdef __linux__
static int mqueue_mounted(void)
{
	struct statfs fs;

	return statfs(mqueue_dir, &fs) == 0 && fs.f_type == 0x19800202;  /* MQUEUE_MAGIC */
}
#endif

/* ---- the census --------------------------------------------------------- */

static int cmp_obj(const void *pa, const void *pb)
{
	const struct ipcc_obj *a = pa, *b = pb;
	int r = CMP(a->kind, b->kind);

	if (r)
		return r;
	if (!is_sysv(a->kind))
		return (r = strcmp(a->name, b->name)) ? r : CMP(a->ino, b->ino);
	if ((r = CMP(a->id, b->id)) || (r = CMP(a->key, b->key)) || (r = CMP(a->cuid, b->cuid)))
		return r;
	return CMP(a->cpid, b->cpid);
}

/* Records that a source was read; -1 only when memory ran out, which ends
 * the census. */
static int counted(struct ipcc_census *c, int ret, unsigned source)
{
	if (ret == 0)
		c->sources |= source;
	return ret < 0 && errno == ENOMEM ? -1 : 0;
}

int ipcc_census_take(struct ipcc_census *c, const char *const *dirs)
{
	int dirs_failed = 0;

	c->n = 0;
	c->sources = 0;
	c->unnamed = 0;
#ifdef __linux__
	for (int kind = IPCC_OBJ_SYSV_SHM; kind <= IPCC_OBJ_SYSV_SEM; kind++) {
		size_t n = c->n;
		int ret = read_sysvipc(c, (enum ipcc_obj_kind)kind);

		if (ret < 0 && errno != ENOMEM) {
			c->n = n;  /* what a table we could not read whole gave is not trusted */
			ret = ipcc_census_stat_sysv(c, (enum ipcc_obj_kind)kind);
		}
		if (counted(c, ret, IPCC_SRC_SYSV_SHM << (kind - IPCC_OBJ_SYSV_SHM)) < 0)
			return -1;
	}
	if (counted(c, scan(c, "/dev/shm", "", classify_dev_shm), IPCC_SRC_DEV_SHM) < 0)
		return -1;
	/* POSIX message queues are seen only where their file system is mounted. */
	if (mqueue_mounted() &&
	    counted(c, scan(c, mqueue_dir, "", classify_mqueue), IPCC_SRC_MQUEUE) < 0)
		return -1;
#endif
	for (; dirs && *dirs; dirs++)
		if (scan(c, *dirs, *dirs, classify_file) < 0) {
			if (errno == ENOMEM)
				return -1;
			dirs_failed = 1;
		}
	if (!dirs_failed)
		c->sources |= IPCC_SRC_DIRS;
	qsort(c->v, c->n, sizeof(*c->v), cmp_obj);
	return 0;
}

void ipcc_census_free(struct ipcc_census *c)
{
	free(c->v);
	*c = (struct ipcc_census){ 0 };
}

int ipcc_census_has(const struct ipcc_census *c, const struct ipcc_obj *o)
{
	return c->n && bsearch(o, c->v, c->n, sizeof(*c->v), cmp_obj);
}

int ipcc_census_new(const struct ipcc_census *before, const struct ipcc_census *after,
		    struct ipcc_census *out)
{
	for (size_t i = 0; i < after->n; i++)
		if (!ipcc_census_has(before, &after->v[i])) {
			struct ipcc_obj *o = grow(out);

			if (!o)
				return -1;
			*o = after->v[i];
		}
	return 0;
}

int ipcc_census_remove(const struct ipcc_obj *o)
{
	char path[sizeof(o->name) + 16];
	int ret;

	/* POSIX objects are removed by the path the census found them at: the
	 * same as shm_unlink, sem_unlink and mq_unlink, without librt. */
	switch (o->kind) {
	case IPCC_OBJ_SYSV_SHM:
		ret = shmctl((int)o->id, IPC_RMID, NULL);
		break;
	case IPCC_OBJ_SYSV_MSG:
		ret = msgctl((int)o->id, IPC_RMID, NULL);
		break;
	case IPCC_OBJ_SYSV_SEM:
		ret = semctl((int)o->id, 0, IPC_RMID);
		break;
	case IPCC_OBJ_POSIX_SHM:
		snprintf(path, sizeof(path), "/dev/shm%s", o->name);
		ret = unlink(path);
		break;
	case IPCC_OBJ_POSIX_SEM:
		snprintf(path, sizeof(path), "/dev/shm/sem.%s", o->name + 1);
		ret = unlink(path);
		break;
	case IPCC_OBJ_POSIX_MQ:
		snprintf(path, sizeof(path), "%s%s", mqueue_dir, o->name);
		ret = unlink(path);
		break;
	default:
		ret = unlink(o->name);
		break;
	}
	if (ret < 0 && (is_sysv(o->kind) ? errno == EINVAL || errno == EIDRM : errno == ENOENT))
		return 0;  /* already gone */
	return ret;
}

const char *ipcc_obj_describe(const struct ipcc_obj *o, char *buf, size_t size)
{
	static const char *const what[] = {
		[IPCC_OBJ_SYSV_SHM] = "SysV shared memory", [IPCC_OBJ_SYSV_MSG] = "SysV message queue",
		[IPCC_OBJ_SYSV_SEM] = "SysV semaphore set", [IPCC_OBJ_POSIX_SHM] = "POSIX shared memory",
		[IPCC_OBJ_POSIX_SEM] = "POSIX semaphore", [IPCC_OBJ_POSIX_MQ] = "POSIX message queue",
		[IPCC_OBJ_FIFO] = "FIFO", [IPCC_OBJ_SOCKET] = "socket",
	};
	char key[16], pid[32] = "";

	if (!is_sysv(o->kind)) {
		snprintf(buf, size, "%s %s", what[o->kind], o->name);
		return buf;
	}
	if (o->key)
		snprintf(key, sizeof(key), "0x%08lx", (unsigned long)o->key & 0xffffffffUL);
	else
		strcpy(key, "IPC_PRIVATE");
	if (o->cpid)
		snprintf(pid, sizeof(pid), "pid %ld, ", o->cpid);
	snprintf(buf, size, "%s id %ld key %s (created by %suid %ld)", what[o->kind], o->id, key, pid,
		 o->cuid);
	return buf;
}

int ipcc_obj_is_ours_by_name(const struct ipcc_obj *o)
{
	static const char prefix[] = "/" IPCC_IPC_PREFIX;

	return o->kind >= IPCC_OBJ_POSIX_SHM && o->kind <= IPCC_OBJ_POSIX_MQ &&
	       !strncmp(o->name, prefix, sizeof(prefix) - 1);
}
