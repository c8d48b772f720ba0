/* tmpdir.c: see tmpdir.h. */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpdir.h"
#include "util.h"

char *ipcc_tmp_run_dir(char *err, size_t errsize)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (!base || !*base)
		base = "/tmp";
	path = ipcc_strfmt("%s/ipcconform-XXXXXX", base);
	if (!mkdtemp(path)) {
		snprintf(err, errsize, "cannot create a temporary directory in %s: %s", base,
			 strerror(errno));
		free(path);
		return NULL;
	}
	if (chmod(path, 0711) < 0) {
		snprintf(err, errsize, "chmod %s: %s", path, strerror(errno));
		rmdir(path);
		free(path);
		return NULL;
	}
	return path;
}

char *ipcc_tmp_case_dir(const char *run, int number, char *err, size_t errsize)
{
	char *path = ipcc_strfmt("%s/%d", run, number);

	if (mkdir(path, 0700) < 0) {
		snprintf(err, errsize, "cannot create %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

/* Removes name under dirfd. A case may leave directories unreadable or
 * unwritable, so each directory is opened up before it is emptied; names
 * are collected before any is removed, since removing while reading a
 * directory may skip entries. */
static void remove_at(int parent, const char *name, int depth, char **failed)
{
	struct stat st;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	int fd;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		goto check;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(parent, name, 0);
		goto check;
	}
	if (depth > 64) {
		errno = ELOOP;
		goto check;
	}
	fchmodat(parent, name, 0700, 0);
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		goto check;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			names = ipcc_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = ipcc_xstrdup(e->d_name);
		}
	for (size_t i = 0; i < n; i++) {
		remove_at(dirfd(d), names[i], depth + 1, failed);
		free(names[i]);
	}
	free(names);
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
check:
	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !*failed)
		*failed = ipcc_strfmt("%s (%s)", name, strerror(errno));
}

int ipcc_tmp_remove(const char *path, char *err, size_t errsize)
{
	char *failed = NULL;

	remove_at(AT_FDCWD, path, 0, &failed);
	if (failed) {
		snprintf(err, errsize, "cannot remove %s", failed);
		free(failed);
		return -1;
	}
	return 0;
}
