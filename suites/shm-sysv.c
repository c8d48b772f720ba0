/* shm-sysv.c: System V shared memory (catalogue rows SHM-001 .. SHM-023), the
 * first half of the shm suite; shm-posix.c has the rest.
 *
 * A case removes (IPC_RMID) what it created as soon as the behaviour under
 * test allows: often right after the attach, otherwise after the last call
 * that needs the segment alive and before the checks that may end the case. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "shm.h"

/* ---- small tools ---------------------------------------------------------- */

static size_t page(void)
{
	return (size_t)MUST(sysconf(_SC_PAGESIZE));
}

static int new_segment(size_t size, int mode)
{
	return (int)MUST(shmget(IPC_PRIVATE, size, IPC_CREAT | mode));
}

static int new_keyed_segment(key_t key, size_t size)
{
	return (int)MUST(shmget(key, size, IPC_CREAT | IPC_EXCL | 0600));
}

static char *attach(int id, int flags)
{
	return (char *)MUST(shmat(id, NULL, flags));
}

static void remove_segment(int id)
{
	MUST(shmctl(id, IPC_RMID, NULL));
}

/* Removes the segment and leaves errno as the call before it left it, for
 * the EXPECT_ERRNO that judges that call. */
static void remove_keeping_errno(int id)
{
	int err = errno;

	remove_segment(id);
	errno = err;
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;

	/* IPC_STAT need not write every byte (valgrind finds the reserved
	 * fields undefined after it), and a shmid_ds passed on to IPC_SET must
	 * not carry stack garbage. */
	memset(&ds, 0, sizeof(ds));
	MUST(shmctl(id, IPC_STAT, &ds));
	return ds;
}

static const char zeros[4 * 4096];

/* An address where `size` bytes can be attached, aligned to SHMLBA: the start
 * of a range that was free a moment ago (reserved, then released). */
static char *free_shmlba_address(size_t size)
{
	size_t lba = SHMLBA, len = size + 2 * lba;
	char *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MUST_TRUE(p != MAP_FAILED, "mmap(%zu): %s", len, ipcc_errno_name(errno));
	MUST(munmap(p, len));
	return (char *)(((uintptr_t)p + lba - 1) & ~(uintptr_t)(lba - 1));
}

struct seg {
	int id;
	char *p;
	struct ipcc_gate go;    /* the case tells the child */
	struct ipcc_gate ready; /* the child tells the case */
};

/* ---- SHM-001, SHM-002: a new segment ----------------------------------------- */

START_TEST(private_key_makes_a_new_segment_on_every_call)
{
	int a, b, err;

	a = EXPECT_OK(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	b = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	err = errno;
	/* a stays until b exists: a removed id may be handed out again. */
	remove_segment(a);
	if (b != -1 && b != a)
		remove_segment(b);
	errno = err;
	EXPECT_OK(b);
	EXPECT_NE(a, b);
}
END_TEST

START_TEST(new_segment_reads_as_zero)
{
	size_t n = 3 * 4096 + 100;
	int id = new_segment(n, 0600);
	char *p = attach(id, 0);

	remove_segment(id);
	EXPECT_MEM_EQ(p, zeros, n);
}
END_TEST

START_TEST(new_segment_has_its_size_and_no_attach_history)
{
	int id = new_segment(5000, 0600);
	struct shmid_ds ds = stat_of(id);

	remove_segment(id);
	/* 5000 is no multiple of a page: shm_segsz is the size asked for. */
	EXPECT_EQ(ds.shm_segsz, 5000);
	EXPECT_EQ(ds.shm_nattch, 0);
	EXPECT_EQ(ds.shm_lpid, 0);
	EXPECT_EQ(ds.shm_atime, 0);
	EXPECT_EQ(ds.shm_dtime, 0);
}
END_TEST

START_TEST(new_segment_has_creator_pid_and_ids)
{
	int id = new_segment(4096, 0600);
	struct shmid_ds ds = stat_of(id);

	remove_segment(id);
	EXPECT_EQ(ds.shm_cpid, getpid());
	EXPECT_EQ(ds.shm_perm.uid, geteuid());
	EXPECT_EQ(ds.shm_perm.cuid, geteuid());
	EXPECT_EQ(ds.shm_perm.gid, getegid());
	EXPECT_EQ(ds.shm_perm.cgid, getegid());
}
END_TEST

START_TEST(new_segment_mode_comes_from_shmflg_and_ctime_is_set)
{
	time_t before, after;
	struct shmid_ds ds;
	int id;

	/* The umask does not apply to System V modes: 0647 stays 0647. */
	umask(022);
	before = time(NULL);
	id = new_segment(4096, 0647);
	after = time(NULL);
	ds = stat_of(id);
	remove_segment(id);
	EXPECT_EQ(ds.shm_perm.mode & 0777, 0647);
	EXPECT_GE(ds.shm_ctime, before);
	EXPECT_LE(ds.shm_ctime, after);
}
END_TEST

/* ---- SHM-003 .. SHM-007: keys, sizes, permission ------------------------------- */

START_TEST(key_lookup_returns_the_creators_id)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096);
	int found = shmget(key, 0, 0);

	remove_keeping_errno(id);
	EXPECT_OK(found);
	EXPECT_EQ(found, id);
}
END_TEST

static int exec_key_peer(void *arg)
{
	char *const args[] = { "key", "98", "from the case", "from the peer", NULL };

	(void)arg;
	ipcc_exec_helper("shm-key-peer", args);
}

START_TEST(exec_image_shares_segment_through_the_same_key)
{
	/* The helper computes ftok("key", 98) itself: 98 is 'b'. */
	int id = new_keyed_segment(case_key('b'), 4096);
	char *p = attach(id, 0);
	int status;

	strcpy(p, "from the case");
	status = ipcc_reap(ipcc_spawn(exec_key_peer, NULL));
	remove_segment(id);
	judge_helper(status);
	EXPECT_MEM_EQ(p, "from the peer", sizeof("from the peer"));
}
END_TEST

START_TEST(excl_create_on_existing_key_is_eexist)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096);
	int again = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);

	if (again != -1 && again != id)
		remove_segment(again);
	remove_keeping_errno(id);
	EXPECT_ERRNO(again, EEXIST);
}
END_TEST

START_TEST(lookup_of_missing_key_is_enoent)
{
	int id = shmget(case_key('a'), 4096, 0600);

	if (id != -1)
		remove_keeping_errno(id);
	EXPECT_ERRNO(id, ENOENT);
}
END_TEST

START_TEST(lookup_asking_more_than_the_segment_has_is_einval)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096);
	int bigger = shmget(key, 4097, 0);

	remove_keeping_errno(id);
	EXPECT_ERRNO(bigger, EINVAL);
}
END_TEST

START_TEST(lookup_asking_less_than_the_segment_has_returns_its_id)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 8192);
	int smaller = shmget(key, 100, 0);

	remove_keeping_errno(id);
	EXPECT_OK(smaller);
	EXPECT_EQ(smaller, id);
}
END_TEST

START_TEST(create_with_size_zero_is_einval)
{
	int id = shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600);

	if (id != -1)
		remove_keeping_errno(id);
	EXPECT_ERRNO(id, EINVAL);
}
END_TEST

#ifdef IPC_INFO
static struct shminfo shm_info(void)
{
	struct shminfo info;

	/* IPC_INFO returns an index, not 0; the id argument is ignored. */
	MUST(shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&info));
	return info;
}
#endif

START_TEST(create_larger_than_shmmax_is_einval)
{
#ifdef IPC_INFO
	struct shminfo info = shm_info();
	int id;

	if (info.shmmax >= SIZE_MAX)
		SKIP("SHMMAX is SIZE_MAX: no size lies above it");
	/* Refused before any memory is reserved: nothing is allocated. */
	id = shmget(IPC_PRIVATE, (size_t)info.shmmax + 1, IPC_CREAT | 0600);
	if (id != -1)
		remove_keeping_errno(id);
	EXPECT_ERRNO(id, EINVAL);
#else
	SKIP("no IPC_INFO: SHMMAX cannot be read here");
#endif
}
END_TEST

/* Reads one number from a /proc/sys file, or gives "unreadable". */
static void observe_sysctl(const char *key, const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");

	if (f && fgets(buf, sizeof(buf), f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
	observe(key, "%s", buf[0] ? buf : "unreadable");
}

START_TEST(limits_are_recorded)
{
#ifdef IPC_INFO
	struct shminfo info = shm_info();

	observe("shmmin", "%lu", (unsigned long)info.shmmin);
	observe("shmmax", "%lu", (unsigned long)info.shmmax);
	observe("shmall", "%lu", (unsigned long)info.shmall);
	observe("shmmni", "%lu", (unsigned long)info.shmmni);
	observe("shmseg", "%lu", (unsigned long)info.shmseg);
#else
	observe("ipc_info", "unsupported");
#endif
	observe_sysctl("proc.shmmax", "/proc/sys/kernel/shmmax");
	observe_sysctl("proc.shmall", "/proc/sys/kernel/shmall");
	observe_sysctl("proc.shmmni", "/proc/sys/kernel/shmmni");
	observe("shmlba", "%ld", (long)SHMLBA);
}
END_TEST

static int nobody_shmget(void *arg)
{
	ipcc_become_nobody();
	/* The permission checked is the one the low nine bits of shmflg ask
	 * for: a lookup with 0 asks for none. */
	EXPECT_ERRNO(shmget(*(key_t *)arg, 0, 0400), EACCES);
	return 0;
}

START_TEST(nobody_lookup_of_root_0600_key_is_eacces)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096);
	int status = ipcc_reap(ipcc_spawn(nobody_shmget, &key));

	remove_segment(id);
	judge_helper(status);
}
END_TEST

/* ---- SHM-008 .. SHM-011: attaching ------------------------------------------- */

START_TEST(shmat_returns_a_page_aligned_address)
{
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0);

	remove_segment(id);
	EXPECT_EQ((uintptr_t)p % page(), 0);
}
END_TEST

static int attach_and_hold(void *arg)
{
	struct seg *s = arg;

	gate_close_wr(&s->go);
	gate_close_rd(&s->ready);
	attach(s->id, 0);
	gate_pass(&s->ready);
	gate_wait(&s->go);
	return 0;
}

START_TEST(shmat_counts_the_attach_and_records_pid_and_time)
{
	struct shmid_ds ds;
	struct seg s;
	time_t before;
	int status;
	pid_t pid;

	s.id = new_segment(4096, 0600);
	gate_open(&s.go);
	gate_open(&s.ready);
	before = time(NULL);
	/* The attach happens in another process than the creator, so that a
	 * shm_lpid copied from shm_cpid shows. */
	pid = ipcc_spawn(attach_and_hold, &s);
	gate_close_rd(&s.go);
	gate_close_wr(&s.ready);
	if (gate_wait_or_gone(&s.ready)) {
		status = gone_helper(pid);
		remove_segment(s.id);
		judge_helper(status);
		SETUP_FAILED("the child ended before it attached");
	}
	ds = stat_of(s.id);
	gate_pass(&s.go);
	status = ipcc_reap(pid);
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_EQ(ds.shm_nattch, 1);
	EXPECT_EQ(ds.shm_lpid, pid);
	EXPECT_GE(ds.shm_atime, before);
	EXPECT_LE(ds.shm_atime, time(NULL));
}
END_TEST

static int store_through_own_attachment(void *arg)
{
	struct seg *s = arg;
	char *p = attach(s->id, 0);

	strcpy(p, "from the child");
	MUST(shmdt(p));
	return 0;
}

START_TEST(child_store_is_read_through_parents_attachment)
{
	struct seg s;
	int status;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	/* The child attaches by id on its own: two attachments, one segment. */
	status = ipcc_reap(ipcc_spawn(store_through_own_attachment, &s));
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_MEM_EQ(s.p, "from the child", sizeof("from the child"));
}
END_TEST

START_TEST(segment_attached_twice_shows_the_same_bytes_at_both_addresses)
{
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0), *q = attach(id, 0);
	struct shmid_ds ds = stat_of(id);

	remove_segment(id);
	EXPECT_NE(p, q);
	EXPECT_EQ(ds.shm_nattch, 2);
	strcpy(p, "through p");
	EXPECT_MEM_EQ(q, "through p", sizeof("through p"));
	strcpy(q, "through q");
	EXPECT_MEM_EQ(p, "through q", sizeof("through q"));
}
END_TEST

static int inherited_store(void *arg)
{
	struct seg *s = arg;

	EXPECT_EQ(stat_of(s->id).shm_nattch, 2);
	EXPECT_MEM_EQ(s->p, "from the parent", sizeof("from the parent"));
	strcpy(s->p, "from the child");
	return 0;
}

START_TEST(fork_child_inherits_the_attachment_and_shares_memory)
{
	struct seg s;
	int status;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	strcpy(s.p, "from the parent");
	status = ipcc_reap(ipcc_spawn(inherited_store, &s));
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_MEM_EQ(s.p, "from the child", sizeof("from the child"));
}
END_TEST

static int inherit_and_exit(void *arg)
{
	struct seg *s = arg;

	EXPECT_EQ(stat_of(s->id).shm_nattch, 2);
	return 0;
}

START_TEST(child_exit_detaches_the_inherited_attachment)
{
	struct shmid_ds ds;
	struct seg s;
	int status;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	status = ipcc_reap(ipcc_spawn(inherit_and_exit, &s));
	ds = stat_of(s.id);
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_EQ(ds.shm_nattch, 1);
}
END_TEST

static int inherit_and_exec(void *arg)
{
	struct seg *s = arg;
	char id[32];
	char *const args[] = { id, "1", NULL };

	/* Two before the exec, or the helper's 1 would prove nothing. */
	EXPECT_EQ(stat_of(s->id).shm_nattch, 2);
	snprintf(id, sizeof(id), "%d", s->id);
	ipcc_exec_helper("shm-nattch", args);
}

START_TEST(exec_detaches_the_inherited_attachment)
{
	struct seg s;
	int status;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	/* shm-nattch, in the new image, exits 0 if the segment has one
	 * attachment: the parent's. */
	status = ipcc_reap(ipcc_spawn(inherit_and_exec, &s));
	remove_segment(s.id);
	judge_helper(status);
}
END_TEST

/* ---- SHM-012 .. SHM-017: attach modes, addresses, detaching ------------------------ */

static int store_through_rdonly(void *arg)
{
	struct seg *s = arg;
	volatile char *q = attach(s->id, SHM_RDONLY);

	EXPECT_EQ(q[0], 'a');
	q[0] = 'b';
	return 0;
}

START_TEST(store_through_rdonly_attachment_kills_with_sigsegv)
{
	struct seg s;
	int status;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	s.p[0] = 'a';
	status = ipcc_reap(ipcc_spawn(store_through_rdonly, &s));
	remove_segment(s.id);
	if (WIFSIGNALED(status))
		observe("store_signal", "%s", ipcc_signal_name(WTERMSIG(status)));
	/* The catalogue records SIGBUS instead of judging it. */
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGBUS)
		EXPECT_KILLED_BY(status, SIGSEGV);
	EXPECT_EQ(s.p[0], 'a');
}
END_TEST

/* valgrind's shmat wrapper learns the segment's size by IPC_STAT first,
 * and turns that step's EACCES into EINVAL. */
static const char *shmat_needs_no_read_permission(void)
{
	return ipcc_under_valgrind() ? "under valgrind, whose shmat() fails with EINVAL "
				       "where the caller may not read the segment" : NULL;
}

struct nobody_attach {
	int id, flags;
};

static int nobody_shmat(void *arg)
{
	struct nobody_attach *a = arg;

	ipcc_become_nobody();
	EXPECT_ERRNO(shmat(a->id, NULL, a->flags), EACCES);
	return 0;
}

static void nobody_attach_is_eacces(int mode, int flags)
{
	struct nobody_attach a = { new_segment(4096, mode), flags };
	int status = ipcc_reap(ipcc_spawn(nobody_shmat, &a));

	remove_segment(a.id);
	judge_helper(status);
}

START_TEST(nobody_rdonly_attach_without_read_permission_is_eacces)
{
	/* Others may write but not read. */
	nobody_attach_is_eacces(0602, SHM_RDONLY);
}
END_TEST

START_TEST(nobody_read_write_attach_with_read_only_permission_is_eacces)
{
	nobody_attach_is_eacces(0604, 0);
}
END_TEST

START_TEST(unaligned_attach_without_shm_rnd_is_einval)
{
	int id = new_segment(4096, 0600);
	char *a = free_shmlba_address(4096);
	void *p = shmat(id, a + 1, 0);

	if (p != (void *)-1)
		shmdt(p);
	remove_keeping_errno(id);
	EXPECT_ERRNO((long)p, EINVAL);
}
END_TEST

START_TEST(shm_rnd_rounds_the_address_down_to_shmlba)
{
	int id = new_segment(4096, 0600);
	char *a = free_shmlba_address(4096);
	void *p = shmat(id, a + SHMLBA - 1, SHM_RND);

	remove_keeping_errno(id);
	EXPECT_OK((long)p);
	EXPECT_EQ(p, a);
}
END_TEST

START_TEST(attach_of_invalid_id_is_einval)
{
	int id = new_segment(4096, 0600);

	/* Removed with no attachment, the id is gone at once. */
	remove_segment(id);
	EXPECT_ERRNO((long)shmat(id, NULL, 0), EINVAL);
	EXPECT_ERRNO((long)shmat(-1, NULL, 0), EINVAL);
}
END_TEST

START_TEST(shmdt_of_an_address_inside_a_segment_is_einval)
{
	int id = new_segment(2 * page(), 0600);
	char *p = attach(id, 0);

	remove_segment(id);
	EXPECT_ERRNO(shmdt(p + page()), EINVAL);
	/* Still attached: the refused shmdt detached nothing. */
	p[page()] = 'x';
	EXPECT_EQ(p[page()], 'x');
}
END_TEST

START_TEST(second_shmdt_is_einval)
{
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0);

	remove_segment(id);
	EXPECT_OK(shmdt(p));
	EXPECT_ERRNO(shmdt(p), EINVAL);
}
END_TEST

static int touch_after_detach(void *arg)
{
	volatile char *p = arg;

	MUST(shmdt((void *)p));
	p[0] = 'x';
	return 0;
}

START_TEST(touch_after_shmdt_kills_with_sigsegv)
{
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0);

	/* The child detaches the attachment it inherited; the parent's keeps
	 * the segment, already marked for removal, alive. */
	remove_segment(id);
	EXPECT_KILLED_BY(ipcc_reap(ipcc_spawn(touch_after_detach, p)), SIGSEGV);
}
END_TEST

/* ---- SHM-018 .. SHM-021: lifetime and removal ---------------------------------- */

static int exec_key_create(void *arg)
{
	char *const args[] = { "key", "99", "4096", "left behind", NULL };

	(void)arg;
	ipcc_exec_helper("shm-key-create", args);
}

START_TEST(segment_outlives_its_creator)
{
	key_t key = case_key('c');
	struct shmid_ds ds;
	pid_t pid;
	char *p;
	int id, status;

	pid = ipcc_spawn(exec_key_create, NULL);
	status = ipcc_reap(pid);
	id = shmget(key, 0, 0);
	if (id == -1)
		judge_helper(status);
	EXPECT_OK(id);
	ds = stat_of(id);
	p = attach(id, 0);
	remove_segment(id);
	judge_helper(status);
	EXPECT_EQ(ds.shm_cpid, pid);
	EXPECT_EQ(ds.shm_nattch, 0);
	EXPECT_MEM_EQ(p, "left behind", sizeof("left behind"));
}
END_TEST

START_TEST(removal_while_attached_makes_key_lookup_enoent)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096), found;

	attach(id, 0);
	remove_segment(id);
	found = shmget(key, 0, 0);
	EXPECT_ERRNO(found, ENOENT);
}
END_TEST

START_TEST(removal_while_attached_frees_the_key_for_a_new_segment)
{
	key_t key = case_key('a');
	int id = new_keyed_segment(key, 4096), again;

	attach(id, 0);
	remove_segment(id);
	again = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (again != -1 && again != id)
		remove_keeping_errno(again);
	EXPECT_OK(again);
	EXPECT_NE(again, id);
}
END_TEST

static int read_after_removal(void *arg)
{
	struct seg *s = arg;

	gate_close_wr(&s->go);
	gate_wait(&s->go);
	EXPECT_MEM_EQ(s->p, "after removal", sizeof("after removal"));
	strcpy(s->p, "reply");
	return 0;
}

START_TEST(removed_segment_keeps_working_for_its_attachments)
{
	struct seg s;
	pid_t pid;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	strcpy(s.p, "before removal");
	gate_open(&s.go);
	pid = ipcc_spawn(read_after_removal, &s);
	gate_close_rd(&s.go);
	remove_segment(s.id);
	EXPECT_MEM_EQ(s.p, "before removal", sizeof("before removal"));
	/* Both attachments still reach one segment. */
	strcpy(s.p, "after removal");
	gate_pass(&s.go);
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_MEM_EQ(s.p, "reply", sizeof("reply"));
}
END_TEST

START_TEST(stat_after_removal_and_last_shmdt_is_einval)
{
	struct shmid_ds ds;
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0);

	remove_segment(id);
	MUST(shmdt(p));
	/* Some systems say EIDRM; EXPECT_ERRNO2 records which. */
	EXPECT_ERRNO2(shmctl(id, IPC_STAT, &ds), EINVAL, EIDRM);
}
END_TEST

static int hold_until_gate(void *arg)
{
	struct seg *s = arg;

	gate_close_wr(&s->go);
	gate_wait(&s->go);
	EXPECT_MEM_EQ(s->p, "held", sizeof("held"));
	return 0;
}

START_TEST(removed_segment_goes_when_the_last_attached_process_exits)
{
	struct shmid_ds ds;
	struct seg s;
	pid_t pid;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	strcpy(s.p, "held");
	gate_open(&s.go);
	pid = ipcc_spawn(hold_until_gate, &s);
	gate_close_rd(&s.go);
	MUST(shmdt(s.p));
	remove_segment(s.id);
	/* The child's attachment is now the last one; its exit ends it. */
	gate_pass(&s.go);
	EXPECT_EQ(ipcc_join(pid), 0);
	EXPECT_ERRNO2(shmctl(s.id, IPC_STAT, &ds), EINVAL, EIDRM);
}
END_TEST

START_TEST(removed_segment_with_attachment_shows_shm_dest)
{
	int id = new_segment(4096, 0600);
	struct shmid_ds ds;

	attach(id, 0);
	remove_segment(id);
	EXPECT_OK(shmctl(id, IPC_STAT, &ds));
	EXPECT_EQ(ds.shm_perm.mode & SHM_DEST, SHM_DEST);
	EXPECT_EQ(ds.shm_nattch, 1);
}
END_TEST

START_TEST(attach_by_id_after_removal_is_allowed)
{
	int id = new_segment(4096, 0600);
	char *p = attach(id, 0), *q;

	strcpy(p, "same segment");
	remove_segment(id);
	q = (char *)EXPECT_OK(shmat(id, NULL, 0));
	EXPECT_MEM_EQ(q, "same segment", sizeof("same segment"));
}
END_TEST

/* ---- SHM-022, SHM-023: control --------------------------------------------------- */

static int nobody_stat(void *arg)
{
	struct shmid_ds ds;

	ipcc_become_nobody();
	EXPECT_ERRNO(shmctl(*(int *)arg, IPC_STAT, &ds), EACCES);
	return 0;
}

START_TEST(nobody_stat_without_read_permission_is_eacces)
{
	/* Others may write: write permission is not read permission. */
	int id = new_segment(4096, 0602);
	int status = ipcc_reap(ipcc_spawn(nobody_stat, &id));

	remove_segment(id);
	judge_helper(status);
}
END_TEST

struct nobody_set {
	int id;
	struct shmid_ds ds;
};

static int nobody_set_mode(void *arg)
{
	struct nobody_set *s = arg;

	ipcc_become_nobody();
	s->ds.shm_perm.mode = 0666;
	EXPECT_ERRNO(shmctl(s->id, IPC_SET, &s->ds), EPERM);
	return 0;
}

START_TEST(nobody_set_as_non_owner_is_eperm)
{
	struct nobody_set s;
	int status;

	/* Readable and writable by others: only ownership is missing. */
	s.id = new_segment(4096, 0606);
	s.ds = stat_of(s.id);
	status = ipcc_reap(ipcc_spawn(nobody_set_mode, &s));
	s.ds = stat_of(s.id);
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_EQ(s.ds.shm_perm.mode & 0777, 0606);
}
END_TEST

static int nobody_rmid(void *arg)
{
	ipcc_become_nobody();
	EXPECT_ERRNO(shmctl(*(int *)arg, IPC_RMID, NULL), EPERM);
	return 0;
}

START_TEST(nobody_removal_as_non_owner_is_eperm)
{
	int id = new_segment(4096, 0666);
	int status = ipcc_reap(ipcc_spawn(nobody_rmid, &id));
	struct shmid_ds ds;
	int alive = shmctl(id, IPC_STAT, &ds);

	if (alive != -1)
		remove_segment(id);
	judge_helper(status);
	EXPECT_OK(alive);
	EXPECT_EQ(ds.shm_perm.mode & SHM_DEST, 0);
}
END_TEST

START_TEST(unknown_shmctl_command_is_einval)
{
	int id = new_segment(4096, 0600);
	struct shmid_ds ds = stat_of(id);
	int r = shmctl(id, 0x7f, &ds);

	remove_keeping_errno(id);
	EXPECT_ERRNO(r, EINVAL);
}
END_TEST

START_TEST(ipc_set_changes_only_the_low_nine_mode_bits)
{
	int id = new_segment(4096, 0600);
	struct shmid_ds ds = stat_of(id), after;
	unsigned upper = ds.shm_perm.mode & ~0777u;

	ds.shm_perm.mode = 07000 | 0640;
	EXPECT_OK(shmctl(id, IPC_SET, &ds));
	after = stat_of(id);
	remove_segment(id);
	EXPECT_EQ(after.shm_perm.mode & 0777, 0640);
	EXPECT_EQ(after.shm_perm.mode & ~0777u, upper);
}
END_TEST

START_TEST(ipc_set_sets_ctime)
{
	int id = new_segment(4096, 0600);
	struct shmid_ds ds = stat_of(id);
	time_t before, after;

	/* shm_ctime was set at creation already: this fails only when a
	 * second began between the two calls, the best a case can do without
	 * waiting for the clock. */
	before = time(NULL);
	ds.shm_perm.mode = 0640;
	EXPECT_OK(shmctl(id, IPC_SET, &ds));
	after = time(NULL);
	ds = stat_of(id);
	remove_segment(id);
	EXPECT_GE(ds.shm_ctime, before);
	EXPECT_LE(ds.shm_ctime, after);
}
END_TEST

static int nobody_attach_before_and_after(void *arg)
{
	struct seg *s = arg;
	char *p;

	ipcc_become_nobody();
	gate_close_wr(&s->go);
	gate_close_rd(&s->ready);
	EXPECT_ERRNO((long)shmat(s->id, NULL, 0), EACCES);
	gate_pass(&s->ready);
	gate_wait(&s->go);
	p = (char *)EXPECT_OK(shmat(s->id, NULL, 0));
	strcpy(p, "nobody was here");
	return 0;
}

START_TEST(nobody_attach_obeys_the_mode_set_by_ipc_set)
{
	struct shmid_ds ds;
	struct seg s;
	int status;
	pid_t pid;

	s.id = new_segment(4096, 0600);
	s.p = attach(s.id, 0);
	gate_open(&s.go);
	gate_open(&s.ready);
	pid = ipcc_spawn(nobody_attach_before_and_after, &s);
	gate_close_rd(&s.go);
	gate_close_wr(&s.ready);
	/* Refused at 0600; then others get read and write. */
	if (gate_wait_or_gone(&s.ready)) {
		status = gone_helper(pid);
		remove_segment(s.id);
		judge_helper(status);
		SETUP_FAILED("the child ended before its first attach");
	}
	ds = stat_of(s.id);
	ds.shm_perm.mode = 0606;
	MUST(shmctl(s.id, IPC_SET, &ds));
	gate_pass(&s.go);
	status = ipcc_reap(pid);
	remove_segment(s.id);
	judge_helper(status);
	EXPECT_MEM_EQ(s.p, "nobody was here", sizeof("nobody was here"));
}
END_TEST

static const struct ipcc_case cases[] = {
	CASE(private_key_makes_a_new_segment_on_every_call, "SHM-001", "X", "XSH shmget() DESC"),
	CASE(new_segment_reads_as_zero, "SHM-001", "X", "XSH shmget() DESC"),
	CASE(new_segment_has_its_size_and_no_attach_history, "SHM-002", "X", "XSH shmget() DESC"),
	CASE(new_segment_has_creator_pid_and_ids, "SHM-002", "X", "XSH shmget() DESC"),
	CASE(new_segment_mode_comes_from_shmflg_and_ctime_is_set, "SHM-002", "X",
	     "XSH shmget() DESC"),
	CASE(key_lookup_returns_the_creators_id, "SHM-003", "X", "XSH shmget() DESC"),
	CASE(exec_image_shares_segment_through_the_same_key, "SHM-003,SHM-009", "X",
	     "XSH shmget(), shmat() DESC"),
	CASE(excl_create_on_existing_key_is_eexist, "SHM-004", "X", "XSH shmget() ERR"),
	CASE(lookup_of_missing_key_is_enoent, "SHM-004", "X", "XSH shmget() ERR"),
	CASE(lookup_asking_more_than_the_segment_has_is_einval, "SHM-005", "X", "XSH shmget() ERR"),
	CASE(lookup_asking_less_than_the_segment_has_returns_its_id, "SHM-005", "X",
	     "XSH shmget() ERR"),
	CASE(create_with_size_zero_is_einval, "SHM-006", "X", "XSH shmget() ERR"),
	CASE(create_larger_than_shmmax_is_einval, "SHM-006", "X", "XSH shmget() ERR"),
	CASE(limits_are_recorded, "SHM-006", "V", "XSH shmget() ERR"),
	CASE(nobody_lookup_of_root_0600_key_is_eacces, "SHM-007", "X", "XSH shmget() ERR",
	     .needs = IPCC_NEED_NOBODY),
	CASE(shmat_returns_a_page_aligned_address, "SHM-008", "X", "XSH shmat() RV"),
	CASE(shmat_counts_the_attach_and_records_pid_and_time, "SHM-008", "X", "XSH shmat() RV"),
	CASE(child_store_is_read_through_parents_attachment, "SHM-009", "X", "XSH shmat() DESC"),
	CASE(segment_attached_twice_shows_the_same_bytes_at_both_addresses, "SHM-010", "X",
	     "XSH shmat() DESC"),
	CASE(fork_child_inherits_the_attachment_and_shares_memory, "SHM-011", "X", "XSH fork()"),
	CASE(child_exit_detaches_the_inherited_attachment, "SHM-011", "X", "XSH _Exit() DESC"),
	CASE(exec_detaches_the_inherited_attachment, "SHM-011", "X", "XSH exec DESC"),
	CASE(store_through_rdonly_attachment_kills_with_sigsegv, "SHM-012", "X", "XSH shmat() DESC"),
	CASE(nobody_rdonly_attach_without_read_permission_is_eacces, "SHM-013", "X",
	     "XSH shmat() ERR", .needs = IPCC_NEED_NOBODY, .probe = shmat_needs_no_read_permission),
	CASE(nobody_read_write_attach_with_read_only_permission_is_eacces, "SHM-013", "X",
	     "XSH shmat() ERR", .needs = IPCC_NEED_NOBODY),
	CASE(unaligned_attach_without_shm_rnd_is_einval, "SHM-014", "X", "XSH shmat() ERR"),
	CASE(shm_rnd_rounds_the_address_down_to_shmlba, "SHM-014", "X", "XSH shmat() DESC"),
	CASE(attach_of_invalid_id_is_einval, "SHM-014", "X", "XSH shmat() ERR"),
	CASE(shmdt_of_an_address_inside_a_segment_is_einval, "SHM-016", "X", "XSH shmdt() ERR"),
	CASE(second_shmdt_is_einval, "SHM-016", "X", "XSH shmdt() ERR"),
	CASE(touch_after_shmdt_kills_with_sigsegv, "SHM-017", "X", "XSH shmdt() DESC"),
	CASE(segment_outlives_its_creator, "SHM-018", "X", "XSH 2.7"),
	CASE(removal_while_attached_makes_key_lookup_enoent, "SHM-019", "X", "XSH shmctl() DESC"),
	CASE(removal_while_attached_frees_the_key_for_a_new_segment, "SHM-019", "X",
	     "XSH shmctl() DESC"),
	CASE(removed_segment_keeps_working_for_its_attachments, "SHM-019", "X", "XSH shmctl() DESC"),
	CASE(stat_after_removal_and_last_shmdt_is_einval, "SHM-020", "X", "XSH shmctl() ERR"),
	CASE(removed_segment_goes_when_the_last_attached_process_exits, "SHM-020", "X",
	     "XSH shmctl() ERR"),
	CASE(removed_segment_with_attachment_shows_shm_dest, "SHM-021", "L", "LNX shmctl(2) NOTES"),
	CASE(attach_by_id_after_removal_is_allowed, "SHM-021", "L", "LNX shmctl(2) NOTES"),
	CASE(nobody_stat_without_read_permission_is_eacces, "SHM-022", "X", "XSH shmctl() ERR",
	     .needs = IPCC_NEED_NOBODY),
	CASE(nobody_set_as_non_owner_is_eperm, "SHM-022", "X", "XSH shmctl() ERR",
	     .needs = IPCC_NEED_NOBODY),
	CASE(nobody_removal_as_non_owner_is_eperm, "SHM-022", "X", "XSH shmctl() ERR",
	     .needs = IPCC_NEED_NOBODY),
	CASE(unknown_shmctl_command_is_einval, "SHM-022", "X", "XSH shmctl() ERR"),
	CASE(ipc_set_changes_only_the_low_nine_mode_bits, "SHM-023", "X", "XSH shmctl() DESC"),
	CASE(ipc_set_sets_ctime, "SHM-023", "X", "XSH shmctl() DESC"),
	CASE(nobody_attach_obeys_the_mode_set_by_ipc_set, "SHM-023", "X", "XSH shmctl() DESC",
	     .needs = IPCC_NEED_NOBODY, .probe = shmat_needs_no_read_permission),
};

IPCC_SUITE(ipcc_suite_shm_sysv, "shm", "shared memory: System V segments", cases);
