/* The course: loading every manifest in order and resolving what a student types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/course.h"

static void test_load_and_find(void **state)
{
	struct course c;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(course_load(&c, FIXTURES_DIR "/kit", &d), RL_ERR_OK);
	assert_int_equal(c.nr, 4);
	assert_string_equal(c.items[0].slug, "01-alpha");
	assert_string_equal(c.items[2].slug, "03-bank-a");
	assert_string_equal(c.items[3].slug, "03-bank-b");
	assert_ptr_equal(course_find(&c, "1", &d), &c.items[0]);
	assert_ptr_equal(course_find(&c, "02", &d), &c.items[1]);
	assert_ptr_equal(course_find(&c, "03-bank-a", &d), &c.items[2]);
	assert_ptr_equal(course_find(&c, "02-beta", &d), &c.items[1]);
	assert_ptr_equal(course_find(&c, "exercises/02-beta/", &d), &c.items[1]);
	assert_null(course_find(&c, "9", &d));
	assert_int_equal(d.code, RL_ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "racelab list"));
	course_release(&c);
}

static void test_ambiguous_prefix(void **state)
{
	struct course c;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(course_load(&c, FIXTURES_DIR "/kit", &d), RL_ERR_OK);
	assert_null(course_find(&c, "03-bank", &d));
	assert_int_equal(d.code, RL_ERR_USAGE);
	assert_non_null(strstr(d.msg, "ambiguous"));
	diag_clear(&d);
	assert_null(course_find(&c, "3", &d));
	assert_non_null(strstr(d.msg, "ambiguous"));
	diag_clear(&d);
	/* A number is compared as a number, never as a prefix: "0" names no exercise. */
	assert_null(course_find(&c, "0", &d));
	assert_int_equal(d.code, RL_ERR_NOTFOUND);
	course_release(&c);
}

/* Issue 17: the ladder was renumbered; names and old slugs still find their exercise. */
static void test_find_renamed(void **state)
{
	struct course c;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(course_load(&c, FIXTURES_DIR "/kit", &d), RL_ERR_OK);
	assert_string_equal(course_slug_name("13-semaphore-rendezvous"), "semaphore-rendezvous");
	assert_string_equal(course_slug_name("beta"), "beta");
	assert_string_equal(course_slug_name("21"), "21");
	assert_ptr_equal(course_find(&c, "beta", &d), &c.items[1]);
	assert_ptr_equal(course_find(&c, "07-beta", &d), &c.items[1]);
	assert_ptr_equal(course_find(&c, "exercises/09-bank-b", &d), &c.items[3]);
	/* An old slug whose number another exercise has now: "02-alpha" is alpha, not 02-beta. */
	assert_ptr_equal(course_find(&c, "02-alpha", &d), &c.items[0]);
	assert_null(course_find_renamed(&c, "01-alpha"));
	/* Names match whole: no prefix of a name, and a name two exercises share is no answer. */
	assert_null(course_find(&c, "bet", &d));
	assert_int_equal(d.code, RL_ERR_NOTFOUND);
	diag_clear(&d);
	assert_null(course_find(&c, "07-bank", &d));
	diag_clear(&d);
	course_release(&c);
}

static void test_root_from_env(void **state)
{
	char *root = NULL;
	struct diag d = DIAG_INIT;

	(void)state;
	setenv("RACELAB_ROOT", FIXTURES_DIR "/kit", 1);
	assert_int_equal(course_find_root(&root, &d), RL_ERR_OK);
	assert_non_null(strstr(root, "fixtures/kit"));
	free(root);
	setenv("RACELAB_ROOT", FIXTURES_DIR "/manifests", 1);
	assert_int_equal(course_find_root(&root, &d), RL_ERR_NOTFOUND);
	unsetenv("RACELAB_ROOT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_and_find),
		cmocka_unit_test(test_ambiguous_prefix),
		cmocka_unit_test(test_find_renamed),
		cmocka_unit_test(test_root_from_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
