/* Tests of results: verdict names, a result set's counts and scores, ownership on add. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/result.h"

static void add(struct result_set *s, const char *name, enum verdict v, int score, int max)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;

	r.name = strdup(name);
	r.verdict = v;
	r.score = score;
	r.max_score = max;
	assert_int_equal(result_set_add(s, &r), RL_ERR_OK);
	/* The set took ownership: r is left empty. */
	assert_null(r.name);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(verdict_name(VERDICT_PASS), "pass");
	assert_string_equal(verdict_name(VERDICT_FAIL), "fail");
	assert_string_equal(verdict_name(VERDICT_SKIPPED), "skipped");
	assert_string_equal(verdict_name(VERDICT_ERROR), "error");
	assert_string_equal(verdict_name((enum verdict)42), "error");
}

static void test_counts_and_score(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	int p, f, sk, e, score, max;

	(void)state;
	for (int i = 0; i < 20; i++)
		add(&s, "01-lost-update", VERDICT_PASS, 10, 10);
	add(&s, "04-check-then-act", VERDICT_FAIL, 7, 10);
	add(&s, "22-cuda-reduction", VERDICT_SKIPPED, 0, 10);
	add(&s, "19-publication", VERDICT_ERROR, 0, 10);
	result_set_counts(&s, &p, &f, &sk, &e);
	assert_int_equal(p, 20);
	assert_int_equal(f, 1);
	assert_int_equal(sk, 1);
	assert_int_equal(e, 1);
	result_set_score(&s, &score, &max);
	assert_int_equal(score, 207);
	assert_int_equal(max, 230);
	result_set_release(&s);
	assert_int_equal(s.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_counts_and_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
