/*
 * racelab run: build an exercise and run it once, plainly, with its output, as each README's
 * "run it" suggests. No detector runs: `racelab check` is the one that judges.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/run_once.h"
#include "cli.h"
#include "commands.h"
#include "report/report.h"

static const char usage_text[] =
	"usage: racelab run [--timeout S] EXERCISE\n"
	"\n"
	"Builds the exercise (gcc -g -O0) in a private copy and runs it once in the sandbox, with\n"
	"its arguments, showing what it prints and whether it ended as its manifest expects. No\n"
	"detector runs: `racelab check EXERCISE` judges the concurrency.\n"
	"\n"
	"  --timeout S   seconds the run may take (default: the manifest's)\n"
	"  -h, --help    this text\n"
	"\n"
	"Exit status: 0 it ended as expected, 1 it did not (or did not build), 2 usage, 3 internal.\n";

/* What the program printed, one line at a time, cleaned of terminal control sequences. */
static void show(const char *label, const char *text)
{
	const char *p = text;

	if (!text || !*text)
		return;
	printf("--- %s ---\n", label);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		if (line)
			report_put_clean(stdout, line);
		fputc('\n', stdout);
		free(line);
		p += len + (nl != NULL);
	}
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_opts co = CHECK_OPTS_INIT;
	struct course c = COURSE_INIT;
	struct run_once r = RUN_ONCE_INIT;
	struct diag d = DIAG_INIT;
	const struct manifest *m;
	char how[160];
	int opt, rc;
	long v;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (!cli_number("run", "--timeout", "seconds", optarg, 1, 3600, &v))
				return 2;
			co.timeout_s = (int)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage_text, stderr);
		return 2;
	}
	if ((rc = cli_load_course(&c)))
		return rc;
	if (!(m = course_find(&c, argv[optind], &d))) {
		rc = cli_error(&d);
		goto out;
	}
	co.root = c.root;
	printf("running %s once (%s)...\n", m->slug, m->title ? m->title : "");
	fflush(stdout);
	if (run_once(m, &co, &r, &d) != RL_ERR_OK) {
		rc = cli_error(&d);
		goto out;
	}
	if (r.built) {
		show("stdout", r.out);
		show("stderr", r.err);
		spawn_result_describe(&r.result, how, sizeof(how));
		printf("--- %s; the manifest expects exit status %d ---\n", how, m->exit_status);
	}
	for (size_t i = 0; i < r.findings.nr; i++) {
		const struct finding *f = &r.findings.items[i];

		printf("%s: ", finding_kind_name(f->kind));
		report_put_clean(stdout, f->message);
		fputc('\n', stdout);
	}
	rc = finding_list_errors(&r.findings) ? 1 : 0;
	printf(rc ? "It did not end as expected. `racelab check %s` tells why.\n"
		  : "It ended as expected this time; `racelab check %s` looks for what a run hides.\n",
	       m->slug);
out:
	run_once_release(&r);
	course_release(&c);
	return rc;
}
