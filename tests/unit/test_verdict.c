/* Tests of the verdict: which findings fail an exercise, its verdict and its score. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/verdict.h"

static struct manifest manifest(int points, int perf_points)
{
	struct manifest m = MANIFEST_INIT;

	m.slug = "01-lost-update";
	m.points = points;
	m.perf_points = perf_points;
	return m;
}

static void add(struct exercise_result *r, enum finding_kind kind, enum severity sev)
{
	struct finding f = FINDING_INIT;

	f.kind = kind;
	f.severity = sev;
	f.tools = TOOL(RUN);
	f.message = strdup(finding_kind_name(kind));
	assert_int_equal(finding_list_add(&r->findings, &f), RL_ERR_OK);
}

static int score(const struct manifest *m, enum verdict v, const enum finding_kind *kinds,
		 const enum severity *sevs, size_t n)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;
	int sc;

	r.verdict = v;
	for (size_t i = 0; i < n; i++)
		add(&r, kinds[i], sevs[i]);
	sc = verdict_score(m, &r);
	exercise_result_release(&r);
	return sc;
}

static void test_score_rule(void **state)
{
	static const enum finding_kind slow[] = { FK_TOO_SLOW };
	static const enum finding_kind slow_race[] = { FK_TOO_SLOW, FK_DATA_RACE };
	static const enum finding_kind slow_leak[] = { FK_TOO_SLOW, FK_THREAD_LEAK };
	static const enum severity err1[] = { SEV_ERROR };
	static const enum severity err2[] = { SEV_ERROR, SEV_ERROR };
	static const enum severity err_warn[] = { SEV_ERROR, SEV_WARNING };
	struct manifest m = manifest(10, 3), no_perf = manifest(10, 0), greedy = manifest(5, 8);

	(void)state;
	assert_int_equal(score(&m, VERDICT_PASS, NULL, NULL, 0), 10);
	/* Race fixed but too slow: partial credit. */
	assert_int_equal(score(&m, VERDICT_FAIL, slow, err1, 1), 7);
	/* Too slow and still racy: nothing. */
	assert_int_equal(score(&m, VERDICT_FAIL, slow_race, err2, 2), 0);
	/* A warning alongside does not cost the partial credit... */
	assert_int_equal(score(&m, VERDICT_FAIL, slow_leak, err_warn, 2), 7);
	/* ...unless the manifest promotes it to a failure. */
	m.fail_on = 1u << FK_THREAD_LEAK;
	assert_int_equal(score(&m, VERDICT_FAIL, slow_leak, err_warn, 2), 0);
	m.fail_on = 0;
	/* No [perf] points: no partial credit. */
	assert_int_equal(score(&no_perf, VERDICT_FAIL, slow, err1, 1), 0);
	/* perf points above the points never give a negative score. */
	assert_int_equal(score(&greedy, VERDICT_FAIL, slow, err1, 1), 0);
	/* A fail with no failing finding shows no fix: 0. */
	assert_int_equal(score(&m, VERDICT_FAIL, NULL, NULL, 0), 0);
	assert_int_equal(score(&m, VERDICT_SKIPPED, NULL, NULL, 0), 0);
	assert_int_equal(score(&m, VERDICT_ERROR, slow, err1, 1), 0);
}

static void test_fail_on_promotes(void **state)
{
	struct manifest m = manifest(10, 0);
	struct exercise_result r = EXERCISE_RESULT_INIT;

	(void)state;
	add(&r, FK_THREAD_LEAK, SEV_WARNING);
	/* A warning alone passes... */
	assert_false(verdict_finding_fails(&m, &r.findings.items[0]));
	verdict_apply_fail_on(&m, &r.findings);
	assert_int_equal(r.findings.items[0].severity, SEV_WARNING);
	assert_int_equal(verdict_of(&r.findings), VERDICT_PASS);
	/* ...until the manifest's fail_on names its kind; other kinds stay warnings. */
	m.fail_on = 1u << FK_THREAD_LEAK;
	add(&r, FK_STARVATION, SEV_WARNING);
	assert_true(verdict_finding_fails(&m, &r.findings.items[0]));
	assert_false(verdict_finding_fails(&m, &r.findings.items[1]));
	verdict_apply_fail_on(&m, &r.findings);
	assert_int_equal(r.findings.items[0].severity, SEV_ERROR);
	assert_int_equal(r.findings.items[1].severity, SEV_WARNING);
	assert_int_equal(verdict_of(&r.findings), VERDICT_FAIL);
	exercise_result_release(&r);
}

static void test_verdict_of(void **state)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;

	(void)state;
	assert_int_equal(verdict_of(&r.findings), VERDICT_PASS);
	add(&r, FK_DATA_RACE, SEV_ERROR);
	assert_int_equal(verdict_of(&r.findings), VERDICT_FAIL);
	exercise_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_rule),
		cmocka_unit_test(test_fail_on_promotes),
		cmocka_unit_test(test_verdict_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
