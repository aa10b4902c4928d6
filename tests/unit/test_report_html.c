/*
 * Tests of the html writer and the class dashboard: escaping of everything a submission controls,
 * the SVG whitelist on hostile graphs, the hints callback, and the dashboard's grid and footer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade/grade.h"
#include "report/report.h"

static char *capture(void (*fn)(FILE *, const char *), const char *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, arg);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_escape(void **state)
{
	char *s = capture(report_html_escape, "<script>\"a\" & 'b' \x01\xff caf\xc3\xa9");

	(void)state;
	assert_string_equal(s, "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39; ?? café");
	free(s);
	s = capture(report_html_url, "<script> a/b.html");
	assert_string_equal(s, "%3Cscript%3E%20a%2Fb.html");
	free(s);
}

/* A writer's whole page for s, as a string. */
static char *page(const struct result_set *s, const struct report_opts *o)
{
	const struct report_ops *w = report_find("html");
	struct diag d = DIAG_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(w);
	assert_string_equal(w->suffix, ".html");
	assert_non_null(f);
	assert_int_equal(w->write(f, s, o, &d), RL_ERR_OK);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/racelab-html-XXXXXX.svg");
	int fd = mkstemps(path, 4);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void one_result(struct result_set *s, const char *graph, const char *msg)
{
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct finding f = FINDING_INIT;

	r.name = strdup("01-lost-update");
	r.verdict = VERDICT_FAIL;
	r.max_score = 10;
	f.kind = FK_DEADLOCK;
	f.message = strdup(msg);
	f.graph = graph ? strdup(graph) : NULL;
	f.seed = 7;
	assert_int_equal(location_set(&f.locs[0], "\"><img src=x onerror=alert(1)>", 3, 0, NULL,
				      "<b>T1</b>"), RL_ERR_OK);
	f.nlocs = 1;
	assert_int_equal(finding_list_add(&r.findings, &f), RL_ERR_OK);
	assert_int_equal(result_set_add(s, &r), RL_ERR_OK);
}

static void test_hostile_svg(void **state)
{
	static const char svg[] =
		"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"80pt\" onload=\"alert(1)\">"
		"<script>alert(2)</script><g id=\"g0\" class=\"graph\" style=\"background:url(x)\">"
		"<a xlink:href=\"javascript:alert(3)\"><text>in a link</text></a>"
		"<foreignObject><div>html</div></foreignObject>"
		"<ellipse cx=\"1\" cy=\"2\" fill=\"url(http://evil/x)\" stroke=\"red\"/>"
		"<text x=\"1\">mutex &lt;img src=x onerror=alert(4)&gt;</text></g></svg>";
	struct result_set s = RESULT_SET_INIT;
	struct report_opts o = { 0 };
	char *path = write_temp(svg), *html;

	(void)state;
	one_result(&s, path, "T1 waits for `</script><script>alert(5)</script>`");
	html = page(&s, &o);
	assert_non_null(strstr(html, "<svg role=\"img\" width=\"80pt\">"));
	assert_non_null(strstr(html, "<ellipse cx=\"1\" cy=\"2\" stroke=\"red\">"));
	assert_non_null(strstr(html, "mutex &lt;img src=x onerror=alert(4)&gt;</text>"));
	assert_non_null(strstr(html, "&lt;/script&gt;&lt;script&gt;alert(5)"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;:3"));
	assert_non_null(strstr(html, "Seed 7"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "onload"));
	assert_null(strstr(html, "javascript:"));
	assert_null(strstr(html, "in a link"));
	assert_null(strstr(html, "foreignObject"));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "style=\"background"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	free(html);
	unlink(path);
	free(path);
	result_set_release(&s);
}

/* An entity declared in the DOCTYPE is refused whole: the graph is named, not drawn. */
static void test_svg_entities_refused(void **state)
{
	static const char svg[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		"<svg><text>&b;</text></svg>";
	struct result_set s = RESULT_SET_INIT;
	struct report_opts o = { 0 };
	char *path = write_temp(svg), *html;

	(void)state;
	one_result(&s, path, "m");
	html = page(&s, &o);
	assert_null(strstr(html, "<svg"));
	assert_null(strstr(html, "aaaaaaaaaa"));
	assert_non_null(strstr(html, "could not be drawn inline"));
	free(html);
	unlink(path);
	free(path);
	result_set_release(&s);
}

static int two_of_three(const char *name, struct hints *h)
{
	assert_string_equal(name, "01-lost-update");
	h->items[0] = strdup("Look at <total>.");
	h->items[1] = strdup("Which lock?");
	h->nr = 2;
	return 3;
}

static void test_hints_and_policy(void **state)
{
	struct result_set s = RESULT_SET_INIT;
	struct report_opts o = { .revealed_hints = two_of_three };
	char *html;

	(void)state;
	one_result(&s, NULL, "m");
	html = page(&s, &o);
	assert_non_null(strstr(html, "Hints revealed: 2 of 3"));
	assert_non_null(strstr(html, "<li>Look at &lt;total&gt;.</li>"));
	assert_non_null(strstr(html, "default-src 'none'"));
	assert_null(strstr(html, "script-src"));
	free(html);
	result_set_release(&s);
}

static void add_student(struct grade_class *g, size_t k, const char *name, enum verdict v,
			enum finding_kind kind, bool missing)
{
	struct grade_student *st = &g->items[k];
	struct exercise_result r = EXERCISE_RESULT_INIT;

	st->name = strdup(name);
	st->results = (struct result_set)RESULT_SET_INIT;
	r.name = strdup("01-x");
	r.verdict = v;
	r.max_score = 10;
	r.score = v == VERDICT_PASS ? 10 : 0;
	if (missing)
		r.note = strdup("not submitted: no 01-x/ folder in the submission");
	if (v == VERDICT_FAIL && !missing) {
		assert_int_equal(finding_list_add1(&r.findings, FK_WRONG_OUTPUT, TOOL(RUN), NULL, 0,
						   "exit 1"), RL_ERR_OK);
		assert_int_equal(finding_list_add1(&r.findings, kind, TOOL(TSAN), "a.c", 3, "m"),
				 RL_ERR_OK);
	}
	assert_int_equal(result_set_add(&st->results, &r), RL_ERR_OK);
}

static void test_dashboard(void **state)
{
	struct grade_column cols[] = { { "01-x", "The <x>", 10 } };
	struct grade_class g = { calloc(4, sizeof(struct grade_student)), 4 };
	struct diag d = DIAG_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	add_student(&g, 0, "<script>", VERDICT_FAIL, FK_DATA_RACE, false);
	add_student(&g, 1, "ada", VERDICT_PASS, FK_DATA_RACE, false);
	add_student(&g, 2, "bob", VERDICT_FAIL, FK_DATA_RACE, false);
	add_student(&g, 3, "cy", VERDICT_FAIL, FK_DATA_RACE, true);
	assert_int_equal(grade_write_dashboard(f, cols, 1, &g, true, &d), RL_ERR_OK);
	assert_int_equal(fclose(f), 0);
	/* The main finding is the race, not the wrong output it caused. */
	assert_non_null(strstr(buf, "fail: data-race"));
	assert_null(strstr(buf, "fail: wrong-output"));
	assert_non_null(strstr(buf, "<td class=\"missing\" data-k=\"0\">not submitted</td>"));
	assert_non_null(strstr(buf, "<td>1/4 (25%)</td>"));
	assert_non_null(strstr(buf, "<td>data-race (2)</td>"));
	assert_non_null(strstr(buf, "<a href=\"%3Cscript%3E.html\">&lt;script&gt;</a>"));
	assert_non_null(strstr(buf, "title=\"The &lt;x&gt;\""));
	/* One script, the sorter, allowed by the nonce the policy names. */
	assert_non_null(strstr(buf, "script-src 'nonce-"));
	assert_non_null(strstr(buf, "<script nonce=\""));
	assert_null(strstr(strstr(buf, "<script nonce=") + 1, "<script"));
	free(buf);
	grade_class_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_hostile_svg),
		cmocka_unit_test(test_svg_entities_refused),
		cmocka_unit_test(test_hints_and_policy),
		cmocka_unit_test(test_dashboard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
