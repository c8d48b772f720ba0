/* cli.c: parsing the command line. Every mistake gets a message that names
 * the argument at fault; main() turns -1 into exit status 2. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void ipcc_usage(void)
{
	fputs("Usage: ipcconform run [OPTION]...    check this system's IPC, TAP on stdout\n"
	      "       ipcconform list [--suite NAME]... [--filter GLOB]...\n"
	      "       ipcconform --help | --version\n"
	      "\n"
	      "Run options:\n"
	      "  --suite NAME              run this suite (repeatable; default: all)\n"
	      "  --filter GLOB             run the cases whose id or catalogue ID matches\n"
	      "                            (repeatable; e.g. 'pipe.nonblock_*', 'PIPE-01?')\n"
	      "  -j, --jobs N              run N cases at a time (default 1)\n"
	      "  --tap FILE                write TAP to FILE instead of stdout\n"
	      "  --json FILE               write the run as JSON to FILE (docs/json-report.md)\n"
	      "  --timeout-multiplier X    scale every case's deadline by X (default 1;\n"
	      "                            10 more under valgrind)\n"
	      "  --profile linux|posix     judge class L (Linux ABI) cases, or only observe\n"
	      "                            them (default: linux on Linux, else posix)\n"
	      "  --expect FILE             deviations expected on this system: lines of\n"
	      "                            'GLOB reason'; a match that fails is xfail\n"
	      "  --sandbox on|off|strict   the seccomp filter around each case (default on):\n"
	      "                            a denied call fails with EPERM and is named in the\n"
	      "                            case's report; strict: it ends the case as an error\n"
	      "  --namespaces on|off       new user, IPC and network namespaces per case\n"
	      "                            (default on where the system allows them)\n"
	      "  --keep-going              when the harness cannot start a case, report it as\n"
	      "                            an error and go on instead of stopping the run\n"
	      "\n"
	      "Exit status: 0 every judged case conforms; 1 a case failed or could not be\n"
	      "judged; 2 usage error; 99 the harness itself broke. A run stopped by a signal\n"
	      "ends by that signal after writing its reports.\n",
	      stdout);
}

static int __attribute__((format(printf, 3, 4))) bad(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -1;
}

static int add(const char **list, size_t *n, const char *v, const char *opt, char *err,
	       size_t size)
{
	if (*n >= 64)
		return bad(err, size, "too many %s options (at most 64)", opt);
	if (!*v)
		return bad(err, size, "%s needs a non-empty value", opt);
	list[(*n)++] = v;
	return 0;
}

enum { OPT_SUITE = 256, OPT_FILTER, OPT_TAP, OPT_JSON, OPT_MULT, OPT_PROFILE, OPT_EXPECT,
       OPT_SANDBOX, OPT_NAMESPACES, OPT_KEEP };

static const struct option run_opts[] = {
	{ "suite", required_argument, NULL, OPT_SUITE },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "jobs", required_argument, NULL, 'j' },
	{ "tap", required_argument, NULL, OPT_TAP },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "timeout-multiplier", required_argument, NULL, OPT_MULT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "sandbox", required_argument, NULL, OPT_SANDBOX },
	{ "namespaces", required_argument, NULL, OPT_NAMESPACES },
	{ "keep-going", no_argument, NULL, OPT_KEEP },
	{ NULL, 0, NULL, 0 },
};

static int parse_jobs(const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end || n < 1 || n > 256)
		return -1;
	*out = (int)n;
	return 0;
}

static int parse_multiplier(const char *v, double *out)
{
	char *end;
	double x = strtod(v, &end);

	if (end == v || *end || !isfinite(x) || x <= 0 || x > 1000)
		return -1;
	*out = x;
	return 0;
}

/* The option the last getopt_long() error was about, for the message. */
static const char *culprit(char **argv, int optind_now)
{
	return argv[optind_now - 1] ? argv[optind_now - 1] : "?";
}

int ipcc_parse_args(int argc, char **argv, struct ipcc_options *o, char *err, size_t errsize)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	int c;

	memset(o, 0, sizeof(*o));
	o->jobs = 1;
	o->multiplier = 1.0;
	o->sandbox = 1;
	o->namespaces = 1;
#ifdef __linux__
	o->profile = IPCC_PROFILE_LINUX;
#else
	o->profile = IPCC_PROFILE_POSIX;
#endif
	if (!cmd)
		return bad(err, errsize, "no command given (run, list, --help or --version)");
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		o->cmd = IPCC_CMD_HELP;
		return argc > 2 ? bad(err, errsize, "unexpected argument '%s'", argv[2]) : 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
		o->cmd = IPCC_CMD_VERSION;
		return argc > 2 ? bad(err, errsize, "unexpected argument '%s'", argv[2]) : 0;
	}
	if (!strcmp(cmd, "__helper")) {
		o->cmd = IPCC_CMD_HELPER;
		o->helper_argc = argc - 2;
		o->helper_argv = argv + 2;
		return argc > 2 ? 0 : bad(err, errsize, "__helper needs a helper name");
	}
	if (!strcmp(cmd, "run"))
		o->cmd = IPCC_CMD_RUN;
	else if (!strcmp(cmd, "list"))
		o->cmd = IPCC_CMD_LIST;
	else
		return bad(err, errsize, "unknown command '%s' (run, list, --help or --version)", cmd);

	/* Options follow the command: parse argv[1..] as if argv[1] were the
	 * program name. optind 0 makes glibc forget any earlier parse. */
	argc--;
	argv++;
#ifdef __GLIBC__
	optind = 0;
#else
	optind = 1;
#endif
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:j:", run_opts, NULL)) != -1) {
		if (o->cmd == IPCC_CMD_LIST && c != OPT_SUITE && c != OPT_FILTER && c != '?' && c != ':')
			return bad(err, errsize, "option '%s' is for 'run', not 'list'",
				   culprit(argv, optind));
		switch (c) {
		case OPT_SUITE:
			if (add(o->suites, &o->nsuites, optarg, "--suite", err, errsize) < 0)
				return -1;
			break;
		case OPT_FILTER:
			if (add(o->filters, &o->nfilters, optarg, "--filter", err, errsize) < 0)
				return -1;
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) < 0)
				return bad(err, errsize, "-j/--jobs takes a whole number from 1 to 256, not '%s'",
					   optarg);
			break;
		case OPT_TAP:
			o->tap_file = optarg;
			break;
		case OPT_JSON:
			o->json_file = optarg;
			break;
		case OPT_EXPECT:
			o->expect_file = optarg;
			break;
		case OPT_MULT:
			if (parse_multiplier(optarg, &o->multiplier) < 0)
				return bad(err, errsize,
					   "--timeout-multiplier takes a number above 0 and at most 1000, not '%s'",
					   optarg);
			break;
		case OPT_PROFILE:
			if (!strcmp(optarg, "linux"))
				o->profile = IPCC_PROFILE_LINUX;
			else if (!strcmp(optarg, "posix"))
				o->profile = IPCC_PROFILE_POSIX;
			else
				return bad(err, errsize, "--profile is 'linux' or 'posix', not '%s'", optarg);
			break;
		case OPT_SANDBOX:
			if (!strcmp(optarg, "on"))
				o->sandbox = 1;
			else if (!strcmp(optarg, "off"))
				o->sandbox = 0;
			else if (!strcmp(optarg, "strict"))
				o->sandbox = 2;
			else
				return bad(err, errsize, "--sandbox is 'on', 'off' or 'strict', not '%s'",
					   optarg);
			break;
		case OPT_NAMESPACES:
			if (!strcmp(optarg, "on"))
				o->namespaces = 1;
			else if (!strcmp(optarg, "off"))
				o->namespaces = 0;
			else
				return bad(err, errsize, "--namespaces is 'on' or 'off', not '%s'", optarg);
			break;
		case OPT_KEEP:
			o->keep_going = 1;
			break;
		case ':':
			return bad(err, errsize, "option '%s' needs a value", culprit(argv, optind));
		default:
			if (optopt > 0 && optopt < 256) {
				char opt[3] = { '-', (char)optopt, '\0' };
				return bad(err, errsize, "unknown option '%s'", opt);
			}
			return bad(err, errsize, "unknown option '%s'", culprit(argv, optind));
		}
	}
	if (optind < argc)
		return bad(err, errsize, "unexpected argument '%s'", argv[optind]);
	if (o->tap_file && o->json_file && !strcmp(o->tap_file, o->json_file))
		return bad(err, errsize, "--tap and --json name the same file '%s'", o->tap_file);
	return 0;
}
