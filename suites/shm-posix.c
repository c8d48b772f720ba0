/* shm-posix.c: POSIX shared memory objects (catalogue rows SHM-030 ..
 * SHM-040) and what shared memory does not do for a program: synchronise
 * (SHM-050 .. SHM-055). The second half of the shm suite; shm-sysv.c has
 * the System V segments.
 *
 * A case unlinks the names it created as soon as the behaviour under test
 * allows, and judges afterwards, so a deviation leaves nothing behind. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case.h"
#include "shm.h"

/* ---- small tools ---------------------------------------------------------- */

static size_t page(void)
{
	return (size_t)MUST(sysconf(_SC_PAGESIZE));
}

/* Creates the object `name` (a fresh ipcc_ipc_name) with O_RDWR. */
static int create(const char *name, mode_t mode)
{
	return (int)MUST(shm_open(name, O_CREAT | O_EXCL | O_RDWR, mode));
}

/* A new object of `size` bytes, already unlinked: only the descriptor
 * reaches it. */
static int anonymous_object(size_t size)
{
	char name[64];
	int fd = create(ipcc_ipc_name(name, sizeof(name), "anon"), 0600);

	MUST(shm_unlink(name));
	MUST(ftruncate(fd, (off_t)size));
	return fd;
}

static char *map(int fd, size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_SHARED, fd, 0);

	MUST_TRUE(p != MAP_FAILED, "mmap(%zu): %s", size, ipcc_errno_name(errno));
	return p;
}

static void unlink_keeping_errno(const char *name)
{
	int err = errno;

	MUST(shm_unlink(name));
	errno = err;
}

static off_t size_of(int fd)
{
	struct stat st;

	MUST(fstat(fd, &st));
	return st.st_size;
}

static const char zeros[4 * 4096];

/* ---- SHM-030 .. SHM-035: opening ----------------------------------------------- */

START_TEST(new_object_fd_has_fd_cloexec)
{
	char name[64];
	int fd = (int)EXPECT_OK(shm_open(ipcc_ipc_name(name, sizeof(name), "o"),
					 O_CREAT | O_EXCL | O_RDWR, 0600));

	MUST(shm_unlink(name));
	EXPECT_EQ(MUST(fcntl(fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
}
END_TEST

START_TEST(new_object_has_size_zero)
{
	char name[64];
	int fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);

	MUST(shm_unlink(name));
	EXPECT_EQ(size_of(fd), 0);
}
END_TEST

START_TEST(new_object_has_owner_euid_and_mode_under_umask)
{
	char name[64];
	struct stat st;
	int fd;

	umask(027);
	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0666);
	MUST(shm_unlink(name));
	MUST(fstat(fd, &st));
	EXPECT_EQ(st.st_uid, geteuid());
	EXPECT_EQ(st.st_mode & 0777, 0640);
}
END_TEST

static int exec_name_peer(void *arg)
{
	char *const args[] = { arg, "from the case", "from the peer", NULL };

	ipcc_exec_helper("shm-name-peer", args);
}

START_TEST(exec_image_shares_object_through_the_same_name)
{
	char name[64];
	int fd, status;
	char *p;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(ftruncate(fd, 8192));
	p = map(fd, 8192, PROT_READ | PROT_WRITE);
	strcpy(p, "from the case");
	/* A fresh image that knows the name only. */
	status = ipcc_reap(ipcc_spawn(exec_name_peer, name));
	MUST(shm_unlink(name));
	judge_helper(status);
	EXPECT_MEM_EQ(p, "from the peer", sizeof("from the peer"));
}
END_TEST

START_TEST(ftruncate_extends_the_object_with_zero_bytes)
{
	size_t n = page();
	int fd = anonymous_object(n);
	char *p = map(fd, n, PROT_READ | PROT_WRITE);

	MUST_TRUE(n <= sizeof(zeros) / 3, "page size %zu", n);
	EXPECT_MEM_EQ(p, zeros, n);
	memset(p, 'x', n);
	MUST(munmap(p, n));
	MUST(ftruncate(fd, (off_t)(3 * n)));
	p = map(fd, 3 * n, PROT_READ);
	EXPECT_EQ(p[0], 'x');
	EXPECT_EQ(p[n - 1], 'x');
	EXPECT_MEM_EQ(p + n, zeros, 2 * n);
}
END_TEST

START_TEST(excl_open_of_existing_name_is_eexist)
{
	char name[64];
	int fd, again;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	again = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	unlink_keeping_errno(name);
	EXPECT_ERRNO(again, EEXIST);
	close(fd);
}
END_TEST

START_TEST(open_of_missing_name_is_enoent)
{
	char name[64];
	int fd = shm_open(ipcc_ipc_name(name, sizeof(name), "missing"), O_RDWR, 0600);

	if (fd != -1)
		unlink_keeping_errno(name);
	EXPECT_ERRNO(fd, ENOENT);
}
END_TEST

struct nobody_open {
	const char *name;
	int flags;
};

static int nobody_shm_open(void *arg)
{
	struct nobody_open *o = arg;

	ipcc_become_nobody();
	EXPECT_ERRNO(shm_open(o->name, o->flags, 0), EACCES);
	return 0;
}

START_TEST(nobody_read_write_open_of_root_0600_object_is_eacces)
{
	char name[64];
	struct nobody_open o = { name, O_RDWR };
	int status;

	create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	status = ipcc_reap(ipcc_spawn(nobody_shm_open, &o));
	MUST(shm_unlink(name));
	judge_helper(status);
}
END_TEST

START_TEST(nobody_trunc_open_without_write_permission_is_eacces_and_keeps_data)
{
	char name[64];
	struct nobody_open o = { name, O_RDWR | O_TRUNC };
	int fd, status;
	char *p;

	/* Others may read: a truncation done before the refusal would show. */
	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(fchmod(fd, 0644));
	MUST(ftruncate(fd, 4096));
	p = map(fd, 4096, PROT_READ | PROT_WRITE);
	strcpy(p, "kept");
	status = ipcc_reap(ipcc_spawn(nobody_shm_open, &o));
	MUST(shm_unlink(name));
	judge_helper(status);
	EXPECT_EQ(size_of(fd), 4096);
	EXPECT_MEM_EQ(p, "kept", sizeof("kept"));
}
END_TEST

START_TEST(trunc_open_empties_the_object_and_keeps_mode_and_owner)
{
	struct stat before, after;
	char name[64];
	int fd, again;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(ftruncate(fd, 4096));
	MUST(fchmod(fd, 0640));
	if (geteuid() == 0) {
		uid_t uid;
		gid_t gid;

		/* Owned by another user, so that a truncating open that made
		 * the caller the owner would show. */
		ipcc_nobody_ids(&uid, &gid);
		MUST(fchown(fd, uid, gid));
	}
	MUST(fstat(fd, &before));
	again = shm_open(name, O_RDWR | O_TRUNC, 0);
	unlink_keeping_errno(name);
	EXPECT_OK(again);
	MUST(fstat(fd, &after));
	EXPECT_EQ(after.st_size, 0);
	EXPECT_EQ(after.st_mode, before.st_mode);
	EXPECT_EQ(after.st_uid, before.st_uid);
	EXPECT_EQ(after.st_gid, before.st_gid);
}
END_TEST

START_TEST(shared_write_mapping_of_rdonly_descriptor_is_eacces)
{
	char name[64];
	void *mapped;
	int fd;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(ftruncate(fd, 4096));
	fd = (int)MUST(shm_open(name, O_RDONLY, 0));
	MUST(shm_unlink(name));
	mapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_ERRNO(mapped == MAP_FAILED ? -1 : 0, EACCES);
}
END_TEST

/* ---- SHM-036 .. SHM-039: names ------------------------------------------------- */

START_TEST(name_is_gone_after_shm_unlink)
{
	char name[64];
	int fd;

	create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	EXPECT_OK(shm_unlink(name));
	fd = shm_open(name, O_RDWR, 0);
	if (fd != -1)
		unlink_keeping_errno(name);
	EXPECT_ERRNO(fd, ENOENT);
}
END_TEST

START_TEST(descriptor_and_mapping_keep_the_data_after_shm_unlink)
{
	char name[64], *p, *q;
	int fd;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(ftruncate(fd, 4096));
	p = map(fd, 4096, PROT_READ | PROT_WRITE);
	strcpy(p, "kept");
	EXPECT_OK(shm_unlink(name));
	EXPECT_MEM_EQ(p, "kept", sizeof("kept"));
	EXPECT_EQ(size_of(fd), 4096);
	/* A mapping made after the unlink reaches the same memory. */
	q = map(fd, 4096, PROT_READ | PROT_WRITE);
	EXPECT_MEM_EQ(q, "kept", sizeof("kept"));
	strcpy(q, "again");
	EXPECT_MEM_EQ(p, "again", sizeof("again"));
}
END_TEST

START_TEST(create_after_shm_unlink_gives_a_new_empty_object)
{
	char name[64], *p, *q;
	int fd, fresh;

	fd = create(ipcc_ipc_name(name, sizeof(name), "o"), 0600);
	MUST(ftruncate(fd, 4096));
	p = map(fd, 4096, PROT_READ | PROT_WRITE);
	strcpy(p, "old object");
	MUST(shm_unlink(name));
	fresh = (int)EXPECT_OK(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600));
	MUST(shm_unlink(name));
	EXPECT_EQ(size_of(fresh), 0);
	MUST(ftruncate(fresh, 4096));
	q = map(fresh, 4096, PROT_READ | PROT_WRITE);
	EXPECT_MEM_EQ(q, zeros, 4096);
	strcpy(q, "new object");
	EXPECT_MEM_EQ(p, "old object", sizeof("old object"));
}
END_TEST

START_TEST(shm_unlink_of_missing_name_is_enoent)
{
	char name[64];

	EXPECT_ERRNO(shm_unlink(ipcc_ipc_name(name, sizeof(name), "missing")), ENOENT);
}
END_TEST

static int exec_name_create(void *arg)
{
	char *const args[] = { arg, "4096", "left behind", NULL };

	ipcc_exec_helper("shm-name-create", args);
}

START_TEST(object_persists_after_its_last_descriptor_and_mapping_are_gone)
{
	char name[64], *p;
	int fd, status;

	ipcc_ipc_name(name, sizeof(name), "o");
	/* The creator is a process of its own: its exit closes and unmaps
	 * everything it had. */
	status = ipcc_reap(ipcc_spawn(exec_name_create, name));
	fd = shm_open(name, O_RDWR, 0);
	if (fd == -1)
		judge_helper(status);
	EXPECT_OK(fd);
	MUST(shm_unlink(name));
	judge_helper(status);
	EXPECT_EQ(size_of(fd), 4096);
	p = map(fd, 4096, PROT_READ);
	EXPECT_MEM_EQ(p, "left behind", sizeof("left behind"));
}
END_TEST

/* Creates `name`, records what happened, and removes what was made. */
static void observe_name(const char *key, const char *name)
{
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);

	observe(key, "%s", fd == -1 ? ipcc_errno_name(errno) : "accepted");
	if (fd != -1)
		MUST(shm_unlink(name));
}

START_TEST(name_without_leading_slash)
{
	char name[64];
	int fd;

	ipcc_ipc_name(name, sizeof(name), "noslash");
	fd = shm_open(name + 1, O_CREAT | O_EXCL | O_RDWR, 0600);
	observe("shm_open", "%s", fd == -1 ? ipcc_errno_name(errno) : "accepted");
	if (fd == -1)
		return;
	/* Is it the object the name with the slash means? */
	observe("same_as_with_slash", "%s", shm_open(name, O_RDWR, 0) != -1 ? "yes" : "no");
	MUST(shm_unlink(name + 1));
}
END_TEST

START_TEST(name_with_an_inner_slash)
{
	char name[64];

	observe_name("shm_open", ipcc_ipc_name(name, sizeof(name), "dir/o"));
}
END_TEST

START_TEST(name_longer_than_name_max)
{
	char stem[NAME_MAX + 2], name[NAME_MAX + 64];

	memset(stem, 'n', NAME_MAX + 1);
	stem[NAME_MAX + 1] = '\0';
	observe_name("shm_open", ipcc_ipc_name(name, sizeof(name), stem));
}
END_TEST

/* ---- SHM-040: the mapping and the object's size ----------------------------------- */

static int touch_second_page(void *arg)
{
	volatile char *p = arg;

	return p[page()];
}

START_TEST(touch_past_the_object_end_kills_with_sigbus)
{
	size_t n = page();
	int fd = anonymous_object(n);
	/* Two pages mapped, one page of object: the second lies past the end. */
	char *p = map(fd, 2 * n, PROT_READ | PROT_WRITE);

	p[n - 1] = 'x';
	EXPECT_KILLED_BY(ipcc_reap(ipcc_spawn(touch_second_page, p)), SIGBUS);
}
END_TEST

static int store_through_mapping(void *arg)
{
	strcpy(arg, "from the child");
	return 0;
}

START_TEST(mapping_stays_valid_after_close)
{
	int fd = anonymous_object(4096);
	char *p = map(fd, 4096, PROT_READ | PROT_WRITE);

	MUST(close(fd));
	strcpy(p, "after close");
	EXPECT_MEM_EQ(p, "after close", sizeof("after close"));
	/* Still the shared object, not a private copy. */
	EXPECT_EQ(ipcc_join(ipcc_spawn(store_through_mapping, p)), 0);
	EXPECT_MEM_EQ(p, "from the child", sizeof("from the child"));
}
END_TEST

/* ---- SHM-050: a lost update, forced --------------------------------------------- */

struct race {
	volatile int *x;
	struct ipcc_gate a_loaded, b_stored;
};

/* B: loads after A loaded, stores, tells A. */
static int racer_b(void *arg)
{
	struct race *r = arg;
	int v;

	gate_close_wr(&r->a_loaded);
	gate_close_rd(&r->b_stored);
	gate_wait(&r->a_loaded);
	v = *r->x;
	*r->x = v + 1;
	gate_pass(&r->b_stored);
	return v == 41 ? 0 : 1;
}

/* The case is A: load, let B load and store, store. Nothing in the memory
 * orders the two read-modify-writes; only the handshakes do. */
static void lose_an_update(volatile int *x)
{
	struct race r = { .x = x };
	int v, seen;
	pid_t pid;

	*x = 41;
	gate_open(&r.a_loaded);
	gate_open(&r.b_stored);
	pid = ipcc_spawn(racer_b, &r);
	gate_close_rd(&r.a_loaded);
	gate_close_wr(&r.b_stored);
	v = *x;
	gate_pass(&r.a_loaded);
	gate_wait(&r.b_stored);
	seen = *x;
	*x = v + 1;
	/* B loaded 41 (exit 0), A saw B's 42, and A's store made it 42 again:
	 * two increments, one update. */
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_EQ(seen, 42);
	EXPECT_EQ(*x, 42);
	observe("final", "%d", *x);
}

START_TEST(forced_interleaving_loses_an_update_on_a_sysv_segment)
{
	int id = (int)MUST(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	void *p = (void *)MUST(shmat(id, NULL, 0));

	MUST(shmctl(id, IPC_RMID, NULL));
	lose_an_update(p);
}
END_TEST

START_TEST(forced_interleaving_loses_an_update_on_a_posix_object)
{
	lose_an_update((volatile int *)map(anonymous_object(4096), 4096, PROT_READ | PROT_WRITE));
}
END_TEST

/* ---- SHM-051 .. SHM-054: N processes, M increments each --------------------------- */

/* N·M is kept small enough for a case to take well under a second, and
 * big enough for the loops to overlap: a broken lock is only noticed where
 * they do. Here, on 2 busy CPUs, M = 100000 takes 20-80 ms (1.2 s under
 * valgrind); at 20000 the loops often ran one after the other. A System V
 * semaphore costs two system calls per increment, and a sleep and a
 * wake-up where it is contended: that loop runs 2500 times per process
 * (5000 took 0.25 s). */
enum { N = 4, M = 100000, M_SYSV = 2500 };

enum lock { NO_LOCK, SYSV_SEM, PSHARED_SEM, NAMED_SEM };

struct counter {
	volatile int count;
	int arrived;           /* the start line, see increment() */
	int handovers;         /* increments that found another process's last */
	sem_t sem;             /* PSHARED_SEM */
};

struct loop {
	enum lock lock;
	int m;                 /* increments per process */
	struct counter *c;
	int semid;             /* SYSV_SEM */
	const char *name;      /* NAMED_SEM */
	struct ipcc_gate ready;
};

static void sysv_op(int semid, int op)
{
	struct sembuf b = { .sem_num = 0, .sem_op = (short)op, .sem_flg = SEM_UNDO };

	while (semop(semid, &b, 1) == -1)
		if (errno != EINTR)
			MUST(-1);
}

static int increment(void *arg)
{
	struct loop *l = arg;
	sem_t *named = NULL;
	int v, last = -1, handovers = 0;

	gate_close_rd(&l->ready);
	if (l->lock == NAMED_SEM) {
		/* Each process opens the name itself. */
		named = sem_open(l->name, 0);
		MUST_TRUE(named != SEM_FAILED, "sem_open(%s): %s", l->name, ipcc_errno_name(errno));
	}
	gate_pass(&l->ready);
	gate_close_wr(&l->ready);
	/* A loop is over in a millisecond: without a start line they would
	 * often run one after the other and never contend. They spin there:
	 * one that yields lets the machine's other work in, and misses the
	 * start. */
	__atomic_add_fetch(&l->c->arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&l->c->arrived, __ATOMIC_SEQ_CST) < N)
		MUST_TRUE(ipcc_time_left() > 0.5, "the other processes never reached the start");
	for (int i = 0; i < l->m; i++) {
		switch (l->lock) {
		case NO_LOCK: break;
		case SYSV_SEM: sysv_op(l->semid, -1); break;
		case PSHARED_SEM: MUST(sem_wait(&l->c->sem)); break;
		case NAMED_SEM: MUST(sem_wait(named)); break;
		}
		/* count++, with a look at whose value it found. */
		v = l->c->count;
		handovers += last != -1 && v != last;
		l->c->count = v + 1;
		last = v + 1;
		switch (l->lock) {
		case NO_LOCK: break;
		case SYSV_SEM: sysv_op(l->semid, 1); break;
		case PSHARED_SEM: MUST(sem_post(&l->c->sem)); break;
		case NAMED_SEM: MUST(sem_post(named)); break;
		}
	}
	__atomic_add_fetch(&l->c->handovers, handovers, __ATOMIC_SEQ_CST);
	return 0;
}

/* A counter in a System V segment, already marked for removal: the
 * processes inherit the attachment. */
static struct counter *new_counter(void)
{
	int id = (int)MUST(shmget(IPC_PRIVATE, sizeof(struct counter), IPC_CREAT | 0600));
	struct counter *c = (void *)MUST(shmat(id, NULL, 0));

	MUST(shmctl(id, IPC_RMID, NULL));
	return c;
}

/* Runs the loop in N processes that start together; returns the count.
 * A named semaphore is unlinked once every process has opened it. The
 * statuses are returned in status[] so that the caller can remove its
 * System V semaphore before judging them. */
static int run_loop(struct loop *l, int status[N])
{
	int ready = 0;
	pid_t pid[N];

	gate_open(&l->ready);
	for (int i = 0; i < N; i++)
		pid[i] = ipcc_spawn(increment, l);
	gate_close_wr(&l->ready);
	while (ready < N && gate_wait_or_gone(&l->ready) == 0)
		ready++;
	if (l->lock == NAMED_SEM)
		MUST(sem_unlink(l->name));
	if (ready < N) {
		/* One ended before it was ready: its status says why. */
		for (int i = 0; i < N; i++)
			status[i] = gone_helper(pid[i]);
		return -1;
	}
	for (int i = 0; i < N; i++)
		status[i] = ipcc_reap(pid[i]);
	/* Evidence that the processes took turns at all. */
	note("%d of %d increments followed another process's", l->c->handovers, N * l->m);
	return l->c->count;
}

static void judge_loop(const int status[N])
{
	/* The ones killed because another one ended come last. */
	for (int i = 0; i < N; i++)
		if (!WIFSIGNALED(status[i]) || WTERMSIG(status[i]) != SIGKILL)
			judge_helper(status[i]);
	for (int i = 0; i < N; i++)
		judge_helper(status[i]);
}

START_TEST(unsynchronised_increments_lose_updates)
{
	struct loop l = { .lock = NO_LOCK, .m = M, .c = new_counter() };
	int status[N], final = run_loop(&l, status);

	judge_loop(status);
	observe("final", "%d", final);
	observe("lost", "%d", N * M - final);
}
END_TEST

START_TEST(increments_under_a_sysv_semaphore_end_at_n_times_m)
{
	struct loop l = { .lock = SYSV_SEM, .m = M_SYSV, .c = new_counter() };
	int status[N], final;

	l.semid = (int)MUST(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
	if (semctl(l.semid, 0, SETVAL, 1) == -1) {
		int err = errno;

		semctl(l.semid, 0, IPC_RMID);
		SETUP_FAILED("semctl(SETVAL): %s", ipcc_errno_name(err));
	}
	final = run_loop(&l, status);
	MUST(semctl(l.semid, 0, IPC_RMID));
	judge_loop(status);
	EXPECT_EQ(final, N * M_SYSV);
}
END_TEST

START_TEST(increments_under_a_process_shared_sem_t_end_at_n_times_m)
{
	struct loop l = { .lock = PSHARED_SEM, .m = M, .c = new_counter() };
	int status[N], final;

	/* The semaphore lives in the shared segment, next to the counter. */
	MUST(sem_init(&l.c->sem, 1, 1));
	final = run_loop(&l, status);
	judge_loop(status);
	EXPECT_EQ(final, N * M);
}
END_TEST

START_TEST(increments_under_a_named_semaphore_end_at_n_times_m)
{
	struct loop l = { .lock = NAMED_SEM, .m = M, .c = new_counter() };
	char name[64];
	int status[N], final;
	sem_t *sem;

	l.name = ipcc_ipc_name(name, sizeof(name), "sem");
	sem = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
	MUST_TRUE(sem != SEM_FAILED, "sem_open(%s): %s", name, ipcc_errno_name(errno));
	/* run_loop unlinks the name once every process has opened it; the
	 * processes keep their handles. */
	final = run_loop(&l, status);
	judge_loop(status);
	EXPECT_EQ(final, N * M);
}
END_TEST

static int take_and_exit(void *arg)
{
	struct sembuf down = { .sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO | IPC_NOWAIT };

	MUST(semop(*(int *)arg, &down, 1));
	return 0; /* and never gives it back */
}

START_TEST(sem_undo_gives_back_what_an_exited_holder_took)
{
	int semid = (int)MUST(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
	int status = 0, value = -1;

	/* A process that ends inside its critical section: with SEM_UNDO the
	 * others are not locked out for ever. */
	if (semctl(semid, 0, SETVAL, 1) != -1) {
		status = ipcc_reap(ipcc_spawn(take_and_exit, &semid));
		value = semctl(semid, 0, GETVAL);
	}
	MUST(semctl(semid, 0, IPC_RMID));
	MUST(value);
	judge_helper(status);
	EXPECT_EQ(value, 1);
}
END_TEST

/* ---- SHM-055: stores before _exit ------------------------------------------------- */

static int fill_and_exit(void *arg)
{
	unsigned char *p = arg;

	for (size_t i = 0; i < 65536; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	return 0;
}

START_TEST(child_stores_are_visible_after_waitpid)
{
	static unsigned char want[65536];
	int fd = (int)MUST(open("mapped", O_RDWR | O_CREAT | O_EXCL, 0600));
	void *p;

	/* A plain file mapped MAP_SHARED: the rule needs no option. */
	MUST(ftruncate(fd, sizeof(want)));
	p = map(fd, sizeof(want), PROT_READ | PROT_WRITE);
	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (unsigned char)(i * 7 + 1);
	EXPECT_EQ(ipcc_join(ipcc_spawn(fill_and_exit, p)), 0);
	EXPECT_MEM_EQ(p, want, sizeof(want));
}
END_TEST

static const struct ipcc_case cases[] = {
	CASE(new_object_fd_has_fd_cloexec, "SHM-030", "O:SHM", "XSH shm_open() DESC"),
	CASE(new_object_has_size_zero, "SHM-030", "O:SHM", "XSH shm_open() DESC"),
	CASE(new_object_has_owner_euid_and_mode_under_umask, "SHM-030", "O:SHM",
	     "XSH shm_open() DESC"),
	CASE(exec_image_shares_object_through_the_same_name, "SHM-031", "O:SHM",
	     "XSH shm_open() DESC, mmap()"),
	CASE(ftruncate_extends_the_object_with_zero_bytes, "SHM-031", "O:SHM",
	     "XSH shm_open() DESC, ftruncate()"),
	CASE(excl_open_of_existing_name_is_eexist, "SHM-032", "O:SHM", "XSH shm_open() ERR"),
	CASE(open_of_missing_name_is_enoent, "SHM-032", "O:SHM", "XSH shm_open() ERR"),
	CASE(nobody_read_write_open_of_root_0600_object_is_eacces, "SHM-033", "O:SHM",
	     "XSH shm_open() ERR", .needs = IPCC_NEED_NOBODY),
	CASE(nobody_trunc_open_without_write_permission_is_eacces_and_keeps_data, "SHM-033",
	     "O:SHM", "XSH shm_open() ERR", .needs = IPCC_NEED_NOBODY),
	CASE(trunc_open_empties_the_object_and_keeps_mode_and_owner, "SHM-034", "O:SHM",
	     "XSH shm_open() DESC"),
	CASE(shared_write_mapping_of_rdonly_descriptor_is_eacces, "SHM-035", "P", "XSH mmap() ERR"),
	CASE(name_is_gone_after_shm_unlink, "SHM-036", "O:SHM", "XSH shm_unlink() DESC"),
	CASE(descriptor_and_mapping_keep_the_data_after_shm_unlink, "SHM-036", "O:SHM",
	     "XSH shm_unlink() DESC"),
	CASE(create_after_shm_unlink_gives_a_new_empty_object, "SHM-036", "O:SHM",
	     "XSH shm_unlink() DESC"),
	CASE(shm_unlink_of_missing_name_is_enoent, "SHM-037", "O:SHM", "XSH shm_unlink() ERR"),
	CASE(object_persists_after_its_last_descriptor_and_mapping_are_gone, "SHM-038", "O:SHM",
	     "XSH shm_open() DESC"),
	CASE(name_without_leading_slash, "SHM-039", "V", "XSH shm_open() DESC"),
	CASE(name_with_an_inner_slash, "SHM-039", "V", "XSH shm_open() DESC"),
	CASE(name_longer_than_name_max, "SHM-039", "V", "XSH shm_open() ERR"),
	CASE(touch_past_the_object_end_kills_with_sigbus, "SHM-040", "P", "XSH mmap() DESC"),
	CASE(mapping_stays_valid_after_close, "SHM-040", "P", "XSH mmap() DESC"),
	CASE(forced_interleaving_loses_an_update_on_a_sysv_segment, "SHM-050", "X", "XBD 4.12"),
	CASE(forced_interleaving_loses_an_update_on_a_posix_object, "SHM-050", "O:SHM", "XBD 4.12"),
	CASE(unsynchronised_increments_lose_updates, "SHM-051", "V", "XBD 4.12"),
	CASE(increments_under_a_sysv_semaphore_end_at_n_times_m, "SHM-052", "X",
	     "XBD 4.12, XSH semop()"),
	CASE(sem_undo_gives_back_what_an_exited_holder_took, "SHM-052,SEM-005", "X",
	     "XSH semop() DESC, _Exit()"),
	CASE(increments_under_a_process_shared_sem_t_end_at_n_times_m, "SHM-053", "P",
	     "XBD 4.12, XSH sem_init()"),
	CASE(increments_under_a_named_semaphore_end_at_n_times_m, "SHM-054", "P", "XSH sem_open()"),
	CASE(child_stores_are_visible_after_waitpid, "SHM-055", "P", "XBD 4.12"),
};

IPCC_SUITE(ipcc_suite_shm_posix, "shm", "shared memory: POSIX objects and synchronisation",
	   cases);
