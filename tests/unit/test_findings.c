/* Findings: vocabulary, merging of the same bug seen twice, sorting, ownership. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/findings.h"

static void add(struct finding_list *l, enum finding_kind k, unsigned tools, const char *f1,
		int l1, const char *f2, int l2)
{
	struct finding f = FINDING_INIT;

	f.kind = k;
	f.severity = finding_default_severity(k);
	f.tools = tools;
	f.message = strdup("msg");
	assert_int_equal(location_set(&f.locs[0], f1, l1, 0, "fn", "T1"), RL_ERR_OK);
	f.nlocs = 1;
	if (f2) {
		assert_int_equal(location_set(&f.locs[1], f2, l2, 0, NULL, "T2"), RL_ERR_OK);
		f.nlocs = 2;
	}
	assert_int_equal(finding_list_add(l, &f), RL_ERR_OK);
	assert_null(f.message); /* ownership moved */
}

static void test_vocabulary(void **state)
{
	(void)state;
	assert_string_equal(finding_kind_name(FK_DATA_RACE), "data-race");
	assert_string_equal(finding_kind_name(FK_LOCK_ORDER), "lock-order-inversion");
	assert_int_equal(finding_kind_parse("deadlock"), FK_DEADLOCK);
	assert_int_equal(finding_kind_parse("race"), -1);
	assert_string_equal(tool_name(TOOL_BIT_HELGRIND), "helgrind");
	assert_int_equal(finding_default_severity(FK_THREAD_LEAK), SEV_WARNING);
	assert_int_equal(finding_default_severity(FK_HANG), SEV_ERROR);
}

static void test_merge_same_locations_any_order(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	add(&l, FK_DATA_RACE, TOOL(TSAN), "a.c", 10, "a.c", 12);
	add(&l, FK_DATA_RACE, TOOL(HELGRIND), "a.c", 12, "a.c", 10);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].tools, TOOL(TSAN) | TOOL(HELGRIND));
	assert_int_equal(l.items[0].count, 2);
	/* Another line or another kind is another finding. */
	add(&l, FK_DATA_RACE, TOOL(TSAN), "a.c", 11, NULL, 0);
	add(&l, FK_LOCK_MISUSE, TOOL(TSAN), "a.c", 10, "a.c", 12);
	assert_int_equal(l.nr, 3);
	assert_int_equal(finding_list_errors(&l), 3);
	assert_true(finding_list_has_kind(&l, FK_LOCK_MISUSE));
	assert_false(finding_list_has_kind(&l, FK_DEADLOCK));
	finding_list_release(&l);
	assert_int_equal(l.nr, 0);
}

static void test_unlocated_merge(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(RUN), NULL, 0, "killed"), RL_ERR_OK);
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(RUN), NULL, 0, "killed"), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	/* The same tool with another message stays apart; another tool's hang merges. */
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(RUN), NULL, 0, "other"), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	assert_int_equal(finding_list_add1(&l, FK_HANG, TOOL(TSAN), NULL, 0, "x"), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	finding_list_release(&l);
}

static void test_merge_list_and_sort(void **state)
{
	struct finding_list a = FINDING_LIST_INIT, b = FINDING_LIST_INIT;

	(void)state;
	add(&a, FK_DEADLOCK, TOOL(LOCKGRAPH), "z.c", 5, NULL, 0);
	add(&b, FK_DATA_RACE, TOOL(TSAN), "b.c", 30, NULL, 0);
	add(&b, FK_DATA_RACE, TOOL(TSAN), "b.c", 3, NULL, 0);
	assert_int_equal(finding_list_merge(&a, &b), RL_ERR_OK);
	assert_int_equal(a.nr, 3);
	finding_list_sort(&a);
	assert_string_equal(a.items[0].locs[0].file, "b.c");
	assert_int_equal(a.items[0].locs[0].line, 3);
	assert_int_equal(a.items[1].locs[0].line, 30);
	assert_string_equal(a.items[2].locs[0].file, "z.c");
	/* b still owns its own copies. */
	assert_string_equal(b.items[0].locs[0].file, "b.c");
	finding_list_release(&a);
	finding_list_release(&b);
}

static void test_warning_promoted_by_error_twin(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct finding f = FINDING_INIT;

	(void)state;
	add(&l, FK_THREAD_LEAK, TOOL(TSAN), "a.c", 1, NULL, 0);
	assert_int_equal(finding_list_errors(&l), 0);
	f.kind = FK_THREAD_LEAK;
	f.severity = SEV_ERROR;
	f.tools = TOOL(HELGRIND);
	assert_int_equal(location_set(&f.locs[0], "a.c", 1, 0, NULL, NULL), RL_ERR_OK);
	f.nlocs = 1;
	assert_int_equal(finding_list_add(&l, &f), RL_ERR_OK);
	assert_int_equal(finding_list_errors(&l), 1);
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_merge_same_locations_any_order),
		cmocka_unit_test(test_unlocated_merge),
		cmocka_unit_test(test_merge_list_and_sort),
		cmocka_unit_test(test_warning_promoted_by_error_twin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
