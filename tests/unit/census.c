/* census.c: the census of IPC objects, on objects made for it and on
 * /proc/sysvipc tables written out. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "case.h"
#include "census.h"
#include "unit.h"

static struct ipcc_obj sysv(enum ipcc_obj_kind kind, long id, long key, long cuid, long cpid)
{
	return (struct ipcc_obj){ .kind = kind, .id = id, .key = key, .cuid = cuid, .cpid = cpid };
}

static struct ipcc_obj file(enum ipcc_obj_kind kind, const char *name, unsigned long long ino,
			    long uid)
{
	struct ipcc_obj o = { .kind = kind, .id = -1, .cuid = uid, .ino = ino };

	snprintf(o.name, sizeof(o.name), "%s", name);
	return o;
}

/* ---- tables ------------------------------------------------------------- */

/* As Linux 6.x writes them. */
static const char shm_table[] =
	"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	"         0      32769  1600                  4096  4711  4711      1     0     0     0     0 1700000000          0 1700000000                  4096                     0\n"
	"1090757297      32770   600                 65536  4712     0      0  1000  1000  1000  1000          0          0 1700000001                     0                     0\n";
static const char msg_table[] =
	"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
	"         0          3   600           0          0     0     0     0     0    65     0          0          0 1700000000\n";
static const char sem_table[] =
	"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
	"-2147483647          9   600          2     0     0     0     0          0 1700000000";

static void assert_obj(const struct ipcc_obj *o, enum ipcc_obj_kind kind, long id, long key,
		       long cuid, long cpid)
{
	ck_assert_int_eq(o->kind, kind);
	ck_assert_int_eq(o->id, id);
	ck_assert_int_eq(o->key, key);
	ck_assert_int_eq(o->cuid, cuid);
	ck_assert_int_eq(o->cpid, cpid);
}

START_TEST(sysvipc_tables_are_read_by_their_header)
{
	struct ipcc_census c = { 0 };

	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_SHM, shm_table), 0);
	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_MSG, msg_table), 0);
	/* without a final newline */
	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_SEM, sem_table), 0);
	ck_assert_uint_eq(c.n, 4);
	assert_obj(&c.v[0], IPCC_OBJ_SYSV_SHM, 32769, 0, 0, 4711);
	assert_obj(&c.v[1], IPCC_OBJ_SYSV_SHM, 32770, 0x4103a2b1, 1000, 4712);
	assert_obj(&c.v[2], IPCC_OBJ_SYSV_MSG, 3, 0, 65, 0);  /* lspid is not the creator */
	assert_obj(&c.v[3], IPCC_OBJ_SYSV_SEM, 9, -2147483647, 0, 0);
	ipcc_census_free(&c);
}
END_TEST

START_TEST(sysvipc_columns_may_move_and_multiply)
{
	static const char moved[] =
		"cuid  newcol  shmid        key  cpid\n"
		"\n"
		"1000  x          7  -1         42\n";
	struct ipcc_census c = { 0 };

	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_SHM, moved), 0);
	ck_assert_uint_eq(c.n, 1);
	assert_obj(&c.v[0], IPCC_OBJ_SYSV_SHM, 7, -1, 1000, 42);
	ipcc_census_free(&c);
}
END_TEST

START_TEST(what_is_not_a_sysvipc_table_is_refused)
{
	static const char *const bad[] = {
		"",
		"key shmid perms cpid\n0 1 600 2\n",  /* no cuid column */
		"key shmid cuid cpid\n0 1 0\n",       /* a row short of a column */
		"key shmid cuid cpid\n0 1 0x10 2\n",  /* not a decimal number */
		"key shmid cuid cpid\n0 1 - 2\n",
	};
	struct ipcc_census c = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_SHM, bad[i]), -1);
		ck_assert_msg(errno == EPROTO, "table %zu: errno %d", i, errno);
	}
	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_FIFO, shm_table), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* a header and no objects is an empty table */
	ck_assert_int_eq(ipcc_census_parse_sysvipc(&c, IPCC_OBJ_SYSV_SEM, "key semid cuid\n"), 0);
	ipcc_census_free(&c);
}
END_TEST

/* ---- identity, description, names --------------------------------------- */

START_TEST(an_object_is_known_by_what_does_not_change_while_it_lives)
{
	struct ipcc_obj old[] = {
		sysv(IPCC_OBJ_SYSV_SHM, 5, 0, 0, 10),
		file(IPCC_OBJ_FIFO, "/tmp/f", 77, 0),
	};
	struct ipcc_obj now[] = {
		old[0],
		sysv(IPCC_OBJ_SYSV_SHM, 5, 0, 0, 11),  /* the id, but another creator */
		file(IPCC_OBJ_FIFO, "/tmp/f", 77, 1000),  /* chown()ed: the same FIFO */
		file(IPCC_OBJ_FIFO, "/tmp/f", 78, 0),  /* removed and made anew */
	};
	struct ipcc_census before = { .v = old, .n = 2 }, after = { .v = now, .n = 4 }, out = { 0 };

	ck_assert_int_eq(ipcc_census_new(&before, &after, &out), 0);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_int_eq(out.v[0].cpid, 11);
	ck_assert_uint_eq(out.v[1].ino, 78);
	ck_assert(ipcc_census_has(&before, &now[2]));
	ck_assert(!ipcc_census_has(&out, &now[0]));
	ck_assert(!ipcc_census_has(&(struct ipcc_census){ 0 }, &now[0]));
	ipcc_census_free(&out);
}
END_TEST

static void assert_described(struct ipcc_obj o, const char *want)
{
	char buf[300];

	ck_assert_str_eq(ipcc_obj_describe(&o, buf, sizeof(buf)), want);
}

START_TEST(descriptions_name_the_object)
{
	struct ipcc_obj shm = sysv(IPCC_OBJ_SYSV_SHM, 32769, 0x4103a2b1, 0, 4711);
	char small[8];

	assert_described(shm, "SysV shared memory id 32769 key 0x4103a2b1 (created by pid 4711, uid 0)");
	assert_described(sysv(IPCC_OBJ_SYSV_MSG, 5, 0, 1000, 0),
			 "SysV message queue id 5 key IPC_PRIVATE (created by uid 1000)");
	assert_described(sysv(IPCC_OBJ_SYSV_SEM, 9, -2147483647, 0, 0),
			 "SysV semaphore set id 9 key 0x80000001 (created by uid 0)");
	assert_described(file(IPCC_OBJ_POSIX_SHM, "/ipcc-4711-x", 1, 0), "POSIX shared memory /ipcc-4711-x");
	assert_described(file(IPCC_OBJ_POSIX_SEM, "/s", 1, 0), "POSIX semaphore /s");
	assert_described(file(IPCC_OBJ_POSIX_MQ, "/q", 1, 0), "POSIX message queue /q");
	assert_described(file(IPCC_OBJ_FIFO, "/tmp/x", 1, 0), "FIFO /tmp/x");
	assert_described(file(IPCC_OBJ_SOCKET, "/tmp/s", 1, 0), "socket /tmp/s");
	ck_assert_str_eq(ipcc_obj_describe(&shm, small, sizeof(small)), "SysV sh");
}
END_TEST

START_TEST(posix_names_tell_ours)
{
	struct ipcc_obj fifo = file(IPCC_OBJ_FIFO, "/" IPCC_IPC_PREFIX "1-x", 1, 0);

	ck_assert(ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_POSIX_SHM, .name = "/ipcc-12-x" }));
	ck_assert(ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_POSIX_SEM, .name = "/ipcc-12-x" }));
	ck_assert(ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_POSIX_MQ, .name = "/ipcc-12-x" }));
	ck_assert(!ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_POSIX_SHM, .name = "/ipcc" }));
	ck_assert(!ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_POSIX_SHM, .name = "/pulse-shm-1" }));
	ck_assert(!ipcc_obj_is_ours_by_name(&fifo));  /* a path, not a name we gave */
	ck_assert(!ipcc_obj_is_ours_by_name(&(struct ipcc_obj){ .kind = IPCC_OBJ_SYSV_SHM }));
}
END_TEST

#ifdef __linux__
/* ---- objects made for the census ---------------------------------------- */

/* The runner's own process makes them before a test's child is forked, and
 * removes them after the child ends (an unchecked fixture): a failed
 * assertion ends the child at once, and what it made would be left. */
static struct live {
	pid_t pid;
	char dir[128], fifo[160], sock[160], name[64];
	int shmid, msqid, semid, shm, sem;  /* shm, sem: made */
	struct ipcc_census before;
} live;

static void live_make(void)
{
	const char *tmp = getenv("TMPDIR"), *dirs[] = { live.dir, NULL };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	sem_t *sem;
	int fd;

	live.shmid = live.msqid = live.semid = -1;
	live.pid = getpid();
	snprintf(live.dir, sizeof(live.dir), "%s/ipcc-census-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(live.dir)) {
		live.dir[0] = '\0';
		return;
	}
	ipcc_census_take(&live.before, dirs);

	live.shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	live.msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	live.semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	snprintf(live.name, sizeof(live.name), "/" IPCC_IPC_PREFIX "%ld-census-test", (long)live.pid);
	if ((fd = shm_open(live.name, O_RDWR | O_CREAT | O_EXCL, 0600)) >= 0) {
		live.shm = 1;
		close(fd);
	}
	if ((sem = sem_open(live.name, O_CREAT | O_EXCL, 0600, 0)) != SEM_FAILED) {
		live.sem = 1;
		sem_close(sem);
	}
	snprintf(live.fifo, sizeof(live.fifo), "%s/fifo", live.dir);
	mkfifo(live.fifo, 0600);
	/* a long $TMPDIR leaves the socket unmade rather than bound elsewhere */
	if (snprintf(live.sock, sizeof(live.sock), "%s/sock", live.dir) < (int)sizeof(sa.sun_path) &&
	    (fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0) {
		memcpy(sa.sun_path, live.sock, strlen(live.sock) + 1);
		bind(fd, (struct sockaddr *)&sa, sizeof(sa));
		close(fd);
	}
}

static void live_remove(void)
{
	DIR *d;
	struct dirent *e;

	if (live.shmid >= 0)
		shmctl(live.shmid, IPC_RMID, NULL);
	if (live.msqid >= 0)
		msgctl(live.msqid, IPC_RMID, NULL);
	if (live.semid >= 0)
		semctl(live.semid, 0, IPC_RMID);
	if (live.shm)
		shm_unlink(live.name);
	if (live.sem)
		sem_unlink(live.name);
	/* with what the tests added to the directory */
	if (live.dir[0] && (d = opendir(live.dir))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
		rmdir(live.dir);
	}
	ipcc_census_free(&live.before);
	memset(&live, 0, sizeof(live));
}

#define LIVE(suite, fn)                                                     \
	do {                                                                \
		TCase *tc_ = tcase_create(#fn);                             \
		tcase_add_unchecked_fixture(tc_, live_make, live_remove);   \
		tcase_add_test(tc_, fn);                                    \
		suite_add_tcase((suite), tc_);                              \
	} while (0)

static const enum ipcc_obj_kind made_kinds[] = {
	IPCC_OBJ_SYSV_SHM, IPCC_OBJ_SYSV_MSG, IPCC_OBJ_SYSV_SEM, IPCC_OBJ_POSIX_SHM,
	IPCC_OBJ_POSIX_SEM, IPCC_OBJ_FIFO, IPCC_OBJ_SOCKET,
};
#define NMADE (sizeof(made_kinds) / sizeof(made_kinds[0]))

static void assert_all_made(void)
{
	struct stat st;

	ck_assert_msg(live.dir[0], "no temporary directory");
	ck_assert_msg(live.shmid >= 0 && live.msqid >= 0 && live.semid >= 0, "SysV objects not made");
	ck_assert_msg(live.shm && live.sem, "POSIX shm or semaphore %s not made", live.name);
	ck_assert_msg(lstat(live.fifo, &st) == 0 && S_ISFIFO(st.st_mode), "%s not made", live.fifo);
	ck_assert_msg(lstat(live.sock, &st) == 0 && S_ISSOCK(st.st_mode), "%s not made", live.sock);
}

/* Whether o is one of the objects live_make made. */
static int is_made(const struct ipcc_obj *o)
{
	switch (o->kind) {
	case IPCC_OBJ_SYSV_SHM: return o->id == live.shmid;
	case IPCC_OBJ_SYSV_MSG: return o->id == live.msqid;
	case IPCC_OBJ_SYSV_SEM: return o->id == live.semid;
	case IPCC_OBJ_POSIX_SHM:
	case IPCC_OBJ_POSIX_SEM: return !strcmp(o->name, live.name);
	case IPCC_OBJ_FIFO: return !strcmp(o->name, live.fifo);
	case IPCC_OBJ_SOCKET: return !strcmp(o->name, live.sock);
	default: return 0;
	}
}

/* Whether o can be told to come from this process. make check runs tests
 * in parallel: others may make objects meanwhile, and those are not
 * asserted on (SysV queues and semaphores do not say who made them). */
static int made_here(const struct ipcc_obj *o)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "/" IPCC_IPC_PREFIX "%ld-", (long)live.pid);
	return (o->kind == IPCC_OBJ_SYSV_SHM && o->cpid == live.pid) ||
	       !strncmp(o->name, prefix, strlen(prefix)) ||
	       !strncmp(o->name, live.dir, strlen(live.dir));
}

static const struct ipcc_obj *find_made(const struct ipcc_census *c, enum ipcc_obj_kind kind)
{
	const struct ipcc_obj *found = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind == kind && is_made(&c->v[i])) {
			ck_assert_msg(!found, "object of kind %d found twice", kind);
			found = &c->v[i];
		}
	ck_assert_msg(found, "object of kind %d not found", kind);
	return found;
}

static void assert_identity(const struct ipcc_obj *o)
{
	struct stat st;

	ck_assert_int_eq(o->cuid, geteuid());
	if (o->kind <= IPCC_OBJ_SYSV_SEM) {
		ck_assert_int_eq(o->key, 0);
		ck_assert_int_eq(o->cpid, o->kind == IPCC_OBJ_SYSV_SHM ? live.pid : 0);
		return;
	}
	ck_assert_int_eq(o->id, -1);
	if (o->kind == IPCC_OBJ_FIFO || o->kind == IPCC_OBJ_SOCKET) {
		ck_assert_int_eq(lstat(o->name, &st), 0);
		ck_assert_uint_eq(o->ino, st.st_ino);
	}
}

static void assert_described_by(const struct ipcc_obj *o)
{
	char buf[400], id[32];

	ipcc_obj_describe(o, buf, sizeof(buf));
	snprintf(id, sizeof(id), "id %ld ", o->id);
	ck_assert_msg(strstr(buf, o->kind <= IPCC_OBJ_SYSV_SEM ? id : o->name), "'%s'", buf);
}

static const unsigned linux_sources = IPCC_SRC_SYSV_SHM | IPCC_SRC_SYSV_MSG | IPCC_SRC_SYSV_SEM |
				      IPCC_SRC_DEV_SHM | IPCC_SRC_DIRS;

START_TEST(the_census_finds_what_was_made_and_removes_it)
{
	const char *dirs[] = { live.dir, NULL };
	struct ipcc_census after = { 0 }, made = { 0 }, again = { 0 };
	const struct ipcc_obj *o[NMADE];
	struct shmid_ds ds;

	assert_all_made();
	ck_assert_uint_eq(live.before.sources & linux_sources, linux_sources);
	ck_assert_int_eq(ipcc_census_take(&after, dirs), 0);
	ck_assert_uint_eq(after.sources & linux_sources, linux_sources);
	ck_assert_int_eq(ipcc_census_new(&live.before, &after, &made), 0);
	for (size_t k = 0; k < NMADE; k++) {
		o[k] = find_made(&made, made_kinds[k]);
		assert_identity(o[k]);
		assert_described_by(o[k]);
	}
	for (size_t i = 0; i < made.n; i++)
		ck_assert_msg(!made_here(&made.v[i]) || is_made(&made.v[i]), "%s is new",
			      made.v[i].name);

	for (size_t k = 0; k < NMADE; k++)
		ck_assert_msg(ipcc_census_remove(o[k]) == 0, "removing kind %d: %s", o[k]->kind,
			      strerror(errno));
	ck_assert_int_eq(ipcc_census_take(&again, dirs), 0);
	for (size_t k = 0; k < NMADE; k++) {
		ck_assert_msg(!ipcc_census_has(&again, o[k]), "kind %d still there", o[k]->kind);
		ck_assert_int_eq(ipcc_census_remove(o[k]), 0);  /* already gone */
	}
	/* and not only to the census's eyes */
	ck_assert_int_eq(shmctl(live.shmid, IPC_STAT, &ds), -1);
	ck_assert_int_eq(shm_open(live.name, O_RDONLY, 0), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert(sem_open(live.name, 0) == SEM_FAILED);
	ck_assert_int_eq(access(live.fifo, F_OK), -1);
	ck_assert_int_eq(access(live.sock, F_OK), -1);
	ipcc_census_free(&after);
	ipcc_census_free(&made);
	ipcc_census_free(&again);
}
END_TEST

START_TEST(the_stat_calls_see_what_proc_sysvipc_shows)
{
	struct ipcc_census proc = { 0 }, stats = { 0 };

	assert_all_made();
	ck_assert_int_eq(ipcc_census_take(&proc, NULL), 0);
	for (int kind = IPCC_OBJ_SYSV_SHM; kind <= IPCC_OBJ_SYSV_SEM; kind++) {
		const struct ipcc_obj *a = find_made(&proc, (enum ipcc_obj_kind)kind);
		const struct ipcc_obj *b;

		ck_assert_int_eq(ipcc_census_stat_sysv(&stats, (enum ipcc_obj_kind)kind), 0);
		b = find_made(&stats, (enum ipcc_obj_kind)kind);
		assert_obj(b, a->kind, a->id, a->key, a->cuid, a->cpid);
	}
	ipcc_census_free(&proc);
	ipcc_census_free(&stats);
}
END_TEST

START_TEST(what_cannot_be_named_or_read_is_said)
{
	char missing[200], longname[400];
	const char *dirs[] = { live.dir, missing, NULL };
	struct ipcc_census c = { 0 };

	assert_all_made();
	snprintf(missing, sizeof(missing), "%s/missing", live.dir);
	snprintf(longname, sizeof(longname), "%s/%0250d", live.dir, 0);
	ck_assert_int_eq(mkfifo(longname, 0600), 0);
	ck_assert_int_eq(ipcc_census_take(&c, dirs), 0);
	ck_assert_uint_eq(c.unnamed, 1);
	ck_assert_uint_eq(c.sources & linux_sources, linux_sources & ~IPCC_SRC_DIRS);
	find_made(&c, IPCC_OBJ_FIFO);  /* the directory that could be read was */
	ipcc_census_free(&c);
}
END_TEST
#endif

Suite *unit_census(void)
{
	Suite *s = suite_create("census");

	UNIT(s, sysvipc_tables_are_read_by_their_header);
	UNIT(s, sysvipc_columns_may_move_and_multiply);
	UNIT(s, what_is_not_a_sysvipc_table_is_refused);
	UNIT(s, an_object_is_known_by_what_does_not_change_while_it_lives);
	UNIT(s, descriptions_name_the_object);
	UNIT(s, posix_names_tell_ours);
#ifdef __linux__
	LIVE(s, the_census_finds_what_was_made_and_removes_it);
	LIVE(s, the_stat_calls_see_what_proc_sysvipc_shows);
	LIVE(s, what_cannot_be_named_or_read_is_said);
#endif
	return s;
}
