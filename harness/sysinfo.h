/* sysinfo.h: what system a run is on, and which isolation layers it has.
 * Both go into --version and into every report's header, so that a report
 * never hides that a layer was missing. */
#ifndef IPCC_SYSINFO_H
#define IPCC_SYSINFO_H

#include <sys/types.h>

#include "cgroup.h"
#include "namespace.h"

struct ipcc_sysinfo {
	char os[65], kernel[65], kernel_build[65], arch[65];
	char libc[32], libc_version[32];
	long uid, euid;
	int under_valgrind;
};

enum ipcc_layer_state { IPCC_LAYER_ON, IPCC_LAYER_OFF };

struct ipcc_layer {
	const char *name;            /* "seccomp" */
	enum ipcc_layer_state state;
	char detail[512];            /* what it does, or why it is off */
};

#define IPCC_MAX_LAYERS 8

struct ipcc_isolation {
	struct ipcc_layer layer[IPCC_MAX_LAYERS];
	int n;
	int sandbox;                 /* 0 off, 1 on, 2 strict: what cases will get */
	struct ipcc_ns_plan ns;      /* the namespaces cases will get */
	struct ipcc_cgroup cg;       /* the run's pids cgroup (root); run[0] == 0: none */
};

void ipcc_sysinfo_get(struct ipcc_sysinfo *s);
/* Probes each layer. want_sandbox is --sandbox (0 off, 1 on, 2 strict),
 * want_namespaces --namespaces. */
void ipcc_isolation_probe(struct ipcc_isolation *iso, int want_sandbox, int want_namespaces);
/* Removes what the probe set up for the run (its cgroup). */
void ipcc_isolation_release(struct ipcc_isolation *iso);
/* What the cases will run under: 0 no filter, 1 the filter, 2 strict. */
int ipcc_isolation_sandbox_on(const struct ipcc_isolation *iso);

#endif
