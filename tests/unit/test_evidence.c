/* Unit tests for check/evidence.c: which runs count as evidence, which hangs are explained. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>

#include "check/evidence.h"

static void add(struct finding_list *l, enum finding_kind k, unsigned tools)
{
	assert_int_equal(finding_list_add1(l, k, tools, NULL, 0, finding_kind_name(k)), RL_ERR_OK);
}

static void test_run_complete(void **state)
{
	struct spawn_result r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.exited = true;
	r.status = 1;
	/* A wrong exit status is still a run that went to its end. */
	assert_true(evidence_run_complete(&r));
	r.timed_out = true;
	r.term_signal = SIGKILL;
	assert_false(evidence_run_complete(&r));
	/* Killed at the timeout, whatever else the result says. */
	r.term_signal = 0;
	assert_false(evidence_run_complete(&r));
	r.timed_out = false;
	r.limit_hit = true;
	assert_false(evidence_run_complete(&r));
	r.limit_hit = false;
	r.term_signal = SIGSEGV;
	assert_false(evidence_run_complete(&r));
}

static struct sched_run run(const struct detector_ops *ops, bool timed_out, bool skipped)
{
	struct sched_run r;

	memset(&r, 0, sizeof(r));
	r.ops = ops;
	r.skipped = skipped;
	r.run.result.exited = !timed_out;
	r.run.result.timed_out = timed_out;
	r.run.result.term_signal = timed_out ? SIGKILL : 0;
	return r;
}

/* Folded over a check's runs as the pipeline does: one incomplete run takes its tool out. */
static void test_complete_tools(void **state)
{
	const unsigned ran = TOOL(TSAN) | TOOL(HELGRIND) | TOOL(LOCKGRAPH);
	struct sched_run runs[4];
	unsigned complete = ran;

	(void)state;
	runs[0] = run(detector_find("tsan"), true, false);
	runs[1] = run(detector_find("helgrind"), false, false);
	runs[2] = run(detector_find("lockgraph"), false, false);
	/* A skipped run carries no evidence, and takes none away. */
	runs[3] = run(detector_find("lockgraph"), true, true);
	for (size_t i = 0; i < 4; i++)
		complete = evidence_complete_tools(complete, &runs[i]);
	assert_int_equal(complete, TOOL(HELGRIND) | TOOL(LOCKGRAPH));
	/* The same tool's second run, killed: that tool's silence no longer counts. */
	runs[3] = run(detector_find("lockgraph"), true, false);
	complete = evidence_complete_tools(complete, &runs[3]);
	assert_int_equal(complete, TOOL(HELGRIND));
	assert_int_equal(evidence_complete_tools(0, &runs[1]), 0);
}

static void test_explains_hang(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	assert_false(evidence_explains_hang(&l));
	add(&l, FK_DATA_RACE, TOOL(TSAN));
	add(&l, FK_HANG, TOOL(RUN));
	/* A run killed at its timeout explains nothing. */
	assert_false(evidence_explains_hang(&l));
	finding_list_release(&l);
	add(&l, FK_HANG, TOOL(LOCKGRAPH));
	assert_true(evidence_explains_hang(&l));
	finding_list_release(&l);
	add(&l, FK_DEADLOCK, TOOL(LOCKGRAPH));
	assert_true(evidence_explains_hang(&l));
	finding_list_release(&l);
	add(&l, FK_STARVATION, TOOL(LOCKGRAPH));
	assert_false(evidence_explains_hang(&l));
	finding_list_release(&l);
}

static void test_drop_unexplained_hangs(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* Nothing better: the killed run's hang is all there is, and stays. */
	add(&l, FK_HANG, TOOL(RUN));
	add(&l, FK_DATA_RACE, TOOL(TSAN));
	evidence_drop_unexplained_hangs(&l);
	assert_int_equal(l.nr, 2);
	/*
	 * The tracer's deadlock explains it: the bare hang goes, everything else stays, the
	 * tracer's own hang (with its reason and place) included.
	 */
	add(&l, FK_DEADLOCK, TOOL(LOCKGRAPH));
	add(&l, FK_WRONG_OUTPUT, TOOL(RUN));
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(LOCKGRAPH), "queue.c", 40,
					   "T2 waits on cond `not_empty`"), RL_ERR_OK);
	assert_int_equal(l.nr, 5);
	evidence_drop_unexplained_hangs(&l);
	assert_int_equal(l.nr, 4);
	for (size_t i = 0; i < l.nr; i++)
		assert_false(l.items[i].kind == FK_HANG && l.items[i].tools == TOOL(RUN));
	assert_true(finding_list_has_kind(&l, FK_HANG));
	assert_true(finding_list_has_kind(&l, FK_DATA_RACE));
	assert_true(finding_list_has_kind(&l, FK_DEADLOCK));
	assert_true(finding_list_has_kind(&l, FK_WRONG_OUTPUT));
	finding_list_release(&l);
}

/* A run killed at its timeout, with what /proc said of its last second (window 0: not read). */
static struct spawn_result killed(long window_ms, long busy_cpu_ms)
{
	struct spawn_result r;

	memset(&r, 0, sizeof(r));
	r.timed_out = true;
	r.term_signal = SIGKILL;
	r.wall_ms = 10000;
	r.cpu_ms = 3; /* what the reaped rusage says of a killed run: nothing */
	r.busy_window_ms = window_ms;
	r.busy_cpu_ms = busy_cpu_ms;
	return r;
}

static void test_timeout_busy(void **state)
{
	struct spawn_result r = killed(1000, 210);

	(void)state;
	/* Measured: ok_cpu_3s under Helgrind on a loaded 2-core machine, 210 ms of its last second. */
	assert_true(evidence_timeout_busy(&r));
	/* Blocked threads (every hang_* program of tests/analyze/) used 0 ms. */
	r = killed(1000, 0);
	assert_false(evidence_timeout_busy(&r));
	r = killed(1000, 49);
	assert_false(evidence_timeout_busy(&r));
	r = killed(1000, 50);
	assert_true(evidence_timeout_busy(&r));
	/* Not read: the whole run's CPU time decides, and a killed run's says nothing. */
	r = killed(0, 0);
	assert_false(evidence_timeout_busy(&r));
	r.cpu_ms = 6000;
	assert_true(evidence_timeout_busy(&r));
	/* A run that finished is no timeout at all. */
	r = killed(1000, 900);
	r.timed_out = false;
	assert_false(evidence_timeout_busy(&r));
}

static void test_timeout_finding(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct spawn_result busy = killed(1000, 400), blocked = killed(1000, 0);

	(void)state;
	/* Blocked: a hang, in check and in analyze alike. */
	assert_int_equal(evidence_timeout_finding(&blocked, 10, true, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_HANG);
	assert_int_equal(l.items[0].severity, SEV_ERROR);
	assert_int_equal(l.items[0].tools, TOOL(RUN));
	finding_list_release(&l);
	/* Busy in analyze: a warning that says how long and how to raise the limit; no hang. */
	assert_int_equal(evidence_timeout_finding(&busy, 10, true, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_TOO_SLOW);
	assert_int_equal(l.items[0].severity, SEV_WARNING);
	assert_non_null(strstr(l.items[0].message, "within 10 s"));
	assert_non_null(strstr(l.items[0].message, "0.4 s of CPU in its last 1.0 s"));
	assert_non_null(strstr(l.items[0].message, "--timeout 60"));
	assert_int_equal(finding_list_errors(&l), 0);
	/* A second busy run with other numbers merges into the first (key_len). */
	busy.busy_cpu_ms = 800;
	assert_int_equal(evidence_timeout_finding(&busy, 10, true, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	/* Busy timeouts are no hang for evidence_drop_unexplained_hangs() to weigh either. */
	assert_false(finding_list_has_kind(&l, FK_HANG));
	finding_list_release(&l);
	/* Busy in check: the exercise's limit is the manifest's, so it still fails, as a hang. */
	assert_int_equal(evidence_timeout_finding(&busy, 4, false, &l), RL_ERR_OK);
	assert_int_equal(l.items[0].kind, FK_HANG);
	assert_int_equal(l.items[0].severity, SEV_ERROR);
	assert_non_null(strstr(l.items[0].message, "threads were running"));
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_complete),
		cmocka_unit_test(test_complete_tools),
		cmocka_unit_test(test_explains_hang),
		cmocka_unit_test(test_drop_unexplained_hangs),
		cmocka_unit_test(test_timeout_busy),
		cmocka_unit_test(test_timeout_finding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
