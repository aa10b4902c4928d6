/* The functional check: each way a run can end becomes its own finding kind. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/plain/functional.h"
#include "detect/plain/output_quote.h"

static char out_path[64], err_path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(out_path, sizeof(out_path), "/tmp/rl-func-out-%d", (int)getpid());
	snprintf(err_path, sizeof(err_path), "/tmp/rl-func-err-%d", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(out_path);
	unlink(err_path);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static enum finding_kind only_kind(struct finding_list *l)
{
	assert_int_equal(l->nr, 1);
	return l->items[0].kind;
}

static void run_case(const struct spawn_result *r, const char *out, const char *err,
		     struct finding_list *l)
{
	struct functional_expect e = { 0, "^total = 40000$", 10 };

	write_file(out_path, out);
	write_file(err_path, err);
	assert_int_equal(functional_check(&e, r, out_path, err_path, TOOL(RUN), l), RL_ERR_OK);
}

static void test_pass(void **state)
{
	struct spawn_result r = { .exited = true };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	run_case(&r, "start\ntotal = 40000\n", "", &l);
	assert_int_equal(l.nr, 0);
}

static void test_wrong_output_and_status(void **state)
{
	struct spawn_result r = { .exited = true };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	run_case(&r, "total = 39872\n", "", &l);
	assert_int_equal(only_kind(&l), FK_WRONG_OUTPUT);
	finding_list_release(&l);
	r.status = 3;
	run_case(&r, "total = 40000\n", "", &l);
	assert_int_equal(only_kind(&l), FK_WRONG_OUTPUT);
	assert_non_null(strstr(l.items[0].message, "exit status 3"));
	finding_list_release(&l);
}

static void test_assertion_located(void **state)
{
	struct spawn_result r = { .status = 128 + SIGABRT, .term_signal = SIGABRT };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	run_case(&r, "", "prog: /tmp/x/work/bank.c:42: withdraw: Assertion `balance >= 0' failed.\n",
		 &l);
	assert_int_equal(only_kind(&l), FK_ASSERTION);
	assert_string_equal(l.items[0].locs[0].file, "bank.c");
	assert_int_equal(l.items[0].locs[0].line, 42);
	assert_string_equal(l.items[0].locs[0].function, "withdraw");
	assert_non_null(strstr(l.items[0].message, "balance >= 0"));
	finding_list_release(&l);
}

static void test_crash_hang_limit(void **state)
{
	struct spawn_result crash = { .status = 128 + SIGSEGV, .term_signal = SIGSEGV };
	struct spawn_result hang = { .status = 128 + SIGKILL, .term_signal = SIGKILL,
				     .timed_out = true };
	struct spawn_result limit = { .status = 128 + SIGXCPU, .term_signal = SIGXCPU,
				      .limit_hit = true };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	run_case(&crash, "", "", &l);
	assert_int_equal(only_kind(&l), FK_CRASH);
	finding_list_release(&l);
	run_case(&hang, "", "", &l);
	assert_int_equal(only_kind(&l), FK_HANG);
	finding_list_release(&l);
	run_case(&limit, "", "", &l);
	assert_int_equal(only_kind(&l), FK_RESOURCE_LIMIT);
	finding_list_release(&l);
}

static void test_fake_pass_line_is_not_a_verdict(void **state)
{
	struct spawn_result r = { .exited = true, .status = 1 };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* A program that prints what a passing report would look like still fails on its status. */
	run_case(&r, "total = 40000\nPASS\n{\"verdict\": \"pass\"}\n", "", &l);
	assert_int_equal(only_kind(&l), FK_WRONG_OUTPUT);
	finding_list_release(&l);
}

/* The program's own explanation shows; the runs' different numbers still make one finding. */
static void test_quotes_fail_line_and_merges_runs(void **state)
{
	struct spawn_result r = { .exited = true, .status = 1 };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	run_case(&r, "total = 39941\nFAIL: lost 59 of 40000 records\n", "", &l);
	assert_int_equal(only_kind(&l), FK_WRONG_OUTPUT);
	assert_string_equal(l.items[0].message, "exit status 1, expected 0; it printed: "
			    "\"FAIL: lost 59 of 40000 records\"");
	run_case(&r, "total = 39939\nFAIL: lost 61 of 40000 records\n", "", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].count, 2);
	finding_list_release(&l);
}

static void test_quotes_last_lines_sanitised(void **state)
{
	struct spawn_result r = { .exited = true, .status = 2 };
	struct spawn_result seg = { .status = 128 + SIGSEGV, .term_signal = SIGSEGV };
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* Terminal escapes, a C1 control and a bad UTF-8 byte from a hostile program. */
	run_case(&r, "a\nb\nc\n\x1b[2J\x1b]0;pwned\x07" "d\xc2\x9b\xff" "é\n\n", "", &l);
	assert_non_null(strstr(l.items[0].message, "\"b\" | \"c\" | \"?[2J?]0;pwned?d???\xc3\xa9\""));
	assert_null(strchr(l.items[0].message, 0x1b));
	finding_list_release(&l);
	/* Nothing on stdout: stderr speaks; a signal is named. */
	run_case(&seg, "", "worker 3: bad pointer\n", &l);
	assert_int_equal(only_kind(&l), FK_CRASH);
	assert_non_null(strstr(l.items[0].message, "SIGSEGV"));
	assert_non_null(strstr(l.items[0].message, "expected exit status 0"));
	assert_non_null(strstr(l.items[0].message, "\"worker 3: bad pointer\""));
	finding_list_release(&l);
}

static void test_quote_line_bounded(void **state)
{
	char big[5000], buf[32];

	(void)state;
	memset(big, 'x', sizeof(big));
	output_quote_line(big, sizeof(big), buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_string_equal(buf + sizeof(buf) - 4, "...");
	/* A cut never splits a UTF-8 character. */
	output_quote_line("\xc3\xa9\xc3\xa9\xc3\xa9", 6, buf, 7);
	assert_string_equal(buf, "\xc3\xa9...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass),
		cmocka_unit_test(test_wrong_output_and_status),
		cmocka_unit_test(test_assertion_located),
		cmocka_unit_test(test_crash_hang_limit),
		cmocka_unit_test(test_fake_pass_line_is_not_a_verdict),
		cmocka_unit_test(test_quotes_fail_line_and_merges_runs),
		cmocka_unit_test(test_quotes_last_lines_sanitised),
		cmocka_unit_test(test_quote_line_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
