/*
 * racelab selftest: the course proves itself, as rustlings' `dev check` does. Each exercise as
 * shipped must fail with every finding kind its manifest expects, its reference solution must
 * pass, and each lazy fix under tests/kit/lazy/<slug>/<variant>/ must fail with the kinds named
 * for it, on every repetition. What counts as ok lives in grade/selftest.c; this file runs the
 * checks and prints them.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "grade/selftest.h"

static const char usage_text[] =
	"usage: racelab selftest [--repeat N] [--jobs N] [--graphs DIR] [EXERCISE...]\n"
	"\n"
	"Checks that each exercise fails with its expected finding kinds, that its solution passes\n"
	"and that every lazy fix in tests/kit/lazy/ fails with the kinds its expect file names, N\n"
	"times (default 1). A missing solution or lazy fix is a failure. Ends with a line\n"
	"`selftest: P passed, F failed, S skipped of N expected checks`. Graphs go to DIR\n"
	"(default: graphs/ of the kit).\n";

/* "data-race [tsan, helgrind]; wrong-output [run]": which tool found what. */
static void describe(const struct exercise_result *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->findings.nr && used + 1 < len; i++) {
		const struct finding *f = &r->findings.items[i];

		used += (size_t)snprintf(buf + used, len - used, "%s%s [", i ? "; " : "",
					 finding_kind_name(f->kind));
		for (int t = 0, first = 1; t < TOOL__COUNT && used + 1 < len; t++)
			if (f->tools & (1u << t)) {
				used += (size_t)snprintf(buf + used, len - used, "%s%s",
							 first ? "" : ", ", tool_name(t));
				first = 0;
			}
		if (used + 1 < len)
			used += (size_t)snprintf(buf + used, len - used, "]");
	}
	if (!r->findings.nr)
		snprintf(buf, len, "no findings");
}

/* Under an unexpected verdict, every finding's place and message: enough to diagnose a flake. */
static void explain(const struct exercise_result *r)
{
	for (size_t i = 0; i < r->findings.nr; i++) {
		const struct finding *f = &r->findings.items[i];

		if (f->nlocs && f->locs[0].file)
			printf("       %s:%d: %s: %s\n", f->locs[0].file, f->locs[0].line,
			       finding_kind_name(f->kind), f->message ? f->message : "");
		else
			printf("       %s: %s\n", finding_kind_name(f->kind),
			       f->message ? f->message : "");
	}
}

/* Runs one check of the plan (unless it cannot run) and prints its line; judged by selftest.c. */
static void run_case(const struct manifest *m, struct check_opts *co,
		     const struct selftest_case *c, int rep, struct selftest_tally *t)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct diag d = DIAG_INIT;
	char details[2048] = "", why[1024];
	enum selftest_outcome o;
	bool ran = !c->problem[0], show;

	if (ran) {
		co->overlay_dir = c->dir[0] ? c->dir : NULL;
		pipeline_check(m, co, &r, &d);
		co->overlay_dir = NULL;
		describe(&r, details, sizeof(details));
	}
	o = selftest_judge(c, ran ? &r : NULL, why, sizeof(why));
	selftest_tally_add(t, o);
	/* Who found what, except under a solution that passed as it should (it found nothing). */
	show = ran && (o != SELFTEST_OK || c->role != SELFTEST_SOLUTION);
	if (o == SELFTEST_SKIP)
		printf("skip %s #%d %s: %s\n", m->slug, rep, c->what, why);
	else
		printf("%s %s #%d %s: %s%s%s\n", o == SELFTEST_OK ? "ok  " : "FAIL", m->slug, rep,
		       c->what, why, show ? " — " : "", show ? details : "");
	if (o == SELFTEST_FAIL && ran)
		explain(&r);
	fflush(stdout);
	exercise_result_release(&r);
}

int cmd_selftest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repeat", required_argument, NULL, 'r' }, { "jobs", required_argument, NULL, 'j' },
		{ "graphs", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct course c = COURSE_INIT;
	struct check_opts co = CHECK_OPTS_INIT;
	struct selftest_tally t = SELFTEST_TALLY_INIT;
	int opt, repeat = 1, rc;
	long v;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			if (!cli_number("selftest", "--repeat", NULL, optarg, 1, 1000, &v))
				return 2;
			repeat = (int)v;
			break;
		case 'j':
			if (!cli_number("selftest", "--jobs", NULL, optarg, 1, 64, &v))
				return 2;
			co.jobs = (int)v;
			break;
		case 'g':
			co.graphs_dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	co.root = c.root;
	co.support_dir = cli_support_dir();
	for (size_t i = 0; i < c.nr; i++) {
		const struct manifest *m = &c.items[i];
		struct selftest_plan plan = SELFTEST_PLAN_INIT;
		struct diag d = DIAG_INIT;
		enum rl_err err;
		bool wanted = optind == argc;

		for (int a = optind; a < argc && !wanted; a++)
			wanted = course_find(&c, argv[a], &d) == m;
		if (!wanted)
			continue;
		err = selftest_plan_exercise(m, c.root, &plan, &d);
		if (err != RL_ERR_OK) {
			rc = cli_error(&d);
			break;
		}
		t.expected += (int)plan.nr * repeat;
		for (int rep = 1; rep <= repeat; rep++)
			for (size_t k = 0; k < plan.nr; k++)
				run_case(m, &co, &plan.items[k], rep, &t);
		selftest_plan_release(&plan);
	}
	/* Every owed check made: a check that silently did not happen is a failure too. */
	if (t.passed + t.failed + t.skipped != t.expected) {
		printf("FAIL selftest: %d checks made, %d expected\n", t.passed + t.failed + t.skipped,
		       t.expected);
		t.failed++;
	}
	for (int a = optind; a < argc; a++) {
		struct diag d = DIAG_INIT;

		if (!course_find(&c, argv[a], &d)) {
			rc = cli_error(&d);
			t.failed++;
		}
	}
	printf("selftest: %d passed, %d failed, %d skipped of %d expected checks\n", t.passed,
	       t.failed, t.skipped, t.expected);
	course_release(&c);
	return rc ? rc : selftest_tally_ok(&t) ? 0 : 1;
}
