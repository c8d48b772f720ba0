/* tmpdir.h: the run's temporary directory and each case's private one. */
#ifndef IPCC_TMPDIR_H
#define IPCC_TMPDIR_H

#include <stddef.h>

/* Creates $TMPDIR/ipcconform-XXXXXX (mode 0711: an unprivileged step of a
 * case may need to reach into its case's directory). NULL with err on failure. */
char *ipcc_tmp_run_dir(char *err, size_t errsize);
/* Creates <run>/<number> (mode 0700). NULL with err on failure. */
char *ipcc_tmp_case_dir(const char *run, int number, char *err, size_t errsize);
/* Removes a tree, whatever modes the case left in it. Returns 0, or -1
 * with err naming what could not be removed. Never follows symlinks. */
int ipcc_tmp_remove(const char *path, char *err, size_t errsize);

#endif
