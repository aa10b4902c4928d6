/* Tests of the check's plan: which backends run, how often, with which seeds, in which order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "check/plan.h"

static struct manifest manifest(void)
{
	struct manifest m = MANIFEST_INIT;

	m.detectors = (struct manifest_detectors){ true, true, true };
	m.runs = 3;
	return m;
}

/* "helgrind lockgraph:1 tsan run run lockgraph:2 lockgraph:3"; a controlled schedule: "pct:4" */
static void describe(const struct plan_run *r, size_t n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		if (r[i].explore)
			used += (size_t)snprintf(buf + used, len - used, "%spct:%ld", i ? " " : "",
						 r[i].seed);
		else if (r[i].seed >= 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%s:%ld", i ? " " : "",
						 r[i].ops->name, r[i].seed);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "",
						 r[i].ops->name);
	}
}

static void plan(const struct manifest *m, long seed, int jobs, const char *want, unsigned tools)
{
	struct plan_run r[PLAN_MAX_RUNS];
	unsigned got_tools;
	size_t n = plan_runs(m, seed, jobs, r, &got_tools);
	char got[1024];

	describe(r, n, got, sizeof(got));
	assert_string_equal(got, want);
	assert_int_equal(got_tools, tools);
}

static void test_two_jobs(void **state)
{
	struct manifest m = manifest();

	(void)state;
	/* Helgrind first (the longest run), then the first seed, TSan, the plain runs, the seeds. */
	plan(&m, -1, 2, "helgrind lockgraph:1 tsan run run lockgraph:2 lockgraph:3",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
}

static void test_one_job_explains_first(void **state)
{
	struct manifest m = manifest();

	(void)state;
	/* One run at a time: the tracer, which explains a hang, goes before Helgrind. */
	plan(&m, -1, 1, "lockgraph:1 helgrind tsan run run lockgraph:2 lockgraph:3",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
}

static void test_seed_asked(void **state)
{
	struct manifest m = manifest();

	(void)state;
	plan(&m, 17, 2, "helgrind lockgraph:17 tsan run run",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
}

static void test_switches(void **state)
{
	struct manifest m = manifest();

	(void)state;
	m.detectors.helgrind = false;
	plan(&m, -1, 2, "lockgraph:1 tsan run run lockgraph:2 lockgraph:3",
	     TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
	m.detectors.tsan = false;
	m.detectors.lockgraph = false;
	/* The plain runs have no switch: a program is always run as it is. */
	plan(&m, -1, 2, "run run", TOOL(RUN));
}

static void test_seeds_capped(void **state)
{
	struct manifest m = manifest();
	struct plan_run r[PLAN_MAX_RUNS];
	unsigned tools;
	size_t n, seeded = 0;

	(void)state;
	m.runs = 1000;
	n = plan_runs(&m, -1, 2, r, &tools);
	for (size_t i = 0; i < n; i++)
		seeded += r[i].ops->seeded;
	assert_int_equal(seeded, PLAN_MAX_SEEDED);
	assert_true(n <= PLAN_MAX_RUNS);
	assert_int_equal(r[n - 1].seed, PLAN_MAX_SEEDED);
}

static void test_cuda_plans_no_runs(void **state)
{
	struct manifest m = manifest();
	struct plan_run r[PLAN_MAX_RUNS];
	unsigned tools;

	(void)state;
	/* A CUDA exercise's backend checks the whole program itself: nothing for the scheduler. */
	m.cuda = true;
	assert_int_equal(plan_runs(&m, -1, 2, r, &tools), 0);
	assert_int_equal(tools, 0);
}

static void test_explore(void **state)
{
	struct manifest m = manifest();

	(void)state;
	/* The schedule search comes before the other perturbed seeds, seeds 1..explore. */
	m.explore = 3;
	plan(&m, -1, 2, "helgrind lockgraph:1 tsan run run pct:1 pct:2 pct:3 lockgraph:2 lockgraph:3"
	     " tsan:1 tsan:2 tsan:3",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
	/* A seed asked for replays that one schedule, whatever explore says. */
	plan(&m, 12, 2, "helgrind lockgraph:12 tsan run run pct:12 tsan:12",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
	/* Only the tracer explores: without it there is no search. */
	m.detectors.lockgraph = false;
	plan(&m, -1, 2, "helgrind tsan run run tsan:1 tsan:2 tsan:3",
	     TOOL(HELGRIND) | TOOL(TSAN) | TOOL(RUN));
	m.detectors.lockgraph = true;
	/* explore = 0 (a program judged on its timing): no schedule search, TSan's neither. */
	m.explore = 0;
	plan(&m, 12, 2, "helgrind lockgraph:12 tsan run run",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
}

static void test_explore_default_is_spare(void **state)
{
	struct manifest m = manifest();
	struct plan_run r[PLAN_MAX_RUNS];
	unsigned tools;
	size_t n, spare = 0;

	(void)state;
	/* Unset: MANIFEST_EXPLORE schedules after everything else, each on a spare core only. */
	m.explore = -1;
	n = plan_runs(&m, -1, 2, r, &tools);
	assert_int_equal(n, 10 + MANIFEST_EXPLORE);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(r[i].spare, i >= 10);
		assert_int_equal(r[i].explore, i >= 10);
		/* TSan's search runs are no spare runs: every check makes them. */
		assert_int_equal(r[i].search, i >= 7 && i < 10);
		spare += r[i].spare;
	}
	assert_int_equal(spare, MANIFEST_EXPLORE);
	assert_int_equal(r[10].seed, 1);
	/* A seed asked for is a replay: that one schedule, never left to a spare core. */
	plan(&m, 12, 2, "helgrind lockgraph:12 tsan run run tsan:12 pct:12",
	     TOOL(HELGRIND) | TOOL(LOCKGRAPH) | TOOL(TSAN) | TOOL(RUN));
	n = plan_runs(&m, 12, 2, r, &tools);
	assert_false(r[n - 1].spare);
}

static void test_explore_capped(void **state)
{
	struct manifest m = manifest();
	struct plan_run r[PLAN_MAX_RUNS];
	unsigned tools;
	size_t n, explored = 0;
	long last = 0;

	(void)state;
	m.explore = 100000;
	m.runs = 1000;
	n = plan_runs(&m, -1, 2, r, &tools);
	for (size_t i = 0; i < n; i++)
		if (r[i].explore) {
			explored++;
			assert_int_equal(r[i].seed, last + 1);
			last = r[i].seed;
		}
	assert_int_equal(explored, MANIFEST_MAX_EXPLORE);
	assert_true(n <= PLAN_MAX_RUNS);
	/* The perturbed seeds still all fit after the search, and TSan's three search runs too. */
	assert_int_equal(r[n - 4].seed, PLAN_MAX_SEEDED);
	assert_false(r[n - 4].explore);
	assert_true(r[n - 1].search && r[n - 1].seed == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_jobs),
		cmocka_unit_test(test_one_job_explains_first),
		cmocka_unit_test(test_seed_asked),
		cmocka_unit_test(test_switches),
		cmocka_unit_test(test_seeds_capped),
		cmocka_unit_test(test_cuda_plans_no_runs),
		cmocka_unit_test(test_explore),
		cmocka_unit_test(test_explore_capped),
		cmocka_unit_test(test_explore_default_is_spare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
