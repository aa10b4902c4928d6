/* Tests of the backend table and what the backends share: the frame rule, bounds and argv. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"

static void test_table(void **state)
{
	unsigned tools = 0;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; detector_table[i]; i++, n++) {
		const struct detector_ops *ops = detector_table[i];

		/* Names and tools are unique: findings and the plan tell backends apart by them. */
		assert_ptr_equal(detector_find(ops->name), ops);
		assert_int_equal(tools & ops->tool, 0);
		tools |= ops->tool;
		/* A backend runs one program at a time, or checks a whole program: one of the two. */
		assert_true((ops->run != NULL) != (ops->check_whole != NULL));
		assert_true(ops->toolchain == (ops->run ? TOOLCHAIN_CC : TOOLCHAIN_CUDA));
		assert_true(ops->seeded || !ops->run || ops->runs > 0);
	}
	assert_int_equal(n, 5);
	assert_null(detector_find("valgrind"));
	/* Collected in this order: TSan's findings (with columns) win a tie over Helgrind's. */
	assert_string_equal(detector_table[1]->name, "tsan");
	assert_string_equal(detector_table[2]->name, "helgrind");
	assert_true(detector_find("tsan")->reports_when_capped);
	assert_true(detector_find("helgrind")->reports_when_capped);
	assert_false(detector_find("lockgraph")->reports_when_capped);
	assert_true(detector_find("lockgraph")->explains_hangs);
	assert_non_null(detector_find("tsan")->verify);
}

static void test_enabled(void **state)
{
	struct manifest m = MANIFEST_INIT;

	(void)state;
	m.detectors = (struct manifest_detectors){ true, false, true };
	assert_true(detector_enabled(detector_find("tsan"), &m));
	assert_false(detector_enabled(detector_find("helgrind"), &m));
	assert_true(detector_enabled(detector_find("lockgraph"), &m));
	assert_true(detector_enabled(detector_find("run"), &m));
	assert_false(detector_enabled(detector_find("cuda"), &m));
	m.cuda = true;
	assert_false(detector_enabled(detector_find("tsan"), &m));
	assert_false(detector_enabled(detector_find("run"), &m));
	assert_true(detector_enabled(detector_find("cuda"), &m));
}

static void test_frame_rule(void **state)
{
	static const char *const files[] = { "bank.c" };
	const struct source_set mine = { files, 1 }, none = { NULL, 0 };

	(void)state;
	assert_true(detector_frame_is_students(&mine, "/tmp/racelab.x/work/bank.c", NULL, NULL));
	assert_true(detector_frame_is_students(&mine, "bank.c", "/tmp/w/prog", "/tmp/w"));
	assert_false(detector_frame_is_students(&mine, "common/gil.c", NULL, NULL));
	assert_false(detector_frame_is_students(&mine, NULL, NULL, NULL));
	assert_false(detector_frame_is_students(&mine, "", NULL, NULL));
	/* System and Valgrind code is never the student's, whatever its file is called. */
	assert_false(detector_frame_is_students(&mine, "bank.c", "/usr/lib/x86_64-linux-gnu/libc.so.6",
						NULL));
	assert_false(detector_frame_is_students(&mine, "bank.c",
						"/usr/libexec/valgrind/vgpreload_helgrind.so", NULL));
	/* No list (analyze): every frame with a file, but distribution-built code ("./nptl"). */
	assert_true(detector_frame_is_students(&none, "racy.c", NULL, NULL));
	assert_true(detector_frame_is_students(NULL, "racy.c", "/tmp/w/prog", "/tmp/w"));
	assert_false(detector_frame_is_students(&none, "pthread_mutex_lock.c", NULL, "./nptl"));
}

static void test_bounds_and_argv(void **state)
{
	static const char *const args[] = { "-n", "4", NULL };
	static const char *const prefix[] = { "valgrind", "--tool=helgrind", NULL };
	struct detector_run r = { .binary = "/w/prog", .workdir = "/w", .args = args,
				  .timeout_ms = 10000, .stdout_path = "/t/out" };
	struct spawn_limits l = detector_spawn_limits(10000);
	struct spawn_opts o;
	const char **argv;

	(void)state;
	/* TSan reserves terabytes: never an address-space cap. The CPU cap is a backstop only. */
	assert_int_equal(l.address_space, 0);
	assert_true(l.cpu_seconds >= 11);
	assert_int_equal(l.processes, 512);
	argv = detector_argv(&r, prefix);
	assert_non_null(argv);
	assert_string_equal(argv[0], "valgrind");
	assert_string_equal(argv[2], "/w/prog");
	assert_string_equal(argv[3], "-n");
	assert_string_equal(argv[4], "4");
	assert_null(argv[5]);
	detector_spawn_opts(&r, argv, NULL, &o);
	assert_ptr_equal(o.argv, argv);
	assert_string_equal(o.cwd, "/w");
	assert_string_equal(o.stdout_path, "/t/out");
	assert_int_equal(o.timeout_ms, 10000);
	assert_true(o.isolate);
	assert_int_equal(o.limits.cpu_seconds, l.cpu_seconds);
	free(argv);
	argv = detector_argv(&r, NULL);
	assert_string_equal(argv[0], "/w/prog");
	free(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_enabled),
		cmocka_unit_test(test_frame_rule),
		cmocka_unit_test(test_bounds_and_argv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
