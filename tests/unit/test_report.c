/* Tests of the report writers on a hand-built result set: text, JSON, JUnit, TAP, Gradescope
 * (html has its own file, test_report_html.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "report/report_int.h"
#include "model/result.h"

/* A message with everything an escaper must handle: markup, quotes, a control byte, bad UTF-8. */
#define NASTY_MESSAGE "read of <total> & \"write\" by 'T2' \x01 in \xff\xfe caf\xc3\xa9"

static void add_finding(struct exercise_result *r, enum finding_kind kind, enum severity sev,
			unsigned tools, const char *msg, const char *graph, long seed)
{
	struct finding f = FINDING_INIT;

	f.kind = kind;
	f.severity = sev;
	f.tools = tools;
	f.message = strdup(msg);
	f.graph = graph ? strdup(graph) : NULL;
	f.seed = seed;
	assert_non_null(f.message);
	if (kind == FK_DEADLOCK) {
		assert_int_equal(location_set(&f.locs[0], "bank.c", 31, 5, "transfer", "T2"),
				 RL_ERR_OK);
		assert_int_equal(location_set(&f.locs[1], "bank.c", 40, 2, "transfer", "T3"),
				 RL_ERR_OK);
		f.nlocs = 2;
	} else if (kind == FK_DATA_RACE) {
		assert_int_equal(location_set(&f.locs[0], "bank.c", 22, 0, NULL, NULL), RL_ERR_OK);
		f.nlocs = 1;
	}
	assert_int_equal(finding_list_add(&r->findings, &f), RL_ERR_OK);
}

static void add_result(struct result_set *s, const char *name, enum verdict v, int score, int max,
		       long ms, const char *note)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;

	r.name = strdup(name);
	r.dir = strdup(FIXTURES_DIR "/report");
	r.verdict = v;
	r.score = score;
	r.max_score = max;
	r.duration_ms = ms;
	r.note = note ? strdup(note) : NULL;
	if (!strcmp(name, "03-bank-deadlock")) {
		add_finding(&r, FK_DEADLOCK, SEV_ERROR, TOOL(LOCKGRAPH) | TOOL(TSAN),
			    "lock order cycle: T2 holds from->lock, wants to->lock",
			    "graphs/03-bank-deadlock.deadlock.svg", 17);
		add_finding(&r, FK_DATA_RACE, SEV_ERROR, TOOL(HELGRIND), NASTY_MESSAGE, NULL, -1);
		add_finding(&r, FK_THREAD_LEAK, SEV_WARNING, TOOL(LOCKGRAPH), "T4 never joined",
			    NULL, -1);
	}
	assert_int_equal(result_set_add(s, &r), RL_ERR_OK);
	assert_null(r.name); /* ownership taken */
}

/* pass, fail (with findings), skipped, error: every branch of every writer. */
static void build_set(struct result_set *s)
{
	add_result(s, "01-lost-update", VERDICT_PASS, 10, 10, 120, NULL);
	add_result(s, "03-bank-deadlock", VERDICT_FAIL, 0, 10, 812, "ignored exercise.ini");
	add_result(s, "22-cuda-reduction", VERDICT_SKIPPED, 0, 10, 3, "no GPU & no nvcc");
	add_result(s, "05-publication", VERDICT_ERROR, 0, 10, 0, "clang not found <install it>");
}

/* The command a seed repeats with: the CLI supplies it; the writer only prints it. */
static void repeat_cmd(char *buf, size_t len, const char *name, long seed)
{
	snprintf(buf, len, "racelab check %s --seed %ld", name, seed);
}

/* Runs a writer into a malloc'd string. */
static char *render(const char *format, const struct result_set *s, bool color)
{
	const struct report_ops *w = report_find(format);
	struct report_opts o = { .color = color, .quote_source = true, .suite = "racelab",
				 .repeat_cmd = repeat_cmd };
	struct diag d = DIAG_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	assert_non_null(w);
	assert_non_null(mem);
	assert_int_equal(w->write(mem, s, &o, &d), RL_ERR_OK);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

/* Writes text to a fresh temporary file; returns its path (static buffer per slot). */
static const char *to_file(const char *text, const char *suffix)
{
	static char path[256];
	int fd;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/racelab-test-report-XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Runs cmd and returns its whole stdout (malloc'd); *status gets the exit status. */
static char *run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(p);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, p);
	while (n > 0 && buf[n - 1] == '\n')
		n--; /* as a shell's $(...) does */
	buf[n] = '\0';
	*status = pclose(p);
	return buf;
}

static void test_find(void **state)
{
	static const char *const names[] = { "text", "json", "junit", "tap", "gradescope", "html" };

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		assert_non_null(report_find(names[i]));
		assert_string_equal(report_find(names[i])->name, names[i]);
	}
	assert_null(report_find("xml"));
	assert_null(report_find(NULL));
	/* Messages list every writer from the table, and each has a file suffix. */
	assert_string_equal(report_names(), "text, json, junit, tap, gradescope, html");
	assert_string_equal(report_find("junit")->suffix, ".junit.xml");
	assert_string_equal(report_find("gradescope")->suffix, ".gradescope.json");
}

static void test_result_set(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	int p, f, sk, e, score, max;

	(void)state;
	build_set(&s);
	result_set_counts(&s, &p, &f, &sk, &e);
	assert_int_equal(p, 1);
	assert_int_equal(f, 1);
	assert_int_equal(sk, 1);
	assert_int_equal(e, 1);
	result_set_score(&s, &score, &max);
	assert_int_equal(score, 10);
	assert_int_equal(max, 40);
	assert_string_equal(verdict_name(VERDICT_SKIPPED), "skipped");
	assert_string_equal(verdict_name(VERDICT_ERROR), "error");
	result_set_release(&s);
	assert_int_equal(s.nr, 0);
	result_set_release(&s); /* twice is harmless */
}

static void test_text(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	char *out, *colored;

	(void)state;
	build_set(&s);
	out = render("text", &s, false);
	assert_non_null(strstr(out, "✓ 01-lost-update"));
	assert_non_null(strstr(out, "✗ 03-bank-deadlock"));
	assert_non_null(strstr(out, "fail    0/10  (812 ms)"));
	assert_non_null(strstr(out, "  note: ignored exercise.ini\n"));
	/* Compiler-style: file:line:col: kind: message [tools], the line quoted, a caret under col 5. */
	assert_non_null(strstr(out, "bank.c:31:5: deadlock: lock order cycle: T2 holds from->lock, "
				    "wants to->lock [tsan, lockgraph]\n"
				    "   31 |     pthread_mutex_lock(&from->lock);\n"
				    "      |     ^\n"));
	/* The second place as a note; the caret after a tab keeps the tab so it lines up. */
	assert_non_null(strstr(out, "bank.c:40:2: note: T3 in transfer\n"
				    "   40 | \tlong unused_tab_indented = 0;\n"
				    "      | \t^\n"));
	assert_non_null(strstr(out, "  graph: graphs/03-bank-deadlock.deadlock.svg\n"));
	assert_non_null(strstr(out, "  repeat with: racelab check 03-bank-deadlock --seed 17\n"));
	/* Terminal-safe: the control byte and the bytes that are not UTF-8 became '?'. */
	assert_non_null(strstr(out, "bank.c:22: data-race: read of <total> & \"write\" by 'T2' ? in "
				    "?? caf\xc3\xa9 [helgrind]\n"));
	assert_non_null(strstr(out, "03-bank-deadlock: warning: thread-leak: T4 never joined"));
	assert_non_null(strstr(out, "1/4 exercises fixed, 10/40 points, 1 skipped, 1 error\n"));
	assert_null(strchr(out, '\033'));
	colored = render("text", &s, true);
	assert_non_null(strstr(colored, "\033["));
	free(colored);
	free(out);

	/* An unreadable source directory: diagnostics without quotes, nothing else changes. */
	free(s.items[1].dir);
	s.items[1].dir = strdup("/nonexistent/racelab");
	out = render("text", &s, false);
	assert_non_null(strstr(out, "wants to->lock [tsan, lockgraph]\nbank.c:40:2: note"));
	assert_null(strstr(out, " | "));
	free(out);

	/* A student's summary names them. */
	s.student = strdup("alice");
	out = render("text", &s, false);
	assert_non_null(strstr(out, "alice: 1/4 exercises fixed, 10/40 points"));
	free(out);
	result_set_release(&s);
}

static void expect_keys(json_t *obj, const char *const *keys, size_t n)
{
	assert_true(json_is_object(obj));
	assert_int_equal(json_object_size(obj), n);
	for (size_t i = 0; i < n; i++) {
		if (!json_object_get(obj, keys[i]))
			fail_msg("missing key %s", keys[i]);
	}
}

static void test_json(void **state)
{
	static const char *const top[] = { "schema", "racelab", "results", "summary" };
	/* Schema 1 and its documented addition per result, "note" (README). */
	static const char *const result[] = { "name",        "verdict", "score",   "max_score",
					      "duration_ms", "note",    "findings" };
	/* Schema 1 and its one documented addition per finding, "timeline" (README). */
	static const char *const finding[] = { "kind",  "tools",    "message", "locations",
					       "graph", "timeline", "seed" };
	static const char *const location[] = { "file", "line", "function", "thread" };
	static const char *const summary[] = { "passed", "failed", "skipped", "errors" };
	struct result_set s = RESULT_SET_INIT;
	json_error_t jerr;
	json_t *root, *r, *f, *loc;
	char *out;

	(void)state;
	build_set(&s);
	out = render("json", &s, false);
	root = json_loads(out, 0, &jerr);
	if (!root)
		fail_msg("JSON does not parse: %s at line %d", jerr.text, jerr.line);
	expect_keys(root, top, 4);
	assert_int_equal(json_integer_value(json_object_get(root, "schema")), 1);
	assert_true(json_is_string(json_object_get(root, "racelab")));
	assert_int_equal(json_array_size(json_object_get(root, "results")), 4);
	expect_keys(json_object_get(root, "summary"), summary, 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "summary"),
							    "errors")), 1);

	r = json_array_get(json_object_get(root, "results"), 1);
	expect_keys(r, result, 7);
	assert_string_equal(json_string_value(json_object_get(r, "name")), "03-bank-deadlock");
	assert_string_equal(json_string_value(json_object_get(r, "note")), "ignored exercise.ini");
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(root, "results"), 0),
						 "note")));
	assert_string_equal(json_string_value(json_object_get(r, "verdict")), "fail");
	assert_int_equal(json_integer_value(json_object_get(r, "max_score")), 10);
	assert_int_equal(json_integer_value(json_object_get(r, "duration_ms")), 812);
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 3);

	f = json_array_get(json_object_get(r, "findings"), 0);
	expect_keys(f, finding, 7);
	assert_string_equal(json_string_value(json_object_get(f, "kind")), "deadlock");
	assert_string_equal(json_string_value(json_array_get(json_object_get(f, "tools"), 0)), "tsan");
	assert_string_equal(json_string_value(json_array_get(json_object_get(f, "tools"), 1)),
			    "lockgraph");
	assert_string_equal(json_string_value(json_object_get(f, "graph")),
			    "graphs/03-bank-deadlock.deadlock.svg");
	assert_int_equal(json_integer_value(json_object_get(f, "seed")), 17);
	loc = json_array_get(json_object_get(f, "locations"), 0);
	expect_keys(loc, location, 4);
	assert_string_equal(json_string_value(json_object_get(loc, "file")), "bank.c");
	assert_int_equal(json_integer_value(json_object_get(loc, "line")), 31);
	assert_string_equal(json_string_value(json_object_get(loc, "function")), "transfer");
	assert_string_equal(json_string_value(json_object_get(loc, "thread")), "T2");

	/* Unknowns are null, never missing; bad UTF-8 became '?', the rest survived. */
	f = json_array_get(json_object_get(r, "findings"), 1);
	assert_true(json_is_null(json_object_get(f, "graph")));
	assert_true(json_is_null(json_object_get(f, "seed")));
	loc = json_array_get(json_object_get(f, "locations"), 0);
	assert_true(json_is_null(json_object_get(loc, "function")));
	assert_string_equal(json_string_value(json_object_get(f, "message")),
			    "read of <total> & \"write\" by 'T2' \x01 in ?? caf\xc3\xa9");
	json_decref(root);
	free(out);

	/* Grading adds the student, and only that. */
	s.student = strdup("bob");
	out = render("json", &s, false);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_object_size(root), 5);
	assert_string_equal(json_string_value(json_object_get(root, "student")), "bob");
	json_decref(root);
	free(out);
	result_set_release(&s);
}

static void test_junit(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	char cmd[1024], *out, *res;
	const char *path;
	int status;

	(void)state;
	build_set(&s);
	out = render("junit", &s, false);
	path = to_file(out, ".xml");
	snprintf(cmd, sizeof(cmd), "xmllint --noout --schema %s/junit/junit.xsd %s 2>&1",
		 FIXTURES_DIR, path);
	res = run(cmd, &status);
	if (status != 0) {
		fprintf(stderr, "xmllint: %s\n%s", res, out);
		fail();
	}
	free(res);

	/* What a reader sees: four testcases, one failure, one error, one skipped. */
	snprintf(cmd, sizeof(cmd),
		 "xmllint --xpath 'concat(count(//testcase),\" \",count(//failure),\" \","
		 "count(//error),\" \",count(//skipped),\" \",//testsuite/@failures)' %s",
		 path);
	res = run(cmd, &status);
	assert_int_equal(status, 0);
	assert_string_equal(res, "4 1 1 1 1");
	free(res);
	snprintf(cmd, sizeof(cmd),
		 "xmllint --xpath 'string(//testcase[@name=\"03-bank-deadlock\"]/failure/@type)' %s",
		 path);
	res = run(cmd, &status);
	assert_string_equal(res, "deadlock, data-race");
	free(res);
	/* The failure body holds the diagnostics, escaped and parsed back intact. */
	snprintf(cmd, sizeof(cmd), "xmllint --xpath 'string(//failure)' %s", path);
	res = run(cmd, &status);
	assert_non_null(strstr(res, "bank.c:31:5: deadlock: lock order cycle"));
	assert_non_null(strstr(res, "read of <total> & \"write\" by 'T2' ? in ?? caf\xc3\xa9"));
	free(res);
	assert_non_null(strstr(out, "[[ATTACHMENT|graphs/03-bank-deadlock.deadlock.svg]]"));
	unlink(path);
	free(out);
	result_set_release(&s);
}

static void test_tap(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	char cmd[1024], *out, *res;
	const char *path;
	int status;

	(void)state;
	build_set(&s);
	out = render("tap", &s, false);
	assert_memory_equal(out, "TAP version 14\n1..4\n", 20);
	assert_non_null(strstr(out, "ok 3 - 22-cuda-reduction (0/10 points) # SKIP no GPU & no nvcc"));
	path = to_file(out, ".tap");
	snprintf(cmd, sizeof(cmd), "perl %s/../grading/tap_check.pl %s 2>&1", FIXTURES_DIR, path);
	res = run(cmd, &status);
	if (status != 0 || !strstr(res, "plan=4 run=4 failed=2,4 skipped=3 parse_errors=0") ||
	    !strstr(res, "prove: tests=4")) {
		fprintf(stderr, "TAP check: %s\n%s", res, out);
		fail();
	}
	free(res);
	unlink(path);
	free(out);
	result_set_release(&s);
}

static void test_gradescope(void **state)
{
	static const char *const test_keys[] = { "name",   "score",  "max_score",
						  "status", "output", "visibility" };
	struct result_set s = RESULT_SET_INIT;
	json_error_t jerr;
	json_t *root, *tests;
	char *out;

	(void)state;
	build_set(&s);
	out = render("gradescope", &s, false);
	root = json_loads(out, 0, &jerr);
	if (!root)
		fail_msg("results.json does not parse: %s", jerr.text);
	assert_int_equal(json_integer_value(json_object_get(root, "score")), 10);
	assert_int_equal(json_integer_value(json_object_get(root, "max_score")), 40);
	assert_true(json_is_string(json_object_get(root, "output")));
	assert_non_null(strstr(json_string_value(json_object_get(root, "output")),
			       "1/4 exercises fixed"));
	tests = json_object_get(root, "tests");
	assert_int_equal(json_array_size(tests), 4);
	for (size_t i = 0; i < 4; i++)
		expect_keys(json_array_get(tests, i), test_keys, 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tests, 0), "status")),
			    "passed");
	for (size_t i = 1; i < 4; i++)
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(tests, i), "status")),
			"failed");
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(tests, 1), "visibility")),
		"visible");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(tests, 1),
								 "output")),
			       "bank.c:31:5: deadlock"));
	json_decref(root);
	free(out);
	result_set_release(&s);
}

static void test_utf8(void **state)
{
	char *c;

	(void)state;
	c = report_utf8_clean("ok \xc3\xa9 \xe2\x9c\x93 \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x9c");
	assert_string_equal(c, "ok \xc3\xa9 \xe2\x9c\x93 ?? ??? ???? ??");
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),  cmocka_unit_test(test_result_set),
		cmocka_unit_test(test_text),  cmocka_unit_test(test_json),
		cmocka_unit_test(test_junit), cmocka_unit_test(test_tap),
		cmocka_unit_test(test_gradescope), cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
