/*
 * Timelines: the raw form survives a round trip and rejects garbage; the page escapes what the
 * program named, carries every thread, lock and source line, and stays bounded on a huge trace;
 * the Chrome trace has a track per thread and the holds, waits and calls as intervals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "graph/timeline.h"
#include "model/util.h"

static char dir[64], path[128];

static int setup(void **state)
{
	char src[160];
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/rl-tl-%d", (int)getpid());
	if (mkdir_p(dir, 0755))
		return -1;
	snprintf(src, sizeof(src), "%s/kitchen.c", dir);
	if (!(fp = fopen(src, "w")))
		return -1;
	fputs("one\n\tpthread_mutex_lock(&tools[left]);\nthree </script><b>x</b>\n", fp);
	fclose(fp);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void ev(struct timeline *tl, uint64_t seq, int th, int type, unsigned obj, unsigned arg,
	       int site)
{
	struct tl_event e = { seq, 1000000 + seq * 1000, th, type, obj, arg, site };

	assert_int_equal(timeline_add_event(tl, &e), RL_ERR_OK);
}

/* T1 holds tools[0] while T2 waits for it, then hands it over; main joins; a hostile name. */
static void small(struct timeline *tl)
{
	int s2, s3;

	assert_int_equal(timeline_add_obj(tl, 1, "mutex", "tools[0]"), RL_ERR_OK);
	assert_int_equal(timeline_add_obj(tl, 2, "cond", "</script><img src=x onerror=alert(1)>"),
			 RL_ERR_OK);
	s2 = timeline_add_site(tl, "kitchen.c", 2, "cook_run");
	s3 = timeline_add_site(tl, "kitchen.c", 3, "cook\tevil\nname");
	assert_true(s2 >= 0 && s3 >= 0);
	ev(tl, 0, 0, TL_CREATE, 0, 1, -1);
	ev(tl, 1, 1, TL_START, 0, 0, -1);
	ev(tl, 2, 1, TL_ACQ, 1, 'm', s2);
	ev(tl, 3, 2, TL_START, 0, 0, -1);
	ev(tl, 4, 2, TL_WAIT, 1, 1, s2);
	ev(tl, 5, 1, TL_BLOCK, 0, 1, s3);
	ev(tl, 6, 1, TL_UNBLOCK, 0, 1, s3);
	ev(tl, 7, 1, TL_REL, 1, 0, s3);
	ev(tl, 8, 2, TL_WAKE, 1, 1, s2);
	ev(tl, 9, 2, TL_ACQ, 1, 'm', s2);
	ev(tl, 10, 1, TL_SIGNAL, 2, 0, s3);
	ev(tl, 11, 0, TL_WAIT, 0, 7, -1);
}

static void test_round_trip(void **state)
{
	struct timeline a = TIMELINE_INIT, b = TIMELINE_INIT;
	struct tl_count c = { 1, 500000, 250000, 3 };
	struct diag d = DIAG_INIT;

	(void)state;
	small(&a);
	a.seed = 17;
	a.total = 99;
	a.stuck = true;
	assert_int_equal(timeline_add_count(&a, &c), RL_ERR_OK);
	snprintf(path, sizeof(path), "%s/raw", dir);
	assert_int_equal(timeline_save(&a, path, &d), RL_ERR_OK);
	assert_int_equal(timeline_load(&b, path, &d), RL_ERR_OK);
	assert_int_equal(b.seed, 17);
	assert_int_equal(b.total, 99);
	assert_true(b.stuck);
	assert_int_equal(b.nevents, a.nevents);
	assert_int_equal(b.nobjs, 2);
	assert_string_equal(timeline_obj(&b, 1)->name, "tools[0]");
	/* A tab or newline from the program cannot split a record. */
	assert_string_equal(b.sites[1].func, "cook evil name");
	assert_int_equal(b.ncounts, 1);
	assert_int_equal(b.counts[0].acq, 250000);
	assert_int_equal(b.events[9].type, TL_ACQ);
	timeline_release(&a);
	timeline_release(&b);
}

static void test_load_rejects_garbage(void **state)
{
	struct timeline t = TIMELINE_INIT;
	struct diag d = DIAG_INIT;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/bad", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not a timeline\n", fp);
	fclose(fp);
	assert_int_not_equal(timeline_load(&t, path, &d), RL_ERR_OK);
	timeline_release(&t);
	fp = fopen(path, "w");
	fputs("racelab-timeline 1\nev\t1\t2\t1\tacq\t1\t0\t5\nev\tx\nev\t2\t3\t1\tnope\t0\t0\t-1\n"
	      "ev\t3\t4\t1\trel\t1\t0\t-1\n", fp);
	fclose(fp);
	/* A site index past the sites, a bad number, an unknown type: skipped, the rest kept. */
	assert_int_equal(timeline_load(&t, path, &d), RL_ERR_OK);
	assert_int_equal(t.nevents, 1);
	assert_int_equal(t.events[0].type, TL_REL);
	timeline_release(&t);
}

static char *page(const struct timeline *tl, const char *name)
{
	struct timeline_focus f = { "08-dining-philosophers", "deadlock",
				    "T1 holds <mutex> `tools[0]`", "kitchen.c", 2, dir };
	struct diag d = DIAG_INIT;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(timeline_write_html(tl, &f, path, &d), RL_ERR_OK);
	return read_file_capped(path, 64u << 20, NULL);
}

static void test_page_escapes_and_names(void **state)
{
	struct timeline tl = TIMELINE_INIT;
	char *html, *data, *end;
	json_t *j;

	(void)state;
	small(&tl);
	html = page(&tl, "p.html");
	assert_non_null(html);
	/* The program's strings never appear as markup: not in the data, not in the source line. */
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>x"));
	assert_null(strstr(html, "</script><img"));
	assert_non_null(strstr(html, "T1 holds &lt;mutex&gt; `tools[0]`"));
	assert_non_null(strstr(html, "default-src 'none'"));
	/* The data block parses back, with every lane, lock name and source line. */
	data = strstr(html, "<script type=\"application/json\" id=\"data\">");
	assert_non_null(data);
	data = strchr(data, '>') + 1;
	end = strstr(data, "</script>");
	assert_non_null(end);
	*end = '\0';
	j = json_loads(data, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "threads")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(j,
			    "objs"), "1"), 1)), "tools[0]");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j,
			    "src"), "kitchen.c"), "2")), " pthread_mutex_lock(&tools[left]);");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j,
			    "src"), "kitchen.c"), "3")), "three </script><b>x</b>");
	assert_int_equal(json_array_size(json_object_get(j, "ev")), 12);
	/* Not stuck: the breaking step is the first event at the finding's line (kitchen.c:2). */
	assert_int_equal(json_integer_value(json_object_get(j, "mark")), 2);
	json_decref(j);
	free(html);
	timeline_release(&tl);
}

/* Millions of lock operations, as the raw form's limit allows: the page stays small and fast. */
static void test_huge_trace_bounded(void **state)
{
	struct timeline tl = TIMELINE_INIT;
	struct timespec t0, t1;
	size_t len;
	char *html;
	int s = 0;

	(void)state;
	assert_int_equal(timeline_add_obj(&tl, 1, "mutex", "gil"), RL_ERR_OK);
	s = timeline_add_site(&tl, "kitchen.c", 2, "crunch");
	for (uint64_t i = 0; i < 19000; i++)
		ev(&tl, i * 100, (int)(i % 4), i % 2 ? TL_REL : TL_ACQ, 1, 0, i == 9001 ? s : -1);
	tl.total = 1900000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	html = page(&tl, "huge.html");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_non_null(html);
	len = strlen(html);
	assert_true(len < 1u << 20);
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 1000);
	/* It says what it dropped, marks the gap, and kept the event at the finding's line. */
	assert_non_null(strstr(html, "events shown of 1900000"));
	assert_non_null(strstr(html, "\"gaps\":[["));
	assert_non_null(strstr(html, "[900100,"));
	free(html);
	timeline_release(&tl);
}

static void test_trace_json(void **state)
{
	struct timeline tl = TIMELINE_INIT;
	struct timeline_focus f = { "x", "deadlock", "m", NULL, 0, NULL };
	struct diag d = DIAG_INIT;
	json_t *j, *evs, *e;
	size_t i;
	int meta = 0, holds = 0, waits = 0, calls = 0;

	(void)state;
	small(&tl);
	snprintf(path, sizeof(path), "%s/t.json", dir);
	assert_int_equal(timeline_write_trace_json(&tl, &f, path, &d), RL_ERR_OK);
	j = json_load_file(path, 0, NULL);
	assert_non_null(j);
	evs = json_object_get(j, "traceEvents");
	json_array_foreach(evs, i, e) {
		const char *ph = json_string_value(json_object_get(e, "ph"));
		const char *name = json_string_value(json_object_get(e, "name"));

		assert_non_null(json_object_get(e, "ts"));
		assert_non_null(json_object_get(e, "tid"));
		meta += !strcmp(ph, "M");
		holds += !strcmp(ph, "X") && !strncmp(name, "hold mutex tools[0]", 19);
		waits += !strcmp(ph, "X") && !strncmp(name, "wait", 4);
		calls += !strcmp(ph, "X") && !strcmp(name, "usleep()");
	}
	assert_int_equal(meta, 3);
	assert_int_equal(holds, 2); /* T1's, and T2's never released */
	assert_true(waits >= 2);    /* T2 for tools[0], main's join never ended */
	assert_int_equal(calls, 1);
	json_decref(j);
	timeline_release(&tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_load_rejects_garbage),
		cmocka_unit_test(test_page_escapes_and_names),
		cmocka_unit_test(test_huge_trace_bounded),
		cmocka_unit_test(test_trace_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
