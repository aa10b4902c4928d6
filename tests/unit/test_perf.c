/*
 * Unit tests for check/perf.c, the speed guard, on real timed runs of /bin/sh: a baseline against
 * the real arguments, a time ceiling, and runs that never finish cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/perf.h"

static char work[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	snprintf(work, sizeof(work), "/tmp/rl-perf.XXXXXX");
	return mkdtemp(work) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
	return system(cmd);
}

/* perf_check of `sh -c SCRIPT` against `sh -c BASELINE` (or none); its findings in l. */
static void check(const char *script, const char *baseline, double min_speedup,
		  double max_seconds, int timeout_ms, struct finding_list *l)
{
	const char *args[] = { "-c", script, NULL };
	const char *base[] = { "-c", baseline };
	struct perf_spec s = { "/bin/sh", work, work, args, base, baseline ? 2 : 0, min_speedup,
			       max_seconds, timeout_ms };
	struct diag d = DIAG_INIT;

	finding_list_release(l);
	assert_int_equal(perf_check(&s, l, &d), RL_ERR_OK);
}

static void assert_too_slow(const struct finding_list *l, const char *says)
{
	assert_int_equal(l->nr, 1);
	assert_int_equal(l->items[0].kind, FK_TOO_SLOW);
	assert_int_equal(l->items[0].tools, TOOL(PERF));
	assert_non_null(strstr(l->items[0].message, says));
}

static void test_speedup_floor(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* The "parallel" run is slower than its baseline: the fix serialised the work. */
	check("sleep 0.3", "sleep 0.05", 1.5, 0, 5000, &l);
	assert_too_slow(&l, "the fix serialises the work");
	/* Four times faster than the baseline clears a floor of 1.5. */
	check("sleep 0.05", "sleep 0.2", 1.5, 0, 5000, &l);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
}

static void test_time_ceiling(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	check("sleep 0.3", NULL, 0, 0.1, 5000, &l);
	assert_too_slow(&l, "it must finish within 0.10 s");
	check("sleep 0.05", NULL, 0, 5, 5000, &l);
	assert_int_equal(l.nr, 0);
	/* Off (no floor, no ceiling): nothing to find, however slow. */
	check("sleep 0.2", "true", 0, 0, 5000, &l);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
}

static void test_never_finishes_cleanly(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* A wrong exit status is no time at all: it must not pass as fast. */
	check("exit 3", "sleep 0.1", 1.5, 0, 5000, &l);
	assert_too_slow(&l, "never finished cleanly");
	/* Killed at the timeout, every round. */
	check("sleep 5", NULL, 0, 10, 200, &l);
	assert_too_slow(&l, "never finished cleanly");
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_speedup_floor),
		cmocka_unit_test(test_time_ceiling),
		cmocka_unit_test(test_never_finishes_cleanly),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
