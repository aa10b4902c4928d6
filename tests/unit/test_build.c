/* Compiler diagnostics become one located build-error finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "run/build.h"

static void test_gcc_error(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	const char *text = "ledger.c: In function 'worker':\n"
			   "/tmp/racelab.Ab12/work/ledger.c:41:9: error: 'totl' undeclared (first "
			   "use in this function)\n   41 |         totl += 1;\n";

	(void)state;
	assert_int_equal(build_parse_errors(text, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_BUILD_ERROR);
	assert_string_equal(l.items[0].locs[0].file, "ledger.c");
	assert_int_equal(l.items[0].locs[0].line, 41);
	assert_int_equal(l.items[0].locs[0].column, 9);
	assert_non_null(strstr(l.items[0].message, "'totl' undeclared"));
	finding_list_release(&l);
}

static void test_clang_fatal_and_link_error(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	assert_int_equal(build_parse_errors("bank.c:3:10: fatal error: 'nope.h' file not found\n",
					    &l), RL_ERR_OK);
	assert_int_equal(l.items[0].locs[0].line, 3);
	finding_list_release(&l);
	assert_int_equal(build_parse_errors("/usr/bin/ld: undefined reference to `foo'\n", &l),
			 RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].nlocs, 0);
	assert_non_null(strstr(l.items[0].message, "undefined reference"));
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc_error),
		cmocka_unit_test(test_clang_fatal_and_link_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
