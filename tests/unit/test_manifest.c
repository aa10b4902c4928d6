/* Manifest parsing: every key, defaults, and errors that name file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "manifest.h"

#define DIR FIXTURES_DIR "/manifests/"

static void test_good(void **state)
{
	struct manifest m;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(manifest_load(&m, DIR "good", &d), RL_ERR_OK);
	assert_string_equal(m.slug, "good");
	assert_string_equal(m.title, "A good manifest");
	assert_int_equal(m.order, 7);
	assert_int_equal(m.points, 12);
	assert_int_equal(m.nsources, 1);
	assert_string_equal(m.sources[0], "prog.c");
	assert_true(manifest_is_editable(&m, "prog.c"));
	assert_false(manifest_is_editable(&m, "exercise.ini"));
	assert_int_equal(m.nargs, 2);
	assert_string_equal(m.args[1], "fast");
	assert_string_equal(m.cflags, "-DN=3");
	assert_string_equal(m.stdout_regex, "^total = [0-9]+$");
	assert_int_equal(m.expect_kinds, (1u << FK_DATA_RACE) | (1u << FK_WRONG_OUTPUT));
	assert_true(m.detectors.tsan);
	assert_false(m.detectors.helgrind);
	assert_true(m.detectors.lockgraph);
	assert_int_equal(m.runs, 2);
	assert_int_equal(m.timeout_s, 4);
	assert_int_equal(m.min_threads, 3);
	assert_int_equal(m.fail_on, 1u << FK_THREAD_LEAK);
	assert_int_equal(m.hang_ms, 1500); /* default */
	assert_int_equal(m.nbaseline_args, 2);
	assert_true(m.min_speedup > 1.49 && m.min_speedup < 1.51);
	assert_int_equal(m.perf_points, 4);
	manifest_release(&m);
}

/* Each bad manifest fails with RL_ERR_MANIFEST and a message holding `what`. */
static void expect_error(const char *dir, const char *what)
{
	struct manifest m;
	struct diag d = DIAG_INIT;

	assert_int_equal(manifest_load(&m, dir, &d), RL_ERR_MANIFEST);
	if (!strstr(d.msg, what))
		fail_msg("'%s' does not mention '%s'", d.msg, what);
	assert_null(m.title);
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error(DIR "bad-key", "exercise.ini:6: unknown key 'colour' in [exercise]");
}

static void test_unknown_kind(void **state)
{
	(void)state;
	expect_error(DIR "bad-kind", "exercise.ini:8: unknown finding kind 'race-condition'");
}

static void test_bad_int(void **state)
{
	(void)state;
	expect_error(DIR "bad-int", "exercise.ini:11: 'timeout' must be an integer from 1 to 600");
}

static void test_missing_source(void **state)
{
	(void)state;
	expect_error(DIR "missing-src", "source 'other.c' is not a file of the exercise");
}

static void test_missing_required(void **state)
{
	(void)state;
	expect_error(DIR "no-title", "missing required key 'title' in [exercise]");
}

static void test_bad_regex(void **state)
{
	(void)state;
	expect_error(DIR "bad-regex", "not a valid extended regex");
}

static void test_no_directory(void **state)
{
	struct manifest m;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(manifest_load(&m, DIR "nope", &d), RL_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),           cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_unknown_kind),   cmocka_unit_test(test_bad_int),
		cmocka_unit_test(test_missing_source), cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_bad_regex),      cmocka_unit_test(test_no_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
