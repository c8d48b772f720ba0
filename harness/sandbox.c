/* sandbox.c: the seccomp filter (see sandbox.h). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

#ifdef HAVE_SECCOMP
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

/* Calls no IPC case makes; names unknown to an architecture are skipped. */
static const char *const denied[] = {
	"reboot", "kexec_load", "kexec_file_load", "init_module", "finit_module",
	"delete_module", "mount", "umount", "umount2", "pivot_root", "swapon", "swapoff",
	"settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "stime",
	"io_uring_setup", "io_uring_enter", "io_uring_register", "fsopen", "fsmount",
	"move_mount", "open_tree",
	/* Reaching into another process's memory or registers: no IPC case
	 * needs it, and the harness is such a process. */
	"ptrace", "process_vm_readv", "process_vm_writev",
};

static int deny_pid(scmp_filter_ctx ctx, uint32_t act, int nr, long pid)
{
	/* The pid argument is an int; libc may leave the upper half of the
	 * register as it likes, so compare the low 32 bits only. */
	return seccomp_rule_add(ctx, act, nr, 1,
				SCMP_A0_64(SCMP_CMP_MASKED_EQ, 0xffffffffu,
					   (scmp_datum_t)(unsigned int)pid));
}

/* Signals that would leave the case: kill(-1) reaches every process the
 * uid may signal; the harness and its group are not the case's to signal. */
static int deny_signals(scmp_filter_ctx ctx, uint32_t act, pid_t harness_pid,
			pid_t harness_pgid, const char **failed)
{
	static const char *const by_pid[] = { "kill", "tkill", "tgkill", "rt_sigqueueinfo",
					      "rt_tgsigqueueinfo" };
	int rc = 0, nr = seccomp_syscall_resolve_name("kill");

	*failed = "kill";
	if (nr != __NR_SCMP_ERROR) {
		rc = deny_pid(ctx, act, nr, -1);
		if (rc == 0)
			rc = deny_pid(ctx, act, nr, -(long)harness_pgid);
	}
	for (size_t i = 0; i < sizeof(by_pid) / sizeof(by_pid[0]) && rc == 0; i++) {
		*failed = by_pid[i];
		nr = seccomp_syscall_resolve_name(by_pid[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = deny_pid(ctx, act, nr, harness_pid);
	}
	return rc;
}

/* The compiled programs, shared by every case of the run (inherited by
 * fork): one whose denials go to the supervisor as notifications (it
 * answers EPERM and names the call in the report), and one that answers
 * EPERM in the kernel, for where notifications are not available. */
struct program {
	struct sock_filter *insns;
	unsigned short len;
};
static struct program notify_prog, errno_prog;

/* libseccomp 2.5 exports BPF to a descriptor only: a temporary file. */
static int export_program(scmp_filter_ctx ctx, struct program *out, char *why, size_t size)
{
	struct sock_filter *program;
	FILE *f = tmpfile();
	long n;
	int rc;

	if (!f) {
		snprintf(why, size, "tmpfile: %s", strerror(errno));
		return -1;
	}
	rc = seccomp_export_bpf(ctx, fileno(f));
	n = rc == 0 ? ftell(f) : -1;
	if (rc == 0 && n < 0)
		n = lseek(fileno(f), 0, SEEK_END);
	if (rc < 0 || n <= 0 || n % (long)sizeof(struct sock_filter) ||
	    n / (long)sizeof(struct sock_filter) > 0xffff) {
		snprintf(why, size, "seccomp_export_bpf: %s", rc < 0 ? strerror(-rc) : "bad size");
		fclose(f);
		return -1;
	}
	free(out->insns);
	out->insns = NULL;
	program = malloc((size_t)n);
	if (!program || pread(fileno(f), program, (size_t)n, 0) != n) {
		snprintf(why, size, "reading the compiled filter back: %s", strerror(errno));
		fclose(f);
		return -1;
	}
	out->insns = program;
	out->len = (unsigned short)(n / (long)sizeof(struct sock_filter));
	fclose(f);
	return 0;
}

/* The architectures a process of this build can make system calls in:
 * the native one and its compatibility modes (an x86-64 program can enter
 * the kernel as i386 with int $0x80). A filter that lacked them would let
 * those calls through, or kill the case for a "bad architecture". */
static int add_arches(scmp_filter_ctx ctx)
{
	static const struct { uint32_t native, extra[2]; } compat[] = {
		{ SCMP_ARCH_X86_64, { SCMP_ARCH_X86, SCMP_ARCH_X32 } },
		{ SCMP_ARCH_AARCH64, { SCMP_ARCH_ARM, 0 } },
		{ SCMP_ARCH_PPC64, { SCMP_ARCH_PPC, 0 } },
		{ SCMP_ARCH_S390X, { SCMP_ARCH_S390, 0 } },
		{ SCMP_ARCH_MIPS64, { SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64N32 } },
		{ SCMP_ARCH_MIPSEL64, { SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64N32 } },
	};
	uint32_t native = seccomp_arch_native();

	for (size_t i = 0; i < sizeof(compat) / sizeof(compat[0]); i++)
		if (compat[i].native == native)
			for (int j = 0; j < 2 && compat[i].extra[j]; j++) {
				int rc = seccomp_arch_add(ctx, compat[i].extra[j]);

				if (rc < 0 && rc != -EEXIST)
					return rc;
			}
	return 0;
}

static int compile(uint32_t act, struct program *out, pid_t harness_pid, pid_t harness_pgid,
		   char *why, size_t size)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	const char *failed = "the architectures";
	int rc;

	if (!ctx) {
		snprintf(why, size, "seccomp_init failed");
		return -1;
	}
	rc = add_arches(ctx);
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]) && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(denied[i]);

		failed = denied[i];
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, act, nr, 0);
	}
	if (rc == 0)
		rc = deny_signals(ctx, act, harness_pid, harness_pgid, &failed);
	if (rc < 0)
		snprintf(why, size, "seccomp rule for %s: %s", failed, strerror(-rc));
	if (rc == 0)
		rc = export_program(ctx, out, why, size);
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

int ipcc_sandbox_prepare(pid_t harness_pid, pid_t harness_pgid, char *why, size_t size)
{
	char ignored[160];

	if (compile(SCMP_ACT_ERRNO(EPERM), &errno_prog, harness_pid, harness_pgid, why, size) < 0)
		return -1;
	/* libseccomp refuses NOTIFY where the kernel (or valgrind) lacks it:
	 * then there is only the EPERM program. */
	if (compile(SCMP_ACT_NOTIFY, &notify_prog, harness_pid, harness_pgid, ignored,
		    sizeof(ignored)) < 0) {
		free(notify_prog.insns);
		notify_prog.insns = NULL;
	}
	return 0;
}

int ipcc_sandbox_enter(int *listener, char *why, size_t size)
{
	struct sock_fprog prog = { .len = errno_prog.len, .filter = errno_prog.insns };

	*listener = -1;
	if (!errno_prog.insns) {
		snprintf(why, size, "no filter was prepared");
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(why, size, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
		return -1;
	}
#if defined(SYS_seccomp) && defined(SECCOMP_FILTER_FLAG_SPEC_ALLOW)
	/* The filter guards against accidents, not speculative-execution
	 * attacks: without SPEC_ALLOW the kernel turns on its store-bypass
	 * mitigation for the case, which made each case 0.4 ms slower here.
	 * Kernels (or valgrind) without seccomp(2) get prctl below. */
#ifdef SECCOMP_FILTER_FLAG_NEW_LISTENER
	if (notify_prog.insns) {
		struct sock_fprog np = { .len = notify_prog.len, .filter = notify_prog.insns };
		long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				  SECCOMP_FILTER_FLAG_SPEC_ALLOW | SECCOMP_FILTER_FLAG_NEW_LISTENER, &np);

		if (fd >= 0) {
			*listener = (int)fd;
			return 0;
		}
	}
#endif
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog) == 0)
		return 0;
#endif
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(why, size, "prctl(PR_SET_SECCOMP): %s", strerror(errno));
		return -1;
	}
	return 0;
}

int ipcc_sandbox_can_notify(void)
{
	return notify_prog.insns != NULL;
}

const char *ipcc_sandbox_call_name(unsigned arch, int nr, char *buf, size_t size)
{
	char *name = seccomp_syscall_resolve_num_arch(arch, nr);

	if (arch != seccomp_arch_native())
		snprintf(buf, size, "%s (syscall %d of %s)", name ? name : "?", nr,
			 arch == SCMP_ARCH_X86 ? "i386" : arch == SCMP_ARCH_X32 ? "x32"
			 : "a compat architecture");
	else
		snprintf(buf, size, "%s", name ? name : "an unnamed call");
	free(name);
	return buf;
}

const char *ipcc_sandbox_build(void)
{
	static char text[48];
	const struct scmp_version *v = seccomp_version();

	snprintf(text, sizeof(text), "libseccomp %u.%u.%u", v->major, v->minor, v->micro);
	return text;
}

int ipcc_sandbox_built(void)
{
	return 1;
}

#else

int ipcc_sandbox_prepare(pid_t harness_pid, pid_t harness_pgid, char *why, size_t size)
{
	(void)harness_pid;
	(void)harness_pgid;
	snprintf(why, size, "built without libseccomp");
	return -1;
}

int ipcc_sandbox_enter(int *listener, char *why, size_t size)
{
	*listener = -1;
	snprintf(why, size, "built without libseccomp");
	return -1;
}

int ipcc_sandbox_can_notify(void)
{
	return 0;
}

const char *ipcc_sandbox_call_name(unsigned arch, int nr, char *buf, size_t size)
{
	(void)arch;
	snprintf(buf, size, "syscall %d", nr);
	return buf;
}

const char *ipcc_sandbox_build(void)
{
	return "not built (configured --without-seccomp or libseccomp not found)";
}

int ipcc_sandbox_built(void)
{
	return 0;
}

#endif
