/* Tests of grading: CSV escaping, shards, finding exercises/, and the pool. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade/grade.h"

static struct manifest manifest(int points, int perf_points)
{
	struct manifest m = MANIFEST_INIT;

	m.slug = "01-lost-update";
	m.points = points;
	m.perf_points = perf_points;
	return m;
}

static char *csv(const char *field)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	grade_csv_field(f, field);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_csv_field(void **state)
{
	static const char *const cases[][2] = {
		{ "alice", "alice" },
		{ "smith, john", "\"smith, john\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = csv(cases[i][0]);

		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

static void test_csv_gradebook(void **state)
{
	struct manifest items[2] = { manifest(10, 3), manifest(5, 0) };
	struct course c = { .root = "/kit", .items = items, .nr = 2 };
	struct grade_student st[2] = { GRADE_STUDENT_INIT, GRADE_STUDENT_INIT };
	struct grade_class g = { st, 2 };
	struct exercise_result r = EXERCISE_RESULT_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	items[1].slug = "02-refcount,race"; /* a comma in a header cell is quoted */
	st[0].name = "doe, jane";
	r.name = strdup("02-refcount,race");
	r.score = 5;
	assert_int_equal(result_set_add(&st[0].results, &r), RL_ERR_OK);
	r.name = strdup("01-lost-update");
	r.score = 7;
	assert_int_equal(result_set_add(&st[0].results, &r), RL_ERR_OK);
	st[1].name = "zed";
	st[1].err = RL_ERR_IO;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(grade_write_csv(f, &c, &g, NULL), RL_ERR_OK);
	assert_int_equal(fclose(f), 0);
	/* Columns follow the course, not the order results came in; a failed student has blanks. */
	assert_string_equal(buf, "student,01-lost-update,\"02-refcount,race\",total,max\n"
				 "\"doe, jane\",7,5,12,15\n"
				 "zed,,,,15\n");
	free(buf);
	result_set_release(&st[0].results);
}

static void test_shard(void **state)
{
	struct diag d = DIAG_INIT;
	int i = 0, n = 0, seen[10] = { 0 };
	static const char *const bad[] = { "0/3", "4/3", "a/b", "1/0", "1/3x", "13", "/3", "-1/3" };

	(void)state;
	assert_int_equal(grade_parse_shard("2/3", &i, &n, &d), RL_ERR_OK);
	assert_int_equal(i, 2);
	assert_int_equal(n, 3);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		diag_clear(&d);
		assert_int_equal(grade_parse_shard(bad[k], &i, &n, &d), RL_ERR_USAGE);
		assert_non_null(strstr(d.msg, "I/N"));
	}
	/* Every student in exactly one shard. */
	for (int s = 1; s <= 3; s++)
		for (size_t pos = 0; pos < 10; pos++)
			if (grade_shard_selects(pos, s, 3))
				seen[pos]++;
	for (size_t pos = 0; pos < 10; pos++)
		assert_int_equal(seen[pos], 1);
	assert_true(grade_shard_selects(0, 1, 3));
	assert_true(grade_shard_selects(4, 2, 3));
	assert_false(grade_shard_selects(4, 1, 3));
	assert_true(grade_shard_selects(7, 1, 1));
}

/* A scratch tree under $TMPDIR, removed at the end. */
static char scratch[PATH_MAX];

static void mk(const char *rel)
{
	char path[PATH_MAX * 2], cmd[PATH_MAX * 2 + 16];

	snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static int setup_scratch(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/racelab-test-grade-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(scratch) ? 0 : -1;
}

static int teardown_scratch(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

static void expect_found(const struct course *c, const char *student, const char *want)
{
	char dir[PATH_MAX * 2], expect[PATH_MAX * 2];
	struct diag d = DIAG_INIT;
	char *got = NULL;

	snprintf(dir, sizeof(dir), "%s/%s", scratch, student);
	snprintf(expect, sizeof(expect), "%s/%s%s%s", scratch, student, want[0] ? "/" : "", want);
	assert_int_equal(grade_find_exercises(dir, c, &got, &d), RL_ERR_OK);
	assert_string_equal(got, expect);
	free(got);
}

static void test_find_exercises(void **state)
{
	struct manifest items[1] = { manifest(10, 0) };
	struct course c = { .root = "/kit", .items = items, .nr = 1 };
	char target[PATH_MAX * 2], link[PATH_MAX * 2];

	(void)state;
	mk("plain/exercises/01-lost-update");
	/* Shallower but without the course's exercises: the deeper one that has them wins. */
	mk("nested/aaa/exercises");
	mk("nested/repo/kit/exercises/01-lost-update");
	/* Two at the same depth: name order decides. */
	mk("tie/b/exercises/01-lost-update");
	mk("tie/a/exercises/01-lost-update");
	/* Handed in the exercises' contents directly. */
	mk("direct/01-lost-update");
	mk("under/stuff/01-lost-update");
	/* Only an exercises/ without the course's folders: still the best guess. */
	mk("named/x/exercises/other");
	mk("nothing/src");
	/* Hidden folders are not searched. */
	mk("hidden/.git/exercises/01-lost-update");
	/* A symlink is not followed (a submission must not point the grader elsewhere). */
	mk("linked");
	mk("elsewhere/exercises/01-lost-update");
	snprintf(target, sizeof(target), "%s/elsewhere/exercises", scratch);
	snprintf(link, sizeof(link), "%s/linked/exercises", scratch);
	assert_int_equal(symlink(target, link), 0);

	expect_found(&c, "plain", "exercises");
	expect_found(&c, "nested", "repo/kit/exercises");
	expect_found(&c, "tie", "a/exercises");
	expect_found(&c, "direct", "");
	expect_found(&c, "under", "stuff");
	expect_found(&c, "named", "x/exercises");
	expect_found(&c, "nothing", "");
	expect_found(&c, "hidden", "");
	expect_found(&c, "linked", "");
}

/* Issue 17: a repository forked before the renumbering has the old folder names. */
static void test_renumbered_folder(void **state)
{
	struct manifest items[3] = { manifest(10, 0), manifest(10, 0), manifest(10, 0) };
	struct course c = { .root = "/kit", .items = items, .nr = 3 };
	char dir[PATH_MAX * 2], buf[PATH_MAX * 2], want[PATH_MAX * 2], target[PATH_MAX * 2];

	(void)state;
	items[1].slug = "02-fork-counter";
	items[2].slug = "03-refcount-race";
	mk("renum/exercises/01-lost-update");
	mk("renum/exercises/02-refcount-race");  /* 03-refcount-race under its old number */
	mk("renum/exercises/18-fork-counter");   /* 02-fork-counter under its old number */
	mk("renum/exercises/fork-counter-notes"); /* another name: not an exercise folder */
	snprintf(dir, sizeof(dir), "%s/renum/exercises", scratch);
	assert_true(grade_renumbered_folder(dir, &c, &items[2], buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%s/02-refcount-race", dir);
	assert_string_equal(buf, want);
	assert_true(grade_renumbered_folder(dir, &c, &items[1], buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%s/18-fork-counter", dir);
	assert_string_equal(buf, want);
	/* A folder with this course's own slug belongs to that exercise, never to another. */
	strcpy(buf, "untouched");
	assert_false(grade_renumbered_folder(dir, &c, &items[0], buf, sizeof(buf)));
	assert_string_equal(buf, "untouched");
	/* A symlink is not followed. */
	mk("renum2/exercises");
	mk("renum2/elsewhere");
	snprintf(target, sizeof(target), "%s/renum2/elsewhere", scratch);
	snprintf(dir, sizeof(dir), "%s/renum2/exercises/18-fork-counter", scratch);
	assert_int_equal(symlink(target, dir), 0);
	snprintf(dir, sizeof(dir), "%s/renum2/exercises", scratch);
	assert_false(grade_renumbered_folder(dir, &c, &items[1], buf, sizeof(buf)));
}

static void test_list_students(void **state)
{
	struct diag d = DIAG_INIT;
	char dir[PATH_MAX * 2], file[PATH_MAX * 2];
	char **names = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	mk("class/carol");
	mk("class/alice");
	mk("class/bob");
	mk("class/.git");
	snprintf(file, sizeof(file), "%s/class/notes.txt", scratch);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/class", scratch);

	assert_int_equal(grade_list_students(dir, 1, 1, &names, &n, &d), RL_ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "alice");
	assert_string_equal(names[1], "bob");
	assert_string_equal(names[2], "carol");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);

	assert_int_equal(grade_list_students(dir, 2, 2, &names, &n, &d), RL_ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "bob");
	free(names[0]);
	free(names);

	snprintf(dir, sizeof(dir), "%s/no-such-class", scratch);
	assert_int_equal(grade_list_students(dir, 1, 1, &names, &n, &d), RL_ERR_NOTFOUND);
}

struct progress_log {
	size_t calls, last_done, total;
	bool ordered;
};

static void on_progress(void *ctx, const struct grade_student *s, size_t done, size_t total)
{
	struct progress_log *log = ctx;

	log->ordered &= done == log->last_done + 1;
	log->last_done = done;
	log->total = total;
	log->calls++;
	assert_non_null(s->name);
}

/*
 * The pool, without running a single check: students who handed in nothing get, for every
 * exercise, a fail with 0 points and a note, and no pipeline run. Five students, three workers.
 */
static void test_pool_not_submitted(void **state)
{
	struct manifest items[2] = { manifest(10, 3), manifest(5, 0) };
	struct course c = { .root = "/kit", .items = items, .nr = 2 };
	struct grade_opts o = GRADE_OPTS_INIT;
	struct grade_class g = GRADE_CLASS_INIT;
	struct progress_log log = { .ordered = true };
	struct diag d = DIAG_INIT;
	char dir[PATH_MAX * 2], graphs[PATH_MAX * 2];
	static const char *const names[] = { "e", "a", "d", "b", "c" };

	(void)state;
	items[1].slug = "03-refcount-race";
	for (size_t i = 0; i < 5; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "pool/%s/exercises", names[i]);
		mk(rel);
	}
	snprintf(dir, sizeof(dir), "%s/pool", scratch);
	snprintf(graphs, sizeof(graphs), "%s/graphs", scratch);
	o.submissions = dir;
	o.graphs_dir = graphs;
	o.jobs = 3;
	o.progress = on_progress;
	o.progress_ctx = &log;
	assert_int_equal(grade_run(&c, &o, &g, &d), RL_ERR_OK);
	assert_int_equal(g.nr, 5);
	assert_int_equal(log.calls, 5);
	assert_true(log.ordered);
	assert_int_equal(log.total, 5);
	for (size_t i = 0; i < g.nr; i++) {
		const struct grade_student *s = &g.items[i];

		assert_int_equal(s->name[0], "abcde"[i]);
		assert_int_equal(s->err, RL_ERR_OK);
		assert_string_equal(s->results.student, s->name);
		assert_int_equal(s->results.nr, 2);
		assert_string_equal(s->results.items[0].name, "01-lost-update");
		assert_int_equal(s->results.items[0].verdict, VERDICT_FAIL);
		assert_int_equal(s->results.items[0].score, 0);
		assert_int_equal(s->results.items[0].max_score, 10);
		assert_non_null(strstr(s->results.items[0].note, "not submitted"));
		assert_int_equal(s->results.items[1].max_score, 5);
	}
	grade_class_release(&g);

	/* The shard 2/2 of five: b and d. */
	o.shard_index = 2;
	o.shard_count = 2;
	o.progress = NULL;
	assert_int_equal(grade_run(&c, &o, &g, &d), RL_ERR_OK);
	assert_int_equal(g.nr, 2);
	assert_string_equal(g.items[0].name, "b");
	assert_string_equal(g.items[1].name, "d");
	grade_class_release(&g);

	o.submissions = NULL;
	assert_int_equal(grade_run(&c, &o, &g, &d), RL_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_gradebook),
		cmocka_unit_test(test_shard),
		cmocka_unit_test(test_find_exercises),
		cmocka_unit_test(test_renumbered_folder),
		cmocka_unit_test(test_list_students),
		cmocka_unit_test(test_pool_not_submitted),
	};

	return cmocka_run_group_tests(tests, setup_scratch, teardown_scratch);
}
