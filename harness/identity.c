/* identity.c: switching a process of a case to the unprivileged user.
 *
 * Cases that check permission rules (EACCES, EPERM) need a second uid. The
 * case process runs as root for those (IPCC_NEED_NOBODY), forks, and the
 * child becomes nobody: groups dropped first, then the gid, then the uid,
 * since after setuid() the process may no longer change the others. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "case.h"

/* "nobody" from the user database, or 65534 where it has no entry: a uid
 * nothing owns is all the cases need. */
void ipcc_nobody_ids(uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam("nobody");

	*uid = pw ? pw->pw_uid : 65534;
	*gid = pw ? pw->pw_gid : 65534;
}

void ipcc_become_nobody_(const char *file, int line)
{
	uid_t uid;
	gid_t gid;

	ipcc_nobody_ids(&uid, &gid);
	if (setgroups(0, NULL) == -1 || setgid(gid) == -1 || setuid(uid) == -1)
		ipcc_setup_failed_(file, line, "cannot become nobody (uid %ld): %s", (long)uid,
				   strerror(errno));
	if (geteuid() != uid || getuid() != uid)
		ipcc_setup_failed_(file, line, "still uid %ld after setuid(%ld)", (long)geteuid(),
				   (long)uid);
}
