/* Hints come from the README's "## Hints" section, numbered, possibly over several lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/hints.h"

static const char readme[] =
	"# 03: Bank\n\nStory.\n\n## Hints\n\n"
	"1. Look at the order\n   in which locks are taken.\n"
	"2. Two threads, two accounts.\n\n"
	"3. Always lock the lower id first.\n"
	"\n## Further reading\n\n1. not a hint\n";

static void test_parse(void **state)
{
	struct hints h;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(hints_parse(readme, &h, &d), RL_ERR_OK);
	assert_int_equal(h.nr, 3);
	assert_string_equal(h.items[0], "Look at the order in which locks are taken.");
	assert_string_equal(h.items[1], "Two threads, two accounts.");
	assert_string_equal(h.items[2], "Always lock the lower id first.");
	assert_string_equal(h.reading, "1. not a hint");
	hints_release(&h);
}

/* A paragraph after the list that is not indented is not part of the last hint. */
static void test_paragraph_after_list(void **state)
{
	static const char md[] =
		"## Hints\n\n1. One.\n2. Two,\n   continued.\n\n   Still two.\n\n"
		"Further reading: [a](https://example.org).\n\n## Further reading\n\n"
		"[POSIX](https://pubs.opengroup.org/);\n[PEP 703](https://peps.python.org/pep-0703/).\n";
	struct hints h;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(hints_parse(md, &h, &d), RL_ERR_OK);
	assert_int_equal(h.nr, 2);
	assert_string_equal(h.items[1], "Two, continued. Still two.");
	assert_string_equal(h.reading,
			    "[POSIX](https://pubs.opengroup.org/); [PEP 703](https://peps.python.org/pep-0703/).");
	hints_release(&h);
}

/* Every exercise of the course: three graded hints, and the reading (if any) apart from them. */
static void test_course_readmes(void **state)
{
	static const char *const slugs[] = { "14-gil-blocking-io", "22-cuda-reduction" };

	(void)state;
	for (size_t i = 0; i < sizeof(slugs) / sizeof(*slugs); i++) {
		char dir[512];
		struct hints h;
		struct diag d = DIAG_INIT;

		snprintf(dir, sizeof(dir), "%s/exercises/%s", RACELAB_SOURCE_DIR, slugs[i]);
		assert_int_equal(hints_load(dir, &h, &d), RL_ERR_OK);
		assert_int_equal(h.nr, 3);
		assert_null(strstr(h.items[2], "Further reading"));
		assert_null(strstr(h.items[2], "https://"));
		assert_non_null(h.reading);
		hints_release(&h);
	}
}

static void test_none(void **state)
{
	struct hints h;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(hints_parse("# Title\n\n1. not under hints\n", &h, &d), RL_ERR_OK);
	assert_int_equal(h.nr, 0);
	/* Out-of-order numbers are not taken as hints. */
	assert_int_equal(hints_parse("## Hints\n2. two\n", &h, &d), RL_ERR_OK);
	assert_int_equal(h.nr, 0);
	hints_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_paragraph_after_list),
		cmocka_unit_test(test_course_readmes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
