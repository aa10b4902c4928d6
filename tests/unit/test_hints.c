/* Hints come from the README's "## Hints" section, numbered, possibly over several lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

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
	hints_release(&h);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
