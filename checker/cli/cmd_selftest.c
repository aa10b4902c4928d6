/*
 * racelab selftest: the course proves itself, as rustlings' `dev check` does. Each exercise as
 * shipped must fail with every finding kind its manifest expects, its reference solution must
 * pass, and each lazy fix under tests/kit/lazy/<slug>/<variant>/ must fail, on every repetition.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"

static const char usage_text[] =
	"usage: racelab selftest [--repeat N] [--jobs N] [--graphs DIR] [EXERCISE...]\n"
	"\n"
	"Checks that each exercise fails with its expected finding kinds, that its solution passes\n"
	"and that every lazy fix in tests/kit/lazy/ fails, N times (default 1). Ends with a line\n"
	"`selftest: P passed, F failed`. Graphs go to DIR (default: graphs/ of the kit).\n";

struct tally {
	int passed, failed, skipped;
};

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

static void verdict_line(struct tally *t, bool ok, bool skipped, const char *slug, int rep,
			 const char *what, const char *why, const char *details)
{
	if (skipped) {
		t->skipped++;
		printf("skip %s #%d %s: %s\n", slug, rep, what, why);
	} else {
		ok ? t->passed++ : t->failed++;
		printf("%s %s #%d %s: %s%s%s\n", ok ? "ok  " : "FAIL", slug, rep, what, why,
		       details[0] ? " — " : "", details);
	}
	fflush(stdout);
}

static void check_broken(const struct manifest *m, struct check_opts *co, int rep, struct tally *t)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct diag d = DIAG_INIT;
	char details[2048], why[512] = "";
	bool ok;

	co->overlay_dir = NULL;
	pipeline_check(m, co, &r, &d);
	describe(&r, details, sizeof(details));
	ok = r.verdict == VERDICT_FAIL;
	if (r.verdict != VERDICT_FAIL)
		snprintf(why, sizeof(why), "verdict %s, expected fail%s%s", verdict_name(r.verdict),
			 r.note ? ": " : "", r.note ? r.note : "");
	for (int k = 0; k < FK__COUNT; k++)
		if ((m->expect_kinds & (1u << k)) && !finding_list_has_kind(&r.findings, k)) {
			size_t used = strlen(why);

			ok = false;
			snprintf(why + used, sizeof(why) - used, "%smissing %s", used ? "; " : "",
				 finding_kind_name(k));
		}
	if (ok)
		snprintf(why, sizeof(why), "fails as expected");
	verdict_line(t, ok, r.verdict == VERDICT_SKIPPED, m->slug, rep, "exercise",
		     r.verdict == VERDICT_SKIPPED && r.note ? r.note : why, details);
	if (!ok && r.verdict != VERDICT_SKIPPED)
		explain(&r);
	exercise_result_release(&r);
}

/* expect_pass: the solution; otherwise a lazy fix that must fail. */
static void check_overlay(const struct manifest *m, struct check_opts *co, const char *dir,
			  const char *what, bool expect_pass, int rep, struct tally *t)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct diag d = DIAG_INIT;
	char details[2048], why[512];
	bool ok;

	co->overlay_dir = dir;
	pipeline_check(m, co, &r, &d);
	describe(&r, details, sizeof(details));
	ok = r.verdict == (expect_pass ? VERDICT_PASS : VERDICT_FAIL);
	snprintf(why, sizeof(why), "%s (expected %s)%s%s", verdict_name(r.verdict),
		 expect_pass ? "pass" : "fail", r.note ? ": " : "", r.note ? r.note : "");
	verdict_line(t, ok, r.verdict == VERDICT_SKIPPED, m->slug, rep, what,
		     r.verdict == VERDICT_SKIPPED && r.note ? r.note : why,
		     ok && expect_pass ? "" : details);
	if (!ok && r.verdict != VERDICT_SKIPPED)
		explain(&r);
	exercise_result_release(&r);
	co->overlay_dir = NULL;
}

static void check_lazy(const struct manifest *m, struct check_opts *co, const char *root, int rep,
		       struct tally *t)
{
	char dir[PATH_MAX];
	struct dirent **names = NULL;
	int n;

	snprintf(dir, sizeof(dir), "%s/tests/kit/lazy/%s", root, m->slug);
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX], what[300];

		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", dir, names[i]->d_name);
			snprintf(what, sizeof(what), "lazy fix '%s'", names[i]->d_name);
			if (access(sub, X_OK) == 0)
				check_overlay(m, co, sub, what, false, rep, t);
		}
		free(names[i]);
	}
	free(names);
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
	struct tally t = { 0 };
	int opt, repeat = 1, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			repeat = atoi(optarg);
			if (repeat < 1 || repeat > 1000) {
				fprintf(stderr, "racelab selftest: --repeat takes 1 to 1000\n");
				return 2;
			}
			break;
		case 'j':
			co.jobs = atoi(optarg);
			if (co.jobs < 1 || co.jobs > 64) {
				fprintf(stderr, "racelab selftest: --jobs takes 1 to 64\n");
				return 2;
			}
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
		char sol[PATH_MAX];
		bool wanted = optind == argc;

		for (int a = optind; a < argc && !wanted; a++) {
			struct diag d = DIAG_INIT;

			wanted = course_find(&c, argv[a], &d) == m;
		}
		if (!wanted)
			continue;
		snprintf(sol, sizeof(sol), "%s/solutions/%s", c.root, m->slug);
		for (int rep = 1; rep <= repeat; rep++) {
			check_broken(m, &co, rep, &t);
			/* A student tarball ships no solutions: there is nothing to prove then. */
			if (access(sol, X_OK) == 0)
				check_overlay(m, &co, sol, "solution", true, rep, &t);
			check_lazy(m, &co, c.root, rep, &t);
		}
	}
	for (int a = optind; a < argc; a++) {
		struct diag d = DIAG_INIT;

		if (!course_find(&c, argv[a], &d)) {
			rc = cli_error(&d);
			t.failed++;
		}
	}
	printf("selftest: %d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped);
	course_release(&c);
	return rc ? rc : t.failed ? 1 : 0;
}
