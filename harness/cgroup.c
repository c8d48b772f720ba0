/* cgroup.c: see cgroup.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "procfs.h"

static int put(const char *dir, const char *file, const char *text)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return ipcc_write_small(path, text);
}

/* The mount point of a hierarchy with the pids controller: a v1 "cgroup"
 * mount whose options name pids, or the v2 mount when pids is one of its
 * controllers (on hybrid systems v2 often has none). */
static int find_pids_mount(char *mnt, size_t size, int *version)
{
	char line[1024], point[512], type[64], opts[512];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", point) != 1 ||
		    sscanf(dash, " - %63s %*s %511s", type, opts) != 2)
			continue;
		if (!strcmp(type, "cgroup") && strstr(opts, "pids") &&
		    (strstr(opts, ",pids") || !strncmp(opts, "pids", 4))) {
			snprintf(mnt, size, "%.*s", (int)size - 1, point);
			*version = 1;
			found = 1;
		} else if (!strcmp(type, "cgroup2")) {
			char path[600], ctl[256] = "";
			FILE *c;

			snprintf(path, sizeof(path), "%s/cgroup.controllers", point);
			if ((c = fopen(path, "re"))) {
				if (fgets(ctl, sizeof(ctl), c) && strstr(ctl, "pids")) {
					snprintf(mnt, size, "%.*s", (int)size - 1, point);
					*version = 2;
					found = 1;
				}
				fclose(c);
			}
		}
	}
	fclose(f);
	return found ? 0 : -1;
}

int ipcc_cgroup_setup(struct ipcc_cgroup *cg, char *why, size_t size)
{
	char mnt[200];

	cg->run[0] = '\0';
	if (find_pids_mount(mnt, sizeof(mnt), &cg->version) < 0) {
		snprintf(why, size, "no cgroup hierarchy with the pids controller is mounted");
		return -1;
	}
	snprintf(cg->run, sizeof(cg->run), "%s/ipcconform-%ld", mnt, (long)getpid());
	if (mkdir(cg->run, 0755) < 0) {
		snprintf(why, size, "cannot create %s: %s", cg->run, strerror(errno));
		cg->run[0] = '\0';
		return -1;
	}
	/* v2 hands a controller down only where the parent enables it; the
	 * mount's root may not have pids enabled for its children yet. */
	if (cg->version == 2 && put(cg->run, "cgroup.subtree_control", "+pids") < 0) {
		char root[220];

		snprintf(root, sizeof(root), "%.*s", (int)(strrchr(cg->run, '/') - cg->run), cg->run);
		if (put(root, "cgroup.subtree_control", "+pids") < 0 ||
		    put(cg->run, "cgroup.subtree_control", "+pids") < 0) {
			snprintf(why, size, "cannot enable the pids controller under %s: %s", root,
				 strerror(errno));
			rmdir(cg->run);
			cg->run[0] = '\0';
			return -1;
		}
	}
	return 0;
}

/* A supervisor that was killed (by its own case) could not remove its
 * case's directory; by now the harness has killed and reaped everything
 * in it, so each one comes off. */
void ipcc_cgroup_teardown(struct ipcc_cgroup *cg)
{
	struct dirent *e;
	DIR *d;

	if (!cg->run[0])
		return;
	if ((d = opendir(cg->run))) {
		while ((e = readdir(d)))
			if (e->d_name[0] >= '0' && e->d_name[0] <= '9') {
				char path[520];

				snprintf(path, sizeof(path), "%s/%s", cg->run, e->d_name);
				rmdir(path);
			}
		closedir(d);
	}
	rmdir(cg->run);
	cg->run[0] = '\0';
}

int ipcc_cgroup_make(const struct ipcc_cgroup *cg, long max, char *path, size_t pathsize,
		     char *why, size_t size)
{
	char text[24];

	snprintf(path, pathsize, "%s/%ld", cg->run, (long)getpid());
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		snprintf(why, size, "mkdir %s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(text, sizeof(text), "%ld", max);
	if (put(path, "pids.max", text) < 0) {
		snprintf(why, size, "setting %s/pids.max: %s", path, strerror(errno));
		rmdir(path);
		return -1;
	}
	return 0;
}

int ipcc_cgroup_join(const char *path, char *why, size_t size)
{
	/* "0" is the writing process, in v1 and v2 alike. */
	if (put(path, "cgroup.procs", "0") < 0) {
		snprintf(why, size, "joining the case's cgroup %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void ipcc_cgroup_remove(const char *path)
{
	rmdir(path);
}
