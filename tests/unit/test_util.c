/* Tests of the small shared helpers: paths, PATH search, capped reads, appends, mkdir -p. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/util.h"

static void test_path_base(void **state)
{
	(void)state;
	assert_string_equal(path_base("/a/b/bank.c"), "bank.c");
	assert_string_equal(path_base("bank.c"), "bank.c");
	assert_string_equal(path_base("dir/"), "");
}

static void test_path_search(void **state)
{
	char dir[] = "/tmp/test_util.XXXXXX", found[PATH_MAX], path[PATH_MAX + 16], pv[PATH_MAX * 2];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tool", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(pv, sizeof(pv), "/nonexistent::%s", dir);
	/* Not executable yet: not found. */
	assert_false(path_search("tool", pv, found, sizeof(found)));
	assert_int_equal(chmod(path, 0755), 0);
	assert_true(path_search("tool", pv, found, sizeof(found)));
	assert_string_equal(found, path);
	/* A directory of that name is no program; an empty entry never means the cwd. */
	assert_int_equal(chdir(dir), 0);
	assert_false(path_search("tool", "::/nonexistent", found, sizeof(found)));
	assert_true(path_search("sh", NULL, found, sizeof(found)));
	assert_true(find_on_path("sh", found, sizeof(found)));
	assert_int_equal(chdir("/"), 0);
	unlink(path);
	rmdir(dir);
}

static void test_read_capped_and_append(void **state)
{
	char dir[] = "/tmp/test_util.XXXXXX", path[PATH_MAX + 16], buf[8] = "";
	size_t len = 0;
	char *text;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(mkdir_p(path, 0755), 0);
	assert_int_equal(mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/a/file", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0123456789", f);
	fclose(f);
	text = read_file_capped(path, 4, &len);
	assert_non_null(text);
	assert_int_equal(len, 4);
	assert_string_equal(text, "0123");
	free(text);
	assert_null(read_file_capped("/nonexistent/x", 4, NULL));
	/* A full buffer stays full and NUL-terminated. */
	buf_appendf(buf, sizeof(buf), "%s", "abc");
	buf_appendf(buf, sizeof(buf), "%d", 12345);
	assert_string_equal(buf, "abc1234");
	buf_appendf(buf, sizeof(buf), "x");
	assert_string_equal(buf, "abc1234");
	unlink(path);
}

/* Bounded growth: zeroed elements until max, then NULL with the array intact. */
static void test_array_push(void **state)
{
	long *arr = NULL, *p;
	size_t n = 0;

	(void)state;
	for (long i = 0; i < 5; i++) {
		p = array_push(&arr, &n, sizeof(*arr), 5);
		assert_non_null(p);
		assert_int_equal(*p, 0);
		*p = i * 10;
	}
	assert_null(array_push(&arr, &n, sizeof(*arr), 5));
	assert_int_equal(n, 5);
	assert_int_equal(arr[4], 40);
	free(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_base),
		cmocka_unit_test(test_path_search),
		cmocka_unit_test(test_read_capped_and_append),
		cmocka_unit_test(test_array_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
