/* Unit tests for grade/selftest.c: the course self-test's own verdicts, plan and tally. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade/selftest.h"

static char kit[PATH_MAX];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", kit, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", kit, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void rm_rf(const char *rel)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/%s'", kit, rel);
	assert_int_equal(system(cmd), 0);
}

/* A kit whose 01-x has a solution and two lazy fixes: big-lock (too-slow), no-threads. */
static int kit_setup(void **state)
{
	(void)state;
	snprintf(kit, sizeof(kit), "/tmp/rl-selftest.XXXXXX");
	assert_non_null(mkdtemp(kit));
	dir("solutions");
	dir("solutions/01-x");
	dir("tests");
	dir("tests/kit");
	dir("tests/kit/lazy");
	dir("tests/kit/lazy/01-x");
	dir("tests/kit/lazy/01-x/big-lock");
	dir("tests/kit/lazy/01-x/no-threads");
	put("tests/kit/lazy/01-x/expect", "# why each fails\nbig-lock: too-slow\n\n"
	    "no-threads: wrong-output, too-slow | hang\n");
	return 0;
}

static int kit_teardown(void **state)
{
	(void)state;
	rm_rf("");
	return 0;
}

static struct manifest manifest(void)
{
	struct manifest m = MANIFEST_INIT;

	m.slug = "01-x";
	m.expect_kinds = 1u << FK_DATA_RACE;
	return m;
}

static struct exercise_result result(enum verdict v, int kind)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;

	r.verdict = v;
	if (kind >= 0)
		assert_int_equal(finding_list_add1(&r.findings, (enum finding_kind)kind, TOOL(TSAN),
						   NULL, 0, "x"), RL_ERR_OK);
	return r;
}

static enum selftest_outcome judge(enum selftest_role role, unsigned kinds, enum verdict v,
				   int kind, char *why, size_t len)
{
	struct selftest_case c = { .role = role, .expect_kinds = kinds };
	struct exercise_result r = result(v, kind);
	enum selftest_outcome o = selftest_judge(&c, &r, why, len);

	exercise_result_release(&r);
	return o;
}

static void test_exercise_that_passes_fails(void **state)
{
	char why[512];

	(void)state;
	assert_int_equal(judge(SELFTEST_EXERCISE, 1u << FK_DATA_RACE, VERDICT_PASS, -1, why,
			       sizeof(why)), SELFTEST_FAIL);
	assert_non_null(strstr(why, "verdict pass, expected fail"));
	assert_int_equal(judge(SELFTEST_EXERCISE, 1u << FK_DATA_RACE, VERDICT_ERROR, -1, why,
			       sizeof(why)), SELFTEST_FAIL);
	assert_int_equal(judge(SELFTEST_EXERCISE, 1u << FK_DATA_RACE, VERDICT_FAIL, FK_DATA_RACE,
			       why, sizeof(why)), SELFTEST_OK);
	assert_string_equal(why, "fails as expected");
}

static void test_missing_kind_fails(void **state)
{
	char why[512];

	(void)state;
	assert_int_equal(judge(SELFTEST_EXERCISE, 1u << FK_DATA_RACE | 1u << FK_DEADLOCK,
			       VERDICT_FAIL, FK_DEADLOCK, why, sizeof(why)), SELFTEST_FAIL);
	assert_non_null(strstr(why, "missing data-race"));
	assert_null(strstr(why, "missing deadlock"));
}

/* `too-slow | hang`: a still-racy lazy fix may show either, and must show one of them. */
static void test_one_of_group(void **state)
{
	struct selftest_case c = { .role = SELFTEST_LAZY, .nr_any = 1,
				   .expect_any = { 1u << FK_TOO_SLOW | 1u << FK_HANG } };
	struct exercise_result r;
	char why[512];

	(void)state;
	r = result(VERDICT_FAIL, FK_HANG);
	assert_int_equal(selftest_judge(&c, &r, why, sizeof(why)), SELFTEST_OK);
	exercise_result_release(&r);
	r = result(VERDICT_FAIL, FK_TOO_SLOW);
	assert_int_equal(selftest_judge(&c, &r, why, sizeof(why)), SELFTEST_OK);
	exercise_result_release(&r);
	r = result(VERDICT_FAIL, FK_WRONG_OUTPUT);
	assert_int_equal(selftest_judge(&c, &r, why, sizeof(why)), SELFTEST_FAIL);
	assert_non_null(strstr(why, "missing one of hang | too-slow"));
	exercise_result_release(&r);
}

static void test_solution_that_fails(void **state)
{
	char why[512];

	(void)state;
	assert_int_equal(judge(SELFTEST_SOLUTION, 0, VERDICT_FAIL, FK_DATA_RACE, why, sizeof(why)),
			 SELFTEST_FAIL);
	assert_int_equal(judge(SELFTEST_SOLUTION, 0, VERDICT_ERROR, -1, why, sizeof(why)),
			 SELFTEST_FAIL);
	assert_int_equal(judge(SELFTEST_SOLUTION, 0, VERDICT_PASS, -1, why, sizeof(why)),
			 SELFTEST_OK);
}

static void test_lazy_fix_that_passes_or_fails_otherwise(void **state)
{
	const unsigned slow = 1u << FK_TOO_SLOW;
	char why[512];

	(void)state;
	assert_int_equal(judge(SELFTEST_LAZY, slow, VERDICT_PASS, -1, why, sizeof(why)),
			 SELFTEST_FAIL);
	/* A build error is a fail verdict, but not the reason the lazy fix is wrong. */
	assert_int_equal(judge(SELFTEST_LAZY, slow, VERDICT_FAIL, FK_BUILD_ERROR, why, sizeof(why)),
			 SELFTEST_FAIL);
	assert_non_null(strstr(why, "missing too-slow"));
	assert_int_equal(judge(SELFTEST_LAZY, slow, VERDICT_FAIL, FK_TOO_SLOW, why, sizeof(why)),
			 SELFTEST_OK);
}

static void test_skipped_verdict_and_problems(void **state)
{
	struct selftest_case c = { .role = SELFTEST_SOLUTION };
	struct exercise_result r = result(VERDICT_SKIPPED, -1);
	char why[512];

	(void)state;
	r.note = strdup("no CUDA device");
	assert_int_equal(selftest_judge(&c, &r, why, sizeof(why)), SELFTEST_SKIP);
	assert_string_equal(why, "no CUDA device");
	exercise_result_release(&r);
	/* A case that cannot run fails without a result, or skips when it says so. */
	snprintf(c.problem, sizeof(c.problem), "solutions/01-x is missing");
	assert_int_equal(selftest_judge(&c, NULL, why, sizeof(why)), SELFTEST_FAIL);
	assert_string_equal(why, "solutions/01-x is missing");
	c.skip = true;
	assert_int_equal(selftest_judge(&c, NULL, why, sizeof(why)), SELFTEST_SKIP);
}

static void plan(const struct manifest *m, struct selftest_plan *p)
{
	struct diag d = DIAG_INIT;

	selftest_plan_release(p);
	assert_int_equal(selftest_plan_exercise(m, kit, p, &d), RL_ERR_OK);
}

static const struct selftest_case *find(const struct selftest_plan *p, const char *what)
{
	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->items[i].what, what))
			return &p->items[i];
	return NULL;
}

static void test_plan_complete_kit(void **state)
{
	struct manifest m = manifest();
	struct selftest_plan p = SELFTEST_PLAN_INIT;
	const struct selftest_case *c;

	(void)state;
	plan(&m, &p);
	assert_int_equal(p.nr, 4);
	assert_int_equal(p.items[0].role, SELFTEST_EXERCISE);
	assert_int_equal(p.items[0].expect_kinds, 1u << FK_DATA_RACE);
	assert_int_equal(p.items[1].role, SELFTEST_SOLUTION);
	assert_non_null(strstr(p.items[1].dir, "/solutions/01-x"));
	c = find(&p, "lazy fix 'big-lock'");
	assert_non_null(c);
	assert_int_equal(c->expect_kinds, 1u << FK_TOO_SLOW);
	assert_string_equal(c->problem, "");
	c = find(&p, "lazy fix 'no-threads'");
	assert_non_null(c);
	assert_int_equal(c->expect_kinds, 1u << FK_WRONG_OUTPUT);
	assert_int_equal(c->nr_any, 1);
	assert_int_equal(c->expect_any[0], 1u << FK_TOO_SLOW | 1u << FK_HANG);
	for (size_t i = 0; i < p.nr; i++)
		assert_string_equal(p.items[i].problem, "");
	selftest_plan_release(&p);
}

static void test_plan_missing_solution(void **state)
{
	struct manifest m = manifest();
	struct selftest_plan p = SELFTEST_PLAN_INIT;
	const struct selftest_case *c;
	char why[1024];

	(void)state;
	rm_rf("solutions/01-x");
	plan(&m, &p);
	c = find(&p, "solution");
	assert_non_null(c);
	assert_false(c->skip);
	assert_int_equal(selftest_judge(c, NULL, why, sizeof(why)), SELFTEST_FAIL);
	assert_non_null(strstr(why, "solutions/01-x is missing"));
	/* None on purpose: then none is owed. */
	m.no_solution = true;
	plan(&m, &p);
	assert_null(find(&p, "solution"));
	assert_int_equal(p.nr, 3);
	selftest_plan_release(&p);
}

static void test_plan_missing_lazy_fixes(void **state)
{
	struct manifest m = manifest();
	struct selftest_plan p = SELFTEST_PLAN_INIT;
	const struct selftest_case *c;

	(void)state;
	/* A declared fix whose folder went away still owes its check, which fails. */
	rm_rf("tests/kit/lazy/01-x/big-lock");
	plan(&m, &p);
	assert_int_equal(p.nr, 4);
	c = find(&p, "lazy fix 'big-lock'");
	assert_non_null(c);
	assert_non_null(strstr(c->problem, "is missing"));
	assert_false(c->skip);
	/* A folder the expect file does not name has no expected kind: a failure too. */
	dir("tests/kit/lazy/01-x/big-lock");
	dir("tests/kit/lazy/01-x/stray");
	plan(&m, &p);
	c = find(&p, "lazy fix 'stray'");
	assert_non_null(c);
	assert_non_null(strstr(c->problem, "names no expected kinds"));
	rm_rf("tests/kit/lazy/01-x/stray");
	/* The whole folder gone: one failing case, unless the manifest says none is meant. */
	rm_rf("tests/kit/lazy/01-x");
	plan(&m, &p);
	assert_int_equal(p.nr, 3);
	assert_string_not_equal(p.items[2].problem, "");
	assert_false(p.items[2].skip);
	m.no_lazy_fixes = true;
	plan(&m, &p);
	assert_int_equal(p.nr, 2);
	selftest_plan_release(&p);
}

static void test_plan_bad_expect_file(void **state)
{
	struct manifest m = manifest();
	struct selftest_plan p = SELFTEST_PLAN_INIT;
	const struct selftest_case *c;

	(void)state;
	put("tests/kit/lazy/01-x/expect", "big-lock: dead-lock\nno-threads:\n");
	plan(&m, &p);
	c = find(&p, "lazy fix 'big-lock'");
	assert_non_null(c);
	assert_non_null(strstr(c->problem, "unknown finding kind 'dead-lock'"));
	c = find(&p, "lazy fix 'no-threads'");
	assert_non_null(c);
	assert_non_null(strstr(c->problem, "no finding kind named"));
	put("tests/kit/lazy/01-x/expect", "big-lock: too-slow | hangs\n");
	plan(&m, &p);
	assert_non_null(strstr(p.items[p.nr - 1].problem, "unknown finding kind 'hangs'"));
	put("tests/kit/lazy/01-x/expect", "big-lock too-slow\n");
	plan(&m, &p);
	assert_non_null(strstr(p.items[p.nr - 1].problem, "expected `NAME: kind, kind`"));
	/* The manifest says none, yet there are some: a contradiction worth failing on. */
	m.no_lazy_fixes = true;
	plan(&m, &p);
	assert_non_null(strstr(p.items[p.nr - 1].problem, "no_lazy_fixes"));
	selftest_plan_release(&p);
}

static void test_plan_student_kit_skips(void **state)
{
	struct manifest m = manifest();
	struct selftest_plan p = SELFTEST_PLAN_INIT;
	char why[1024];

	(void)state;
	rm_rf("solutions");
	rm_rf("tests/kit/lazy");
	plan(&m, &p);
	assert_int_equal(p.nr, 3);
	assert_int_equal(selftest_judge(&p.items[1], NULL, why, sizeof(why)), SELFTEST_SKIP);
	assert_string_equal(why, "no solutions/ in this kit");
	assert_int_equal(selftest_judge(&p.items[2], NULL, why, sizeof(why)), SELFTEST_SKIP);
	selftest_plan_release(&p);
}

static void test_tally(void **state)
{
	struct selftest_tally t = SELFTEST_TALLY_INIT;

	(void)state;
	t.expected = 3;
	selftest_tally_add(&t, SELFTEST_OK);
	selftest_tally_add(&t, SELFTEST_SKIP);
	/* A check owed but never made. */
	assert_false(selftest_tally_ok(&t));
	selftest_tally_add(&t, SELFTEST_OK);
	assert_true(selftest_tally_ok(&t));
	assert_int_equal(t.passed, 2);
	assert_int_equal(t.skipped, 1);
	selftest_tally_add(&t, SELFTEST_FAIL);
	assert_false(selftest_tally_ok(&t));
	assert_int_equal(t.failed, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exercise_that_passes_fails),
		cmocka_unit_test(test_missing_kind_fails),
		cmocka_unit_test(test_one_of_group),
		cmocka_unit_test(test_solution_that_fails),
		cmocka_unit_test(test_lazy_fix_that_passes_or_fails_otherwise),
		cmocka_unit_test(test_skipped_verdict_and_problems),
		cmocka_unit_test_setup_teardown(test_plan_complete_kit, kit_setup, kit_teardown),
		cmocka_unit_test_setup_teardown(test_plan_missing_solution, kit_setup, kit_teardown),
		cmocka_unit_test_setup_teardown(test_plan_missing_lazy_fixes, kit_setup, kit_teardown),
		cmocka_unit_test_setup_teardown(test_plan_bad_expect_file, kit_setup, kit_teardown),
		cmocka_unit_test_setup_teardown(test_plan_student_kit_skips, kit_setup, kit_teardown),
		cmocka_unit_test(test_tally),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
