/* Manifest parsing: every key, defaults, and errors that name file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/manifest.h"

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

/*
 * The same parser on text in memory (what the fuzzer feeds it): the text need not end in a NUL
 * or a newline, lines are numbered as in a file, and a NUL byte ends its line's text.
 */
static void test_load_text(void **state)
{
	static const char text[] = "[exercise]\ntitle = T\nconcept = c\nsources = prog.c\n"
				   "editable = prog.c\n[expect]\nfindings = data-race\nexit = 3XYZ";
	static const char bad[] = "[exercise]\ntitle = T\n\nnope = 1\n";
	static const char nul[] = "[exercise]\ntitle = T\0garbage\nconcept = c\n";
	struct manifest m;
	struct diag d = DIAG_INIT;

	(void)state;
	/* The length stops before "XYZ": exit = 3, and nothing past len is read. */
	assert_int_equal(manifest_load_text(&m, DIR "good", text, sizeof(text) - 4, &d), RL_ERR_OK);
	assert_string_equal(m.title, "T");
	assert_int_equal(m.exit_status, 3);
	assert_string_equal(m.slug, "good");
	manifest_release(&m);

	assert_int_equal(manifest_load_text(&m, DIR "good", bad, sizeof(bad) - 1, &d),
			 RL_ERR_MANIFEST);
	if (!strstr(d.msg, "good/exercise.ini:4: unknown key 'nope'"))
		fail_msg("unexpected message '%s'", d.msg);
	assert_null(m.title);

	diag_clear(&d);
	assert_int_equal(manifest_load_text(&m, DIR "good", nul, sizeof(nul) - 1, &d),
			 RL_ERR_MANIFEST); /* parsed, then refused: sources are missing */
	if (!strstr(d.msg, "missing required key"))
		fail_msg("unexpected message '%s'", d.msg);
}

/* The text of a manifest over prog.c with [exercise] lines `ex` and [check] lines `check`. */
static enum rl_err load_with(struct manifest *m, const char *ex, const char *check,
			     struct diag *d)
{
	char text[1024];

	snprintf(text, sizeof(text), "[exercise]\ntitle = T\nconcept = c\nsources = prog.c\n"
		 "editable = prog.c\n%s[expect]\nfindings = lock-held-blocking\n[check]\n%s", ex,
		 check);
	diag_clear(d);
	return manifest_load_text(m, DIR "good", text, strlen(text), d);
}

static void expect_shared_error(const char *ex, const char *check, const char *what)
{
	struct manifest m;
	struct diag d = DIAG_INIT;

	assert_int_equal(load_with(&m, ex, check, &d), RL_ERR_MANIFEST);
	if (!strstr(d.msg, what))
		fail_msg("'%s' does not mention '%s'", d.msg, what);
}

/* build = shared-object: a module an interpreter loads; every inconsistent manifest is refused. */
static void test_shared_object(void **state)
{
	static const char good[] = "build = shared-object\nmodule = sensor.so\n"
				   "run = /usr/bin/python3 app.py\n";
	struct manifest m;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(load_with(&m, good, "tsan = off\n", &d), RL_ERR_OK);
	assert_true(m.shared_object);
	assert_string_equal(m.module, "sensor.so");
	assert_int_equal(m.nrun, 2);
	assert_string_equal(m.run[0], "/usr/bin/python3");
	assert_string_equal(m.run[1], "app.py");
	manifest_release(&m);
	assert_int_equal(load_with(&m, "build = program\n", "", &d), RL_ERR_OK);
	assert_false(m.shared_object);
	manifest_release(&m);

	expect_shared_error("build = library\n", "", "build must be program or shared-object");
	expect_shared_error("module = sensor.so\n", "", "module needs build = shared-object");
	expect_shared_error("run = /usr/bin/python3 app.py\n", "", "run needs build = shared-object");
	expect_shared_error("build = shared-object\nrun = /usr/bin/python3 app.py\n", "tsan = off\n",
			    "needs [exercise] module");
	expect_shared_error("build = shared-object\nmodule = ../x.so\nrun = /usr/bin/python3\n",
			    "tsan = off\n", "needs [exercise] module");
	expect_shared_error("build = shared-object\nmodule = sensor.so\nrun = python3 app.py\n",
			    "tsan = off\n", "an interpreter's absolute path");
	expect_shared_error(good, "", "needs [check] tsan = off");
	expect_shared_error("build = shared-object\nmodule = sensor.so\n"
			    "run = /usr/bin/python3 app.py\nargs = 1\n", "tsan = off\n",
			    "put the interpreter's arguments in run");
}

/*
 * Found by fuzzing: glibc's regcomp copies the subexpression for every `+` and `{n,m}` and
 * computes epsilon closures over the copies, so stacked or nested repetitions took minutes and
 * gigabytes. Such patterns, and back-references, are refused before regcomp sees them; the
 * exercises' own patterns pass.
 */
static void test_regex_blowup(void **state)
{
	static const char *const refused[] = {
		"^tota++++++++++++++++++++++++++++++++++++++l = [0-9]+$",
		"((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+",
		"(a{1,100}){1,100}",
		"(a**){1,2000}",
		"((a*)*){1,500}",
		"((a*)*){,21000}",
		"(){,21000}",
		"(a)\\1",
	};
	static const char *const accepted[] = {
		"^total = [0-9]+$",
		"sum of round trips ([4-9][0-9]{2}|[0-9]{4,}) ms",
		"[+{]+ literal brackets [a+++++++++++++++++]",
		"^a: [0-9]+, b: [0-9]+, c: [0-9]+, d: [0-9]+, e: [0-9]+, f: [0-9]+, g: [0-9]+$",
		"(ab|cd){1,100}",
	};
	char text[512];
	struct manifest m;
	struct diag d = DIAG_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "[exercise]\ntitle = T\nconcept = c\nsources = prog.c\n"
			 "editable = prog.c\n[expect]\nfindings = data-race\nstdout = %s\n",
			 refused[i]);
		diag_clear(&d);
		assert_int_equal(manifest_load_text(&m, DIR "good", text, strlen(text), &d),
				 RL_ERR_MANIFEST);
		if (!strstr(d.msg, "[expect] stdout"))
			fail_msg("'%s': unexpected message '%s'", refused[i], d.msg);
	}
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		snprintf(text, sizeof(text), "[exercise]\ntitle = T\nconcept = c\nsources = prog.c\n"
			 "editable = prog.c\n[expect]\nfindings = data-race\nstdout = %s\n",
			 accepted[i]);
		diag_clear(&d);
		if (manifest_load_text(&m, DIR "good", text, strlen(text), &d) != RL_ERR_OK)
			fail_msg("'%s' refused: %s", accepted[i], d.msg);
		manifest_release(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),           cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_unknown_kind),   cmocka_unit_test(test_bad_int),
		cmocka_unit_test(test_missing_source), cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_bad_regex),      cmocka_unit_test(test_no_directory),
		cmocka_unit_test(test_load_text),
		cmocka_unit_test(test_regex_blowup),
		cmocka_unit_test(test_shared_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
