/* leftovers.c: see leftovers.h. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leftovers.h"
#include "util.h"

static int belongs_to_run(const struct ipcc_leftovers *lo, const struct ipcc_obj *o)
{
	for (int i = 0; i < lo->nuid; i++)
		if (o->cuid == lo->uid[i])
			return 1;
	return 0;
}

#ifdef __linux__
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>

static int mount_mqueue(struct ipcc_leftovers *lo, const char *tmpdir, char *why, size_t size)
{
	struct statfs fs;

	if (statfs("/dev/mqueue", &fs) == 0 && fs.f_type == 0x19800202)
		return 0;
	if (geteuid() != 0)
		return snprintf(why, size, "/dev/mqueue is not mounted and only root may mount it"), -1;
	/* Private to the harness (and its cases) where a mount namespace can
	 * be had: the host sees an empty directory in TMPDIR, removed at the
	 * end. Where it cannot, the mount is the host's until the run ends. */
	if (unshare(CLONE_NEWNS) == 0)
		mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL);
	snprintf(lo->mqueue, sizeof(lo->mqueue), "%s/ipcconform-mq-XXXXXX", tmpdir);
	if (!mkdtemp(lo->mqueue)) {
		snprintf(why, size, "mkdtemp in %s: %s", tmpdir, strerror(errno));
		lo->mqueue[0] = '\0';
		return -1;
	}
	if (mount("ipcconform-mq", lo->mqueue, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		snprintf(why, size, "mounting mqueue: %s", strerror(errno));
		rmdir(lo->mqueue);
		lo->mqueue[0] = '\0';
		return -1;
	}
	ipcc_census_set_mqueue(lo->mqueue);
	return 0;
}
#else
static int mount_mqueue(struct ipcc_leftovers *lo, const char *tmpdir, char *why, size_t size)
{
	(void)lo, (void)tmpdir;
	return snprintf(why, size, "no mqueue file system here"), -1;
}
#endif

void ipcc_leftovers_start(struct ipcc_leftovers *lo, const char *tmpdir, FILE *warn)
{
	struct passwd *pw;
	char why[300];

	memset(lo, 0, sizeof(*lo));
	lo->uid[lo->nuid++] = (long)geteuid();
	if (geteuid() == 0)
		lo->uid[lo->nuid++] = (pw = getpwnam("nobody")) ? (long)pw->pw_uid : 65534;
	lo->dirs[0] = tmpdir;
	lo->dirs[1] = NULL;
	if (mount_mqueue(lo, tmpdir, why, sizeof(why)) < 0 && warn)
		fprintf(warn, "ipcconform: the census cannot see POSIX message queues: %s\n", why);
}

void ipcc_leftovers_before_case(struct ipcc_leftovers *lo)
{
	ipcc_census_take(&lo->before, lo->dirs);
}

/* Removes (or leaves) each new object; one note each. */
static void settle(struct ipcc_leftovers *lo, struct ipcc_result *r, FILE *warn)
{
	char what[400];

	for (size_t i = 0; i < lo->fresh.n; i++) {
		const struct ipcc_obj *o = &lo->fresh.v[i];
		char *msg;

		ipcc_obj_describe(o, what, sizeof(what));
		if (!belongs_to_run(lo, o))
			msg = ipcc_strfmt("appeared during the case but belongs to uid %ld, left alone: %s",
					  o->cuid, what);
		else if (o->cpid > 0 && (kill((pid_t)o->cpid, 0) == 0 || errno == EPERM))
			/* Every process of the case is dead by now. */
			msg = ipcc_strfmt("appeared during the case but its creator, pid %ld, is not the "
					  "case's and still runs; left alone: %s", o->cpid, what);
		else if (ipcc_census_remove(o) == 0)
			msg = ipcc_strfmt("left behind, removed by the harness: %s", what);
		else
			msg = ipcc_strfmt("left behind, and could not be removed (%s): %s",
					  strerror(errno), what);
		if (r)
			ipcc_result_note(r, msg);
		if (warn)
			fprintf(warn, "ipcconform: %s\n", msg);
		free(msg);
	}
	lo->fresh.n = 0;
}

void ipcc_leftovers_after_case(struct ipcc_leftovers *lo, struct ipcc_result *r, FILE *warn)
{
	const char *problem = NULL;

	if (ipcc_census_take(&lo->after, lo->dirs) < 0 ||
	    ipcc_census_new(&lo->before, &lo->after, &lo->fresh) < 0)
		problem = "the census of IPC objects after the case failed (out of memory)";
	else if ((lo->before.sources & ~lo->after.sources) || lo->after.unnamed)
		problem = "the census after the case could not read every source: leftovers may "
			  "have been missed";
	if (problem && r)
		ipcc_result_note(r, problem);
	else if (problem && warn)
		fprintf(warn, "ipcconform: %s\n", problem);
	settle(lo, r, warn);
}

void ipcc_leftovers_free(struct ipcc_leftovers *lo)
{
	ipcc_census_free(&lo->before);
	ipcc_census_free(&lo->after);
	ipcc_census_free(&lo->fresh);
#ifdef __linux__
	if (lo->mqueue[0]) {
		ipcc_census_set_mqueue("/dev/mqueue");
		umount2(lo->mqueue, MNT_DETACH);
		rmdir(lo->mqueue);
	}
#endif
}
