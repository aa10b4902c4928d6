/*
 * The cross-tool rule on real outputs: TSan logs and Helgrind XML recorded from the same programs
 * (tests/fixtures/helgrind/record.sh), parsed by the real parsers, then reconciled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/helgrind/helgrind.h"
#include "check/reconcile.h"
#include "detect/tsan/tsan.h"
#include "model/util.h"

#define BOTH (TOOL(TSAN) | TOOL(HELGRIND))

/* Findings of both tools on program hg_<name>.c, as the pipeline collects them. */
static void collect(const char *name, bool with_tsan, struct finding_list *l)
{
	char path[1024], file[128];
	const char *files[] = { file };
	struct source_set src = { files, 1 };
	struct diag d = DIAG_INIT;
	size_t len;
	char *text;
	bool complete;

	snprintf(file, sizeof(file), "hg_%s.c", name);
	snprintf(path, sizeof(path), "%s/helgrind/%s.xml", FIXTURES_DIR, name);
	text = read_file_capped(path, 1u << 24, &len);
	assert_non_null(text);
	if (helgrind_parse_xml_partial(text, len, &src, l, &complete, &d) != RL_ERR_OK)
		fail_msg("%s: %s", path, d.msg);
	free(text);
	if (!with_tsan)
		return;
	snprintf(path, sizeof(path), "%s/helgrind/%s.tsan.txt", FIXTURES_DIR, name);
	text = read_file_capped(path, 1u << 24, &len);
	assert_non_null(text);
	if (tsan_parse_log(text, len, &src, l, &d) != RL_ERR_OK)
		fail_msg("%s: %s", path, d.msg);
	free(text);
}

static size_t count_kind(const struct finding_list *l, enum finding_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++)
		n += l->items[i].kind == k;
	return n;
}

static void test_counter_one_finding_both_tools(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	collect("counter", true, &l);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	assert_int_equal(l.items[0].tools, BOTH);
	assert_string_equal(l.items[0].locs[0].file, "hg_counter.c");
	assert_int_equal(l.items[0].locs[0].line, 11);
	finding_list_release(&l);
}

static void test_atomics_false_alarm_dropped(void **state)
{
	struct finding_list l = FINDING_LIST_INIT, dropped = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	collect("atomic_publish", true, &l);
	assert_int_equal(count_kind(&l, FK_DATA_RACE), 2);
	assert_int_equal(reconcile_findings_ex(&l, BOTH, BOTH, &dropped, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	assert_int_equal(dropped.nr, 2);
	assert_int_equal(dropped.items[0].tools, TOOL(HELGRIND));
	finding_list_release(&dropped);
	/* The same through the pipeline's entry point. */
	collect("atomic_publish", true, &l);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
	/* glibc's atomic pthread_once fast path: the same blind spot, the same answer. */
	collect("glibc_mix", true, &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
}

static void test_helgrind_race_kept_without_tsan_evidence(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	/* TSan did not run (the exercise turned it off): Helgrind is all there is. */
	collect("atomic_publish", false, &l);
	assert_int_equal(reconcile_findings(&l, TOOL(HELGRIND), &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	finding_list_release(&l);
	/* TSan ran but was killed before its end: its silence proves nothing. */
	collect("atomic_publish", true, &l);
	assert_int_equal(reconcile_findings_ex(&l, BOTH, TOOL(HELGRIND), NULL, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	/* The entry point reads that from a hang among the findings. */
	finding_list_release(&l);
	collect("atomic_publish", true, &l);
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(RUN), NULL, 0, "killed at 10 s"),
			 RL_ERR_OK);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(count_kind(&l, FK_DATA_RACE), 2);
	finding_list_release(&l);
}

static void test_helgrind_only_misuse_kept(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	/* TSan ran to its end and said nothing; the worker really returned holding the lock. */
	collect("thread_exit_locked", true, &l);
	assert_int_equal(reconcile_findings_ex(&l, BOTH, BOTH, NULL, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].tools, TOOL(HELGRIND));
	finding_list_release(&l);
	/* The relock: TSan was killed hanging, Helgrind had reported it before the hang. */
	collect("relock", true, &l);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].locs[0].line, 15);
	finding_list_release(&l);
}

static void test_both_tools_merge_on_partial_places(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	static const char *const misuse[] = { "unlock_unlocked", "unlock_foreign",
					      "destroy_locked" };

	(void)state;
	/* TSan names the two inner acquisitions, Helgrind also the outer one: one inversion. */
	collect("lockorder", true, &l);
	assert_int_equal(l.nr, 2);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_ORDER);
	assert_int_equal(l.items[0].tools, BOTH);
	assert_int_equal(l.items[0].nlocs, 3);
	finding_list_release(&l);
	for (size_t i = 0; i < sizeof(misuse) / sizeof(*misuse); i++) {
		collect(misuse[i], true, &l);
		assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
		assert_int_equal(l.nr, 1);
		assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
		assert_int_equal(l.items[0].tools, BOTH);
		finding_list_release(&l);
	}
}

static void test_correct_programs_pass(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	static const char *const ok[] = { "condvar", "condvar_late_signal", "atomic_publish",
					  "glibc_mix" };

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		collect(ok[i], true, &l);
		assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
		assert_int_equal(l.nr, 0);
		finding_list_release(&l);
	}
}

static void test_gated_inversion_needs_tracer(void **state)
{
	struct finding_list l = FINDING_LIST_INIT, dropped = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	unsigned all = BOTH | TOOL(LOCKGRAPH);

	(void)state;
	/* Without the tracer both tools agree, and nothing can refute them. */
	collect("gated_inversion", true, &l);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].tools, BOTH);
	finding_list_release(&l);
	/* The tracer ran to its end and found the gate: no cycle to report. */
	collect("gated_inversion", true, &l);
	assert_int_equal(reconcile_findings_ex(&l, all, all, &dropped, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	assert_int_equal(dropped.nr, 1);
	finding_list_release(&dropped);
	/* The tracer found the cycle too (at one shared place): all three are one finding. */
	collect("lockorder", true, &l);
	assert_int_equal(finding_list_add1(&l, FK_LOCK_ORDER, TOOL(LOCKGRAPH), "hg_lockorder.c", 22,
					   "cycle a -> b -> a"), RL_ERR_OK);
	assert_int_equal(reconcile_findings_ex(&l, all, all, NULL, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].tools, all);
	finding_list_release(&l);
}

static void add_race(struct finding_list *l, unsigned tool, int line1, int line2)
{
	struct finding f = FINDING_INIT;

	f.kind = FK_DATA_RACE;
	f.tools = tool;
	f.message = strdup("race");
	assert_non_null(f.message);
	f.nlocs = line2 ? 2 : 1;
	assert_int_equal(location_set(&f.locs[0], "x.c", line1, 0, NULL, NULL), RL_ERR_OK);
	if (line2)
		assert_int_equal(location_set(&f.locs[1], "x.c", line2, 0, NULL, NULL), RL_ERR_OK);
	assert_int_equal(finding_list_add(l, &f), RL_ERR_OK);
}

static void test_places_rules(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	/* A race with a lost history (one place) is the same as TSan's two-place one. */
	add_race(&l, TOOL(HELGRIND), 5, 0);
	add_race(&l, TOOL(TSAN), 9, 5);
	assert_true(reconcile_same(&l.items[0], &l.items[1]));
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].tools, BOTH);
	assert_int_equal(l.items[0].nlocs, 2);
	assert_int_equal(l.items[0].count, 2);
	finding_list_release(&l);
	/* Overlapping but different pairs stay apart; TSan saw a race at 7, so 5-7 is believed. */
	add_race(&l, TOOL(HELGRIND), 5, 7);
	add_race(&l, TOOL(TSAN), 7, 9);
	assert_false(reconcile_same(&l.items[0], &l.items[1]));
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	finding_list_release(&l);
	/* A Helgrind race far from TSan's is refuted; TSan's own stays. */
	add_race(&l, TOOL(HELGRIND), 30, 31);
	add_race(&l, TOOL(TSAN), 7, 9);
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].tools, TOOL(TSAN));
	finding_list_release(&l);
	/* A TSan-only race is believed even when Helgrind ran to its end. */
	add_race(&l, TOOL(TSAN), 7, 9);
	assert_int_equal(reconcile_findings_ex(&l, BOTH, BOTH, NULL, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	finding_list_release(&l);
	/* Different kinds, or no places, are never the same bug. */
	add_race(&l, TOOL(HELGRIND), 5, 0);
	assert_int_equal(finding_list_add1(&l, FK_LOCK_MISUSE, TOOL(TSAN), "x.c", 5, "m"),
			 RL_ERR_OK);
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(RUN), NULL, 0, "h"), RL_ERR_OK);
	assert_false(reconcile_same(&l.items[0], &l.items[1]));
	assert_false(reconcile_same(&l.items[2], &l.items[2]));
	finding_list_release(&l);
	/* An empty list is fine. */
	assert_int_equal(reconcile_findings(&l, BOTH, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_one_finding_both_tools),
		cmocka_unit_test(test_atomics_false_alarm_dropped),
		cmocka_unit_test(test_helgrind_race_kept_without_tsan_evidence),
		cmocka_unit_test(test_helgrind_only_misuse_kept),
		cmocka_unit_test(test_both_tools_merge_on_partial_places),
		cmocka_unit_test(test_correct_programs_pass),
		cmocka_unit_test(test_gated_inversion_needs_tracer),
		cmocka_unit_test(test_places_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
