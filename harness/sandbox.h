/* sandbox.h: the seccomp filter a case runs under.
 *
 * The filter denies, with EPERM, what no IPC case needs and what would reach
 * outside the case: rebooting, loading kernel code, mounting, setting the
 * clock, swap, io_uring (whose operations bypass seccomp), ptrace and
 * process_vm_readv/writev, and signals to
 * every process (kill(-1, ...)) or to the harness and its process group.
 *
 * It is compiled once per run, in the harness (ipcc_sandbox_prepare), and
 * each case process only installs the compiled program (ipcc_sandbox_enter):
 * generating it with libseccomp in every case cost 0.8 ms a case. */
#ifndef IPCC_SANDBOX_H
#define IPCC_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

/* Compiles the filter for a harness of this pid and process group. Returns
 * 0, or -1 with the reason in why. Without libseccomp in the build, -1. */
int ipcc_sandbox_prepare(pid_t harness_pid, pid_t harness_pgid, char *why, size_t size);
/* Installs the prepared filter in the calling process (setting
 * no_new_privs). Returns 0, or -1 with the reason in why. *listener gets
 * the seccomp notification descriptor when the denials are notified (the
 * supervisor answers them), else -1 and the kernel answers EPERM itself. */
int ipcc_sandbox_enter(int *listener, char *why, size_t size);
/* Whether denials can be notified to a supervisor (SCMP_ACT_NOTIFY). */
int ipcc_sandbox_can_notify(void);
/* The name of system call nr of audit architecture arch: "reboot". */
const char *ipcc_sandbox_call_name(unsigned arch, int nr, char *buf, size_t size);
/* "libseccomp 2.5.4" or why there is no sandbox in this build. */
const char *ipcc_sandbox_build(void);
/* Whether this build has the sandbox at all. */
int ipcc_sandbox_built(void);

#endif
