/* racelab analyze: every detector on any C program, no manifest needed. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "report/report.h"

static const char usage_text[] =
	"usage: racelab analyze [options] FILE.c... [-- ARGS]\n"
	"\n"
	"Builds the program from FILE.c... and runs it under ThreadSanitizer, Helgrind and the lock\n"
	"tracer. Any exit status other than 0 counts as wrong output. The headers (*.h) beside each\n"
	"FILE.c are copied along, so `#include \"local.h\"` builds as it does at home.\n"
	"\n"
	"  --format FMT   text (default), json, junit, tap, gradescope or html (one page)\n"
	"  --timeout S    seconds each run may take (default 10)\n"
	"  --runs N       tracer runs, each with its own schedule seed (default 3)\n"
	"  --seed N       one tracer run with seed N\n"
	"  --explore N    search N controlled schedules (default 64)\n"
	"  --cflags FLAGS extra compiler flags, e.g. \"-DN=4\"\n"
	"  --libs FLAGS   extra link flags, e.g. \"-lrt\"\n"
	"  --jobs N       builds and runs in parallel (default 2)\n"
	"  -h, --help     this text\n";

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' }, { "timeout", required_argument, NULL, 't' },
		{ "runs", required_argument, NULL, 'r' }, { "seed", required_argument, NULL, 's' },
		{ "cflags", required_argument, NULL, 'c' }, { "jobs", required_argument, NULL, 'j' },
		{ "libs", required_argument, NULL, 'l' },
		{ "explore", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct analyze_opts ao = { .seed = -1, .jobs = 2, .explore = -1 };
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct result_set set = RESULT_SET_INIT;
	struct report_opts ro = { 0 };
	const struct report_ops *writer;
	const char *format = "text";
	const char *files[16];
	struct diag d = DIAG_INIT;
	int opt, nfiles = 0, rc;
	long v;

	/* Split at "--" first: what follows is the program's, and getopt must not permute it. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			ao.args = (const char *const *)&argv[i + 1];
			argv[i] = NULL;
			argc = i;
			break;
		}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 't':
			if (!cli_number("analyze", "--timeout", "seconds", optarg, 1, 3600, &v))
				return 2;
			ao.timeout_s = (int)v;
			break;
		case 'r':
			if (!cli_number("analyze", "--runs", NULL, optarg, 1, 50, &v))
				return 2;
			ao.runs = (int)v;
			break;
		case 's':
			if (!cli_number("analyze", "--seed", NULL, optarg, 0, INT_MAX, &ao.seed))
				return 2;
			break;
		case 'x':
			if (!cli_number("analyze", "--explore", NULL, optarg, 0, MANIFEST_MAX_EXPLORE,
					&v))
				return 2;
			ao.explore = (int)v;
			break;
		case 'c':
			ao.cflags = optarg;
			break;
		case 'l':
			ao.libs = optarg;
			break;
		case 'j':
			if (!cli_number("analyze", "--jobs", NULL, optarg, 1, 64, &v))
				return 2;
			ao.jobs = (int)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	for (; optind < argc; optind++) {
		size_t len = strlen(argv[optind]);

		if (nfiles == 16) {
			fprintf(stderr, "racelab analyze: at most 16 source files\n");
			return 2;
		}
		if (len < 3 || (strcmp(argv[optind] + len - 2, ".c") &&
				strcmp(argv[optind] + len - 2, ".h"))) {
			fprintf(stderr, "racelab analyze: '%s' is not a .c file (program arguments "
					"go after --)\n", argv[optind]);
			return 2;
		}
		files[nfiles++] = argv[optind];
	}
	if (!nfiles) {
		fputs(usage_text, stderr);
		return 2;
	}
	writer = report_find(format);
	if (!writer) {
		fprintf(stderr, "racelab analyze: unknown format '%s' (%s)\n", format,
			report_names());
		return 2;
	}
	ao.files = files;
	ao.nfiles = (size_t)nfiles;
	ao.support_dir = cli_support_dir();
	if (pipeline_analyze(&ao, &r, &d) != RL_ERR_OK && r.verdict == VERDICT_ERROR) {
		exercise_result_release(&r);
		return cli_error(&d);
	}
	rc = r.verdict == VERDICT_PASS ? 0 : 1;
	ro.color = !strcmp(format, "text") && cli_use_color(stdout);
	ro.quote_source = true;
	ro.suite = "racelab-analyze";
	ro.repeat_cmd = cli_repeat_analyze;
	if (result_set_add(&set, &r) != RL_ERR_OK) {
		exercise_result_release(&r);
		return 3;
	}
	if (!strcmp(format, "text")) {
		report_text_result(stdout, &set.items[0], &ro);
	} else if (writer->write(stdout, &set, &ro, &d) != RL_ERR_OK) {
		rc = cli_error(&d);
	}
	result_set_release(&set);
	return rc;
}
