/* racelab analyze: every detector on any C program, no manifest needed. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "check/programs.h"
#include "model/util.h"
#include "report/report.h"

static const char usage_text[] =
	"usage: racelab analyze [options] FILE.c... [-- ARGS]\n"
	"       racelab analyze [options] DIR [-- ARGS]\n"
	"\n"
	"Builds the program from FILE.c... and runs it under ThreadSanitizer, Helgrind and the lock\n"
	"tracer. Any exit status other than 0 counts as wrong output. The headers (*.h) beside each\n"
	"FILE.c are copied along, so `#include \"local.h\"` builds as it does at home.\n"
	"Given a folder, analyses each of its programs in turn: every .c file that defines main() is\n"
	"one, built with the folder's .c files that define none (a homework folder of main-*.c\n"
	"beside their shared header). Exit status 1 when any program fails.\n"
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

/* The files named on the command line as one program; non-zero (an exit status) when they
 * cannot be: not a .c file (an argument meant for the program, before its --), too many. */
static int program_from_args(int argc, char **argv, struct program_set *out)
{
	struct program *p = calloc(1, sizeof(*p));

	if (!p)
		return 3;
	out->items = p;
	out->nr = 1;
	for (; optind < argc; optind++) {
		size_t len = strlen(argv[optind]);

		if (p->nfiles == MANIFEST_MAX_FILES) {
			fprintf(stderr, "racelab analyze: at most %d source files\n",
				MANIFEST_MAX_FILES);
			program_set_release(out);
			return 2;
		}
		if (len < 3 || (strcmp(argv[optind] + len - 2, ".c") &&
				strcmp(argv[optind] + len - 2, ".h"))) {
			fprintf(stderr, "racelab analyze: '%s' is not a .c file or a folder "
					"(program arguments go after --)\n", argv[optind]);
			program_set_release(out);
			return 2;
		}
		if (!(p->files[p->nfiles++] = strdup(argv[optind]))) {
			program_set_release(out);
			return 3;
		}
	}
	return 0;
}

/* After a folder's programs: "racelab analyze: 5 programs: 3 pass, 2 fail". */
static void print_tally(const struct result_set *s)
{
	int passed, failed, skipped, errors;

	result_set_counts(s, &passed, &failed, &skipped, &errors);
	printf("racelab analyze: %zu programs: %d pass, %d fail", s->nr, passed, failed);
	if (skipped)
		printf(", %d skipped", skipped);
	if (errors)
		printf(", %d error%s", errors, errors == 1 ? "" : "s");
	putchar('\n');
}

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
	struct program_set progs = PROGRAM_SET_INIT;
	struct result_set set = RESULT_SET_INIT;
	struct report_opts ro = { 0 };
	const struct report_ops *writer;
	const char *format = "text";
	struct diag d = DIAG_INIT;
	int opt, rc;
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
	if (optind == argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	writer = report_find(format);
	if (!writer) {
		fprintf(stderr, "racelab analyze: unknown format '%s' (%s)\n", format,
			report_names());
		return 2;
	}
	if (optind + 1 == argc && path_is_dir(argv[optind])) {
		if (program_set_from_dir(argv[optind], &progs, &d) != RL_ERR_OK)
			return cli_error(&d);
	} else if ((rc = program_from_args(argc, argv, &progs)) != 0) {
		return rc;
	}
	ao.support_dir = cli_support_dir();
	ro.color = !strcmp(format, "text") && cli_use_color(stdout);
	ro.quote_source = true;
	ro.suite = "racelab-analyze";
	ro.repeat_cmd = cli_repeat_analyze;
	rc = 0;
	for (size_t i = 0; i < progs.nr; i++) {
		struct exercise_result r = EXERCISE_RESULT_INIT;

		ao.files = (const char *const *)progs.items[i].files;
		ao.nfiles = progs.items[i].nfiles;
		if (pipeline_analyze(&ao, &r, &d) != RL_ERR_OK && r.verdict == VERDICT_ERROR) {
			exercise_result_release(&r);
			result_set_release(&set);
			program_set_release(&progs);
			return cli_error(&d);
		}
		if (r.verdict != VERDICT_PASS)
			rc = 1;
		if (result_set_add(&set, &r) != RL_ERR_OK) {
			exercise_result_release(&r);
			result_set_release(&set);
			program_set_release(&progs);
			return 3;
		}
		/* Text as each program is done: a folder's analysis takes a while. */
		if (!strcmp(format, "text")) {
			report_text_result(stdout, &set.items[set.nr - 1], &ro);
			fflush(stdout);
		}
	}
	program_set_release(&progs);
	if (!strcmp(format, "text")) {
		if (set.nr > 1)
			print_tally(&set);
	} else if (writer->write(stdout, &set, &ro, &d) != RL_ERR_OK) {
		rc = cli_error(&d);
	}
	result_set_release(&set);
	return rc;
}
