/* namespace.c: see namespace.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "namespace.h"
#include "procfs.h"

#ifdef __linux__
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int write_file(pid_t pid, const char *name, const char *text, char *why, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, name);
	if (ipcc_write_small(path, text) == 0)
		return 0;
	snprintf(why, size, "writing '%.40s' to %s: %s", text, path, strerror(errno));
	return -1;
}

int ipcc_ns_map(const struct ipcc_ns_plan *plan, pid_t pid, int sock, char *why, size_t size)
{
	char req, map[64];
	ssize_t n;
	int rc = 0;

	if (!(plan->flags & CLONE_NEWUSER))
		return 0;
	while ((n = read(sock, &req, 1)) < 0 && errno == EINTR)
		;
	if (n != 1) {
		/* The case process could not unshare, and said why elsewhere. */
		snprintf(why, size, "the process never asked for its id maps%s%s", n < 0 ? ": " : "",
			 n < 0 ? strerror(errno) : "");
		return -1;
	}
	if (plan->map_all) {
		rc = write_file(pid, "uid_map", "0 0 4294967295", why, size);
		if (rc == 0)
			rc = write_file(pid, "gid_map", "0 0 4294967295", why, size);
	} else {
		/* A single gid may be mapped without privilege only once
		 * setgroups(2) is denied in the namespace. */
		rc = write_file(pid, "setgroups", "deny", why, size);
		snprintf(map, sizeof(map), "%lu %lu 1", (unsigned long)plan->uid, (unsigned long)plan->uid);
		if (rc == 0)
			rc = write_file(pid, "uid_map", map, why, size);
		snprintf(map, sizeof(map), "%lu %lu 1", (unsigned long)plan->gid, (unsigned long)plan->gid);
		if (rc == 0)
			rc = write_file(pid, "gid_map", map, why, size);
	}
	req = rc == 0 ? 'y' : 'n';
	if (send(sock, &req, 1, MSG_NOSIGNAL) != 1 && rc == 0) {
		snprintf(why, size, "answering the case: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

/* A new network namespace has lo, down. */
static int loopback_up(char *why, size_t size)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (s < 0) {
		snprintf(why, size, "socket for lo: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	if (rc < 0)
		snprintf(why, size, "bringing up lo: %s", strerror(errno));
	close(s);
	return rc;
}

/* The new user namespace gave this process every capability in it. An
 * unprivileged run must not keep them: CAP_IPC_OWNER over its own IPC
 * namespace would void the very permission rules cases check. */
static int drop_capabilities(char *why, size_t size)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d) < 0) {
		snprintf(why, size, "capset (dropping the namespace's capabilities): %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* POSIX shared memory and named semaphores live as files in /dev/shm,
 * which no IPC namespace covers: a private tmpfs there, in a private mount
 * namespace, takes them away with the case too. Mounts made here must not
 * propagate back to the host, hence MS_PRIVATE first. */
static int private_dev_shm(char *why, size_t size)
{
	struct stat st;

	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(why, size, "making the mount namespace private: %s", strerror(errno));
		return -1;
	}
	if (stat("/dev/shm", &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* nothing to cover: shm_open has another home here */
	if (mount("ipcconform-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=1777,size=256m") < 0) {
		snprintf(why, size, "mounting a private /dev/shm: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int ipcc_ns_enter(const struct ipcc_ns_plan *plan, int sock, char *why, size_t size)
{
	char req = 'm';

	if (!plan->flags)
		return 0;
	if (unshare(plan->flags) < 0) {
		snprintf(why, size, "unshare(%s): %s",
			 ipcc_ns_names(plan->flags, (char[40]){ 0 }, 40), strerror(errno));
		return -1;
	}
	if (plan->flags & CLONE_NEWUSER) {
		if (send(sock, &req, 1, MSG_NOSIGNAL) != 1 || read(sock, &req, 1) != 1 || req != 'y') {
			snprintf(why, size, "the supervisor could not map the user namespace's ids");
			return -1;
		}
	}
	if ((plan->flags & CLONE_NEWNET) && loopback_up(why, size) < 0)
		return -1;
	if ((plan->flags & CLONE_NEWNS) && private_dev_shm(why, size) < 0)
		return -1;
	if ((plan->flags & CLONE_NEWUSER) && !plan->map_all)
		return drop_capabilities(why, size);
	return 0;
}

/* One attempt in a throw-away process, the way a case will do it. */
static int try_plan(const struct ipcc_ns_plan *plan, char *why, size_t size)
{
	int sv[2], err[2], status;
	ssize_t n;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return snprintf(why, size, "socketpair: %s", strerror(errno)), -1;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(sv[0]);
		close(sv[1]);
		return snprintf(why, size, "pipe: %s", strerror(errno)), -1;
	}
	pid = fork();
	if (pid == 0) {
		char msg[200] = "";

		close(sv[0]);
		close(err[0]);
		if (ipcc_ns_enter(plan, sv[1], msg, sizeof(msg)) < 0) {
			if (write(err[1], msg, strlen(msg)) < 0)
				_exit(2);
			_exit(1);
		}
		_exit(0);
	}
	close(sv[1]);
	close(err[1]);
	if (pid < 0) {
		close(sv[0]);
		close(err[0]);
		return snprintf(why, size, "fork: %s", strerror(errno)), -1;
	}
	why[0] = '\0';
	if (ipcc_ns_map(plan, pid, sv[0], why, size) < 0 && !why[0])
		snprintf(why, size, "mapping ids failed");
	close(sv[0]);
	/* The child's reason, when it has one, is the first cause. */
	n = read(err[0], why, size - 1);
	if (n > 0)
		why[n] = '\0';
	close(err[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!why[0])
		snprintf(why, size, "the probe process failed");
	return -1;
}

int ipcc_ns_probe(struct ipcc_ns_plan *plan, char *what, size_t size)
{
	char why[200], names[32];

	plan->uid = geteuid();
	plan->gid = getegid();
	plan->map_all = plan->uid == 0;
	plan->flags = CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS;
	if (try_plan(plan, why, sizeof(why)) == 0) {
		snprintf(what, size, "%s (a private /dev/shm) per case%s",
			 ipcc_ns_names(plan->flags, names, sizeof(names)),
			 plan->map_all ? " (every id mapped to itself)" : " (this uid mapped to itself)");
		return 0;
	}
	if (plan->uid == 0) {
		char why2[200];

		plan->flags = CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS;
		plan->map_all = 0;
		if (try_plan(plan, why2, sizeof(why2)) == 0) {
			snprintf(what, size, "ipc, net, mount (a private /dev/shm) per case; no user "
				 "namespace (%s)", why);
			return 0;
		}
	}
	plan->flags = 0;
	snprintf(what, size, "off: %s", why);
	return -1;
}

int ipcc_ns_needs_map(const struct ipcc_ns_plan *plan)
{
	return (plan->flags & CLONE_NEWUSER) != 0;
}

const char *ipcc_ns_names(int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", flags & CLONE_NEWUSER ? "user, " : "",
		 flags & CLONE_NEWIPC ? "ipc, " : "", flags & CLONE_NEWNET ? "net, " : "",
		 flags & CLONE_NEWNS ? "mount, " : "");
	size_t n = strlen(buf);
	if (n >= 2)
		buf[n - 2] = '\0';
	return buf;
}

#else

int ipcc_ns_probe(struct ipcc_ns_plan *plan, char *what, size_t size)
{
	plan->flags = 0;
	snprintf(what, size, "off: this system has no namespaces");
	return -1;
}

int ipcc_ns_enter(const struct ipcc_ns_plan *plan, int sock, char *why, size_t size)
{
	(void)plan, (void)sock, (void)why, (void)size;
	return 0;
}

int ipcc_ns_map(const struct ipcc_ns_plan *plan, pid_t pid, int sock, char *why, size_t size)
{
	(void)plan, (void)pid, (void)sock, (void)why, (void)size;
	return 0;
}

int ipcc_ns_needs_map(const struct ipcc_ns_plan *plan)
{
	(void)plan;
	return 0;
}

const char *ipcc_ns_names(int flags, char *buf, size_t size)
{
	(void)flags;
	snprintf(buf, size, "none");
	return buf;
}

#endif
