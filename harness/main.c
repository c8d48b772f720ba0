/* main.c: ipcconform's entry point: parse, plan, run, report, exit. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "expect.h"
#include "helpers.h"
#include "names.h"
#include "plan.h"
#include "report.h"
#include "runner.h"
#include "runtime.h"
#include "sandbox.h"
#include "suites.h"
#include "sysinfo.h"

#define EXIT_CONFORMS 0
#define EXIT_DEVIATES 1
#define EXIT_USAGE 2
#define EXIT_BROKE 99

/* Where this program lives, for exec'd helpers: /proc/self/exe where the
 * system has it, else argv[0] made absolute. */
static const char *find_self(const char *argv0)
{
	static char path[PATH_MAX];

#ifdef __linux__
	/* The link's target, not the link: under valgrind /proc/self/exe is
	 * valgrind itself, while readlink() of it gives the program. */
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n > 0) {
		path[n] = '\0';
		if (access(path, X_OK) == 0)
			return path;
	}
#endif
	if (strchr(argv0, '/') && realpath(argv0, path))
		return path;
	return argv0;
}

static void print_version(void)
{
	struct ipcc_sysinfo sys;
	struct ipcc_isolation iso;

	ipcc_sysinfo_get(&sys);
	ipcc_isolation_probe(&iso, 1, 1);
	ipcc_isolation_release(&iso);
	printf("ipcconform %s\n", PACKAGE_VERSION);
	printf("system: %s %s %s, %s %s\n", sys.os, sys.kernel, sys.arch, sys.libc,
	       sys.libc_version);
	printf("sandbox: %s\n", ipcc_sandbox_build());
	printf("isolation layers:\n");
	for (int i = 0; i < iso.n; i++)
		printf("  %-10s %s%s\n", iso.layer[i].name,
		       iso.layer[i].state == IPCC_LAYER_ON ? "on: " : "", iso.layer[i].detail);
	printf("suites:");
	/* Consecutive tables of one name are one suite spanning files. */
	for (size_t i = 0, n = 0; ipcc_suites[i]; i++) {
		n += ipcc_suites[i]->ncases;
		if (!ipcc_suites[i + 1] || strcmp(ipcc_suites[i + 1]->name, ipcc_suites[i]->name)) {
			printf(" %s (%zu cases)", ipcc_suites[i]->name, n);
			n = 0;
		}
	}
	printf("\n");
}

static int list_cases(const struct ipcc_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct ipcc_case *c = plan->cases[i].c;

		printf("%-48s %-20s %-6s %s\n", plan->cases[i].id, c->behaviours, c->cls, c->ref);
	}
	fflush(stdout);
	return ferror(stdout) ? EXIT_BROKE : EXIT_CONFORMS;
}

struct emitter {
	FILE *tap;
};

static int emit(void *ctx, const struct ipcc_result *r)
{
	return ipcc_tap_result(((struct emitter *)ctx)->tap, r);
}

static FILE *open_output(const char *path, const char *what)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fprintf(stderr, "ipcconform: cannot write the %s file '%s': %s\n", what, path,
			strerror(errno));
	return f;
}

static int run(const struct ipcc_options *o, struct ipcc_plan *plan, const char *self)
{
	struct ipcc_sysinfo sys;
	struct ipcc_isolation iso;
	struct ipcc_report_info info = { .version = PACKAGE_VERSION, .sys = &sys, .iso = &iso };
	struct ipcc_run_config cfg = { .jobs = o->jobs, .profile = o->profile,
				       .keep_going = o->keep_going, .self_exe = self };
	struct ipcc_run_stats stats;
	struct ipcc_result *results;
	struct emitter em = { .tap = stdout };
	FILE *json = NULL;
	enum ipcc_run_end end;
	char ended[600];
	time_t now = time(NULL);
	double start;
	size_t counts[IPCC_NOUTCOMES], ran;
	int status;

	/* A reader that goes away (| head) makes the report unwritable: an
	 * error the run reports (exit 99), not a death by SIGPIPE while the
	 * header is written, before the runner's own handling is in place. */
	signal(SIGPIPE, SIG_IGN);
	/* Files first: a path that cannot be written is a usage error, found
	 * before the run rather than after it. */
	if (o->tap_file && !(em.tap = open_output(o->tap_file, "--tap")))
		return EXIT_USAGE;
	if (o->json_file && !(json = open_output(o->json_file, "--json"))) {
		if (em.tap != stdout)
			fclose(em.tap);
		return EXIT_USAGE;
	}

	ipcc_sysinfo_get(&sys);
	ipcc_isolation_probe(&iso, o->sandbox, o->namespaces);
	cfg.sandbox = ipcc_isolation_sandbox_on(&iso);
	cfg.ns = &iso.ns;
	cfg.cg = iso.cg.run[0] ? &iso.cg : NULL;
	/* Without their own IPC and mount namespaces, cases share the host's
	 * objects; the census tells whose leftovers are whose only if one
	 * case runs at a time. */
	cfg.census = (iso.ns.flags & (CLONE_NEWIPC | CLONE_NEWNS)) != (CLONE_NEWIPC | CLONE_NEWNS);
	if (cfg.census && cfg.jobs > 1) {
		fprintf(stderr, "ipcconform: cases get no IPC namespace of their own here: running them "
			"one at a time (not -j %d), so that the census of IPC objects can tell whose "
			"leftovers are whose\n", cfg.jobs);
		cfg.jobs = 1;
	}
	cfg.multiplier = o->multiplier * (sys.under_valgrind ? 10.0 : 1.0);
	cfg.under_valgrind = sys.under_valgrind;
	info.profile = o->profile == IPCC_PROFILE_LINUX ? "linux" : "posix";
	info.jobs = cfg.jobs;
	info.multiplier = cfg.multiplier;
	info.planned = plan->n;
	strftime(info.started, sizeof(info.started), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));

	results = calloc(plan->n, sizeof(*results));
	if (!results) {
		ipcc_isolation_release(&iso);
		fprintf(stderr, "ipcconform: out of memory\n");
		return EXIT_BROKE;
	}
	ipcc_tap_begin(em.tap, &info);
	start = ipcc_now();
	end = ipcc_run(plan, &cfg, results, emit, &em, &stats);
	info.duration_s = ipcc_now() - start;
	ipcc_isolation_release(&iso);

	if (end == IPCC_RUN_INTERRUPTED)
		snprintf(ended, sizeof(ended), "interrupted by %s", ipcc_signal_name(stats.signo));
	else if (end == IPCC_RUN_HARNESS_BROKE)
		snprintf(ended, sizeof(ended), "the harness broke: %s", stats.err);
	if (end != IPCC_RUN_COMPLETE) {
		info.ended = ended;
		ipcc_tap_bail(em.tap, ended);
	}
	status = EXIT_CONFORMS;
	ipcc_count_outcomes(results, plan->n, counts, &ran);
	if (counts[IPCC_FAIL] || counts[IPCC_ERROR])
		status = EXIT_DEVIATES;
	if (end == IPCC_RUN_HARNESS_BROKE || stats.harness_errors)
		status = EXIT_BROKE;
	if (json && ipcc_json_write(json, &info, results, plan->n) < 0) {
		fprintf(stderr, "ipcconform: cannot write '%s': %s\n", o->json_file, strerror(errno));
		status = EXIT_BROKE;
	}
	if (json && fclose(json) != 0 && status != EXIT_BROKE) {
		fprintf(stderr, "ipcconform: cannot write '%s': %s\n", o->json_file, strerror(errno));
		status = EXIT_BROKE;
	}
	if (em.tap != stdout && fclose(em.tap) != 0) {
		fprintf(stderr, "ipcconform: cannot write '%s': %s\n", o->tap_file, strerror(errno));
		status = EXIT_BROKE;
	}
	ipcc_summary_write(stderr, &info, results, plan->n);
	for (size_t i = 0; i < plan->n; i++)
		ipcc_result_free(&results[i]);
	free(results);

	if (end == IPCC_RUN_INTERRUPTED) {
		/* End the way the signal would have ended us, so that a shell
		 * or make sees an interrupted command. */
		ipcc_plan_free(plan);
		ipcc_expect_free();
		signal(stats.signo, SIG_DFL);
		raise(stats.signo);
		return 128 + stats.signo;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct ipcc_options o;
	struct ipcc_plan plan;
	char err[600];
	const char *self = find_self(argv[0] ? argv[0] : "ipcconform");
	int status;

	if (ipcc_parse_args(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcconform: %s\nTry 'ipcconform --help'.\n", err);
		return EXIT_USAGE;
	}
	switch (o.cmd) {
	case IPCC_CMD_HELP:
		ipcc_usage();
		return EXIT_CONFORMS;
	case IPCC_CMD_VERSION:
		print_version();
		return EXIT_CONFORMS;
	case IPCC_CMD_HELPER:
		ipcc_rt.self_exe = self;
		return ipcc_helper_main(o.helper_argc, o.helper_argv);
	case IPCC_CMD_RUN:
	case IPCC_CMD_LIST:
		break;
	}
	if (ipcc_plan_build(&plan, ipcc_suites, o.suites, o.nsuites, o.filters, o.nfilters, err,
			    sizeof(err)) < 0) {
		fprintf(stderr, "ipcconform: %s\n", err);
		return EXIT_USAGE;
	}
	if (o.cmd == IPCC_CMD_LIST) {
		status = list_cases(&plan);
		ipcc_plan_free(&plan);
		return status;
	}
	if (o.expect_file && ipcc_expect_load(o.expect_file, &plan, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcconform: %s\n", err);
		ipcc_plan_free(&plan);
		return EXIT_USAGE;
	}
	status = run(&o, &plan, self);
	ipcc_plan_free(&plan);
	ipcc_expect_free();
	return status;
}
