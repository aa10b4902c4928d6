/* racelab check: check exercises as they stand (or the reference solutions) and report. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "report/report.h"
#include "state.h"

static const char usage_text[] =
	"usage: racelab check [options] [EXERCISE...]\n"
	"\n"
	"Checks each named exercise (a number such as 03, a prefix, or a full slug), or all of them,\n"
	"with ThreadSanitizer, Helgrind and the lock tracer, and prints findings like a compiler.\n"
	"\n"
	"  --solutions        check the reference solutions, each overlaid on its exercise\n"
	"  --seed N           one tracer run with schedule seed N (repeats a reported finding)\n"
	"  --explore N        search N controlled schedules (default: the manifest's explore)\n"
	"  --timeout S        seconds each run may take (default: the manifest's)\n"
	"  --jobs N           builds and runs in parallel (default 2)\n"
	"  --format FMT       text (default), json, junit, tap, gradescope or html (one page)\n"
	"  --output FILE      write the report there instead of standard output\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 all pass, 1 findings, 2 usage or manifest error, 3 internal error or\n"
	"missing tool (run `make deps`).\n";

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "solutions", no_argument, NULL, 'S' }, { "seed", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' }, { "jobs", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		{ "explore", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct check_opts co = CHECK_OPTS_INIT;
	struct course c = COURSE_INIT;
	struct result_set set = RESULT_SET_INIT;
	struct report_opts ro = { 0 };
	const struct report_ops *writer = NULL;
	const char *format = "text", *output = NULL;
	bool solutions = false, text;
	const struct manifest **todo = NULL;
	size_t ntodo = 0;
	int opt, rc = 0, passed, failed, skipped, errors;
	long v;
	FILE *out = stdout;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'S':
			solutions = true;
			break;
		case 's':
			if (!cli_number("check", "--seed", NULL, optarg, 0, INT_MAX, &co.seed))
				return 2;
			break;
		case 'x':
			if (!cli_number("check", "--explore", NULL, optarg, 0, MANIFEST_MAX_EXPLORE,
					&v))
				return 2;
			co.explore = (int)v;
			break;
		case 't':
			if (!cli_number("check", "--timeout", "seconds", optarg, 1, 3600, &v))
				return 2;
			co.timeout_s = (int)v;
			break;
		case 'j':
			if (!cli_number("check", "--jobs", NULL, optarg, 1, 64, &v))
				return 2;
			co.jobs = (int)v;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	writer = report_find(format);
	if (!writer) {
		fprintf(stderr, "racelab check: unknown format '%s' (%s)\n", format,
			report_names());
		return 2;
	}
	text = !strcmp(format, "text");
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	todo = calloc(c.nr + (size_t)argc, sizeof(*todo));
	if (!todo) {
		course_release(&c);
		return 3;
	}
	if (optind == argc) {
		for (size_t i = 0; i < c.nr; i++)
			todo[ntodo++] = &c.items[i];
	}
	for (int i = optind; i < argc; i++) {
		struct diag d = DIAG_INIT;
		const struct manifest *m = course_find(&c, argv[i], &d);

		if (!m) {
			rc = cli_error(&d);
			goto out;
		}
		todo[ntodo++] = m;
	}
	if (output) {
		out = fopen(output, "w");
		if (!out) {
			perror(output);
			rc = 3;
			goto out;
		}
	}
	ro.color = text && cli_use_color(out);
	ro.quote_source = true;
	ro.suite = solutions ? "racelab-solutions" : "racelab";
	ro.repeat_cmd = cli_repeat_check;
	ro.revealed_hints = cli_revealed_hints;
	ro.graph_base = c.root;
	co.root = c.root;
	co.support_dir = cli_support_dir();
	for (size_t i = 0; i < ntodo; i++) {
		struct exercise_result r = EXERCISE_RESULT_INIT;
		struct diag d = DIAG_INIT;
		char overlay[PATH_MAX];

		if (solutions) {
			snprintf(overlay, sizeof(overlay), "%s/solutions/%s", c.root, todo[i]->slug);
			if (access(overlay, R_OK) != 0) {
				fprintf(stderr, "racelab check: no solutions/%s in this kit\n",
					todo[i]->slug);
				rc = 2;
				goto out;
			}
			co.overlay_dir = overlay;
		}
		if (text && ntodo > 1 && isatty(fileno(stderr)))
			fprintf(stderr, "checking %s...\r", todo[i]->slug);
		pipeline_check(todo[i], &co, &r, &d);
		if (r.verdict == VERDICT_ERROR && d.code == RL_ERR_TOOL) {
			/* A missing tool fails every exercise the same way: say it once and stop. */
			exercise_result_release(&r);
			rc = cli_error(&d);
			goto out;
		}
		if (text)
			report_text_result(out, &r, &ro);
		if (result_set_add(&set, &r) != RL_ERR_OK) {
			exercise_result_release(&r);
			rc = 3;
			goto out;
		}
	}
	if (text) {
		report_text_summary(out, &set, &ro);
	} else {
		struct diag d = DIAG_INIT;

		if (writer->write(out, &set, &ro, &d) != RL_ERR_OK) {
			rc = cli_error(&d);
			goto out;
		}
	}
	if (!solutions) {
		struct diag d = DIAG_INIT;

		/* Progress is a convenience: a read-only checkout still gets its verdicts. */
		state_save_verdicts(c.root, &set, &d);
	}
	result_set_counts(&set, &passed, &failed, &skipped, &errors);
	rc = errors ? 3 : failed ? 1 : 0;
out:
	if (out && out != stdout && fclose(out) && !rc)
		rc = 3;
	result_set_release(&set);
	free(todo);
	course_release(&c);
	return rc;
}
