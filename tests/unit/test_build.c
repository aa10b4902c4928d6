/* Compiler diagnostics become one located build-error finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A GNU nested function: gcc builds it, clang refuses ("function definition is not allowed"). */
static const char nested_src[] =
	"#include <pthread.h>\n"
	"static long total;\n"
	"static void *work(void *arg)\n"
	"{\n"
	"\tvoid add(long k) { total += k; }\n"
	"\tadd((long)arg);\n"
	"\treturn 0;\n"
	"}\n"
	"int main(void)\n"
	"{\n"
	"\tpthread_t t;\n"
	"\tpthread_create(&t, 0, work, (void *)1L);\n"
	"\treturn pthread_join(t, 0);\n"
	"}\n";

/* Writes src as prog.c in a new directory (dir, at least 64 bytes); false when it cannot. */
static int scratch(char *dir, const char *src)
{
	char path[128];
	FILE *f;

	snprintf(dir, 64, "/tmp/racelab-build-XXXXXX");
	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/prog.c", dir);
	if (!(f = fopen(path, "w")))
		return 0;
	fputs(src, f);
	return fclose(f) == 0;
}

static void rm_scratch(const char *dir)
{
	const char *names[] = { "prog.c", "prog", "build-0.log", "build-0.log.gcc", "build-1.log",
				NULL };
	char path[128];

	for (size_t i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/*
 * clang cannot build it: with a note, gcc's TSan stands in and the note names clang's error;
 * without one (TSan's own probe), clang's error is all there is.
 */
static void test_tsan_falls_back_to_gcc(void **state)
{
	const char *sources[] = { "prog.c", NULL };
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	char dir[64], bin[128], note[800] = "x";
	struct build_spec spec = { dir, sources, NULL, NULL, dir, false };
	bool built = false;

	(void)state;
	assert_true(scratch(dir, nested_src));
	snprintf(bin, sizeof(bin), "%s/prog", dir);
	assert_int_equal(build_variant(&spec, VARIANT_TSAN, bin, &built, &l, &d), RL_ERR_OK);
	assert_false(built);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_BUILD_ERROR);
	finding_list_release(&l);
	assert_int_equal(build_variant_noted(&spec, VARIANT_TSAN, bin, &built, &l, note,
					     sizeof(note), &d), RL_ERR_OK);
	assert_true(built);
	assert_int_equal(l.nr, 0);
	assert_non_null(strstr(note, "ThreadSanitizer ran on gcc's build: clang could not build "
				     "it (prog.c:5: does not compile: function definition is not "
				     "allowed here)"));
	assert_int_equal(access(bin, X_OK), 0);
	/* Any other variant has no second chance, and says nothing. */
	assert_int_equal(build_variant_noted(&spec, VARIANT_PLAIN, bin, &built, &l, note,
					     sizeof(note), &d), RL_ERR_OK);
	assert_true(built);
	assert_string_equal(note, "");
	finding_list_release(&l);
	rm_scratch(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc_error),
		cmocka_unit_test(test_clang_fatal_and_link_error),
		cmocka_unit_test(test_tsan_falls_back_to_gcc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
