/* The course self-test's judgement: the checks an exercise owes, what each must show, the tally. */
#ifndef RACELAB_SELFTEST_H
#define RACELAB_SELFTEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/error.h"
#include "model/manifest.h"
#include "model/result.h"

/*
 * The three kinds of check: the exercise as shipped must fail with its manifest's kinds, the
 * reference solution (solutions/<slug>/) must pass, and each lazy fix (tests/kit/lazy/<slug>/NAME/)
 * must fail with the kinds that tests/kit/lazy/<slug>/expect names for it.
 */
#define SELFTEST_ANY_MAX 4

enum selftest_role { SELFTEST_EXERCISE, SELFTEST_SOLUTION, SELFTEST_LAZY };

enum selftest_outcome { SELFTEST_OK, SELFTEST_FAIL, SELFTEST_SKIP };

struct selftest_case {
	enum selftest_role role;
	char what[300];          /* "exercise", "solution", "lazy fix 'big-lock'" */
	char dir[PATH_MAX];      /* the overlay folder; empty for the exercise itself */
	unsigned expect_kinds;   /* finding kinds a failing check must show, every one (bit set) */
	/*
	 * Kinds of which a failing check must show at least one, per group (`sleep: too-slow | hang`):
	 * for a lazy fix that is still racy, which failure a run shows depends on the schedule, and
	 * each is the lesson.
	 */
	unsigned expect_any[SELFTEST_ANY_MAX];
	int nr_any;
	/*
	 * Set when the case cannot run: a declared folder that is missing, a folder nobody declared,
	 * an expect file that cannot be read. The check then fails without running (or is skipped
	 * when skip is set: the kit has no solutions/ at all, as a student tarball).
	 */
	char problem[512];
	bool skip;
};

struct selftest_plan {
	struct selftest_case *items;
	size_t nr, alloc;
};
#define SELFTEST_PLAN_INIT { NULL, 0, 0 }

/*
 * The checks one exercise owes, from what the kit declares rather than from what lies on disk, so
 * that a folder moved away is a failure and not one check fewer: one for the exercise; one for
 * its solution unless the manifest says `no_solution = yes`; one per line of
 * tests/kit/lazy/<slug>/expect (`NAME: kind, kind`) unless the manifest says `no_lazy_fixes = yes`.
 * A lazy-fix folder without a line, or a line without its folder, is a case with a problem. A kit
 * without solutions/ and tests/kit/lazy/ at all (the student tarball, see ci/stage.sh) owes the
 * same checks but skips them. Appends to p; RL_ERR_NOMEM (d set) is the only error.
 */
enum rl_err selftest_plan_exercise(const struct manifest *m, const char *root,
				   struct selftest_plan *p, struct diag *d);
void selftest_plan_release(struct selftest_plan *p);

/*
 * What one check of c made of r, with why (a line for people) and, for an unexpected verdict,
 * nothing more: the caller prints the findings. A skipped verdict (no CUDA device) is a skip; a
 * case with a problem fails (or skips) without looking at r, which may then be NULL.
 */
enum selftest_outcome selftest_judge(const struct selftest_case *c, const struct exercise_result *r,
				     char *why, size_t len);

struct selftest_tally {
	int passed, failed, skipped;
	int expected;            /* checks owed: each plan's cases times the repetitions */
};
#define SELFTEST_TALLY_INIT { 0, 0, 0, 0 }

void selftest_tally_add(struct selftest_tally *t, enum selftest_outcome o);
/* True when every owed check was made and none failed (skips allowed: the caller says so). */
bool selftest_tally_ok(const struct selftest_tally *t);

#endif
