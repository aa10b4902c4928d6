/* The programs of a folder for `racelab analyze DIR`: which file defines main(), and the sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/programs.h"

static void test_defines_main(void **state)
{
	(void)state;
	assert_true(program_text_defines_main("int main(void)\n{\n\treturn 0;\n}\n"));
	assert_true(program_text_defines_main("#include <stdio.h>\nint main(int argc, char *argv[]) {"));
	/* GNU style: the type on the line before. */
	assert_true(program_text_defines_main("int\nmain (int argc, char **argv)\n{"));
	assert_true(program_text_defines_main("static int main(void) { return 0; }"));
	/* A prototype, a call, a comment, another name: no. */
	assert_false(program_text_defines_main("int main(void);\n"));
	assert_false(program_text_defines_main("void f(void)\n{\n\tmain();\n}\n"));
	assert_false(program_text_defines_main("/* main(void) is elsewhere */\n"));
	assert_false(program_text_defines_main(" * main(void) is elsewhere\n"));
	assert_false(program_text_defines_main("int domain(void) { return 1; }\n"));
	assert_false(program_text_defines_main("int main_loop(void) { return 1; }\n"));
	assert_false(program_text_defines_main("x = main (1);\n"));
	assert_false(program_text_defines_main(""));
}

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/rl-programs.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *base(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* Two main-*.c beside a helper: two programs, each its main file first, then the helper. */
static void test_homework_folder(void **state)
{
	struct program_set s = PROGRAM_SET_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	put("main-b.c", "int main(void) { return 0; }\n");
	put("main-a.c", "int\nmain(void)\n{\n\treturn 0;\n}\n");
	put("util.c", "int helper(void) { return 1; }\n");
	put("util.h", "int helper(void);\n");
	put("notes.txt", "int main(void) {}\n");
	assert_int_equal(program_set_from_dir(dir, &s, &d), RL_ERR_OK);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.items[0].nfiles, 2);
	assert_string_equal(base(s.items[0].files[0]), "main-a.c");
	assert_string_equal(base(s.items[0].files[1]), "util.c");
	assert_string_equal(base(s.items[1].files[0]), "main-b.c");
	assert_string_equal(base(s.items[1].files[1]), "util.c");
	program_set_release(&s);
}

/* One main(): one program of every file, main's file first. */
static void test_one_program(void **state)
{
	struct program_set s = PROGRAM_SET_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	put("a_stats.c", "long total;\n");
	put("z_main.c", "int main(void) { return 0; }\n");
	assert_int_equal(program_set_from_dir(dir, &s, &d), RL_ERR_OK);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.items[0].nfiles, 2);
	assert_string_equal(base(s.items[0].files[0]), "z_main.c");
	assert_string_equal(base(s.items[0].files[1]), "a_stats.c");
	program_set_release(&s);
}

static void test_no_program(void **state)
{
	struct program_set s = PROGRAM_SET_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(program_set_from_dir(dir, &s, &d), RL_ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "no .c file in this folder"));
	put("lib.c", "int helper(void) { return 1; }\n");
	d = (struct diag)DIAG_INIT;
	assert_int_equal(program_set_from_dir(dir, &s, &d), RL_ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "defines main()"));
	assert_int_equal(s.nr, 0);
	assert_int_equal(program_set_from_dir("/nonexistent/racelab", &s, &d), RL_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defines_main),
		cmocka_unit_test_setup_teardown(test_homework_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_program, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_program, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
