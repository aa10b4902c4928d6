/* Tests of the check's scheduler: builds before their runs, a failed build, a hang cutting runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/schedule.h"
#include "model/util.h"

/* Margin over a deadline for the kill and a loaded 2-core machine. */
#define MARGIN_MS 1500

struct fixture {
	char dir[64];
	char bins[VARIANT__COUNT][PATH_MAX];
	const char *sources[2];
	struct build_spec spec;
	struct sched_build builds[VARIANT__COUNT];
};

static void write_source(struct fixture *f, const char *text)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/prog.c", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/racelab-sched.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	write_source(f, "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
	f->sources[0] = "prog.c";
	f->spec = (struct build_spec){ f->dir, f->sources, NULL, NULL, f->dir, false };
	for (int v = 0; v < VARIANT__COUNT; v++) {
		snprintf(f->bins[v], PATH_MAX, "%s/bin-%d", f->dir, v);
		f->builds[v] = (struct sched_build){ (enum build_variant)v, f->bins[v], false, false,
						     FINDING_LIST_INIT, RL_ERR_OK, DIAG_INIT, "" };
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	for (int v = 0; v < VARIANT__COUNT; v++)
		finding_list_release(&f->builds[v].found);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* ---- fake detectors ---- */

/* A run that notes whether its binary existed when it started, then sleeps r->seed ms. */
static enum rl_err run_sleep(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	char ms[32];
	const char *argv[] = { "sleep", ms, NULL };
	struct spawn_opts o = { .argv = argv, .timeout_ms = r->timeout_ms,
				.deadline_cap = r->deadline_cap };

	(void)out;
	r->threads_seen = access(r->binary, X_OK) == 0 ? 1 : 0;
	snprintf(ms, sizeof(ms), "%.3f", (double)r->seed / 1000.0);
	return spawn_run(&o, &r->result, d);
}

/* A run that "explains a hang" after r->seed ms: one deadlock finding. */
static enum rl_err run_deadlock(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	enum rl_err e = run_sleep(r, out, d);

	if (e != RL_ERR_OK)
		return e;
	return finding_list_add1(out, FK_DEADLOCK, TOOL(LOCKGRAPH), NULL, 0, "stuck");
}

/* A run that reports a data-race after r->seed ms. */
static enum rl_err run_race(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	enum rl_err e = run_sleep(r, out, d);

	if (e != RL_ERR_OK)
		return e;
	return finding_list_add1(out, FK_DATA_RACE, TOOL(TSAN), NULL, 0, "race");
}

static bool available(struct diag *d)
{
	(void)d;
	return true;
}

static const struct detector_ops sleep_plain = { .name = "sleep-plain", .tool = TOOL(RUN), .variant = VARIANT_PLAIN,
		.available = available, .run = run_sleep };
static const struct detector_ops sleep_tsan = { .name = "sleep-tsan", .tool = TOOL(TSAN), .variant = VARIANT_TSAN,
		.available = available, .run = run_sleep };
static const struct detector_ops deadlock_plain = { .name = "deadlock", .tool = TOOL(LOCKGRAPH), .variant = VARIANT_PLAIN,
		.available = available, .run = run_deadlock };

static bool explains_hang(void *ctx, const struct sched_run *r)
{
	const struct finding_list *l = &r->found;

	(void)ctx;
	for (size_t i = 0; i < l->nr; i++)
		if (l->items[i].kind == FK_DEADLOCK)
			return true;
	return false;
}

/* A deadlock explains a hang; a data-race proves a failure. */
static bool proves_failure(void *ctx, struct sched_run *r)
{
	const struct finding_list *l = &r->found;

	(void)ctx;
	for (size_t i = 0; i < l->nr; i++)
		if (l->items[i].kind == FK_DATA_RACE)
			return true;
	return false;
}

static const struct sched_rules rules = { explains_hang, proves_failure, NULL, NULL };

static void run_init(struct sched_run *r, const struct fixture *f, const struct detector_ops *ops,
		     long sleep_ms, int timeout_ms, bool keep)
{
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->keep_when_stuck = keep;
	r->found = (struct finding_list)FINDING_LIST_INIT;
	r->run.binary = f->bins[ops->variant];
	r->run.seed = sleep_ms;
	r->run.timeout_ms = timeout_ms;
	r->run.threads_seen = -1;
}

/* ---- tests ---- */

/* Every run starts after its own variant is built, with one thread or two. */
static void test_runs_wait_for_their_build(void **state)
{
	struct fixture *f = *state;

	for (int threads = 1; threads <= 2; threads++) {
		struct sched_run runs[3];
		struct sched_task t[5] = {
			{ &f->builds[VARIANT_PLAIN], NULL }, { &f->builds[VARIANT_TSAN], NULL },
			{ NULL, &runs[0] }, { NULL, &runs[1] }, { NULL, &runs[2] },
		};
		struct diag d = DIAG_INIT;

		for (int v = 0; v < VARIANT__COUNT; v++) {
			unlink(f->bins[v]);
			f->builds[v].done = f->builds[v].built = false;
		}
		run_init(&runs[0], f, &sleep_tsan, 1, 5000, true);
		run_init(&runs[1], f, &sleep_plain, 1, 5000, false);
		run_init(&runs[2], f, &sleep_plain, 1, 5000, false);
		assert_int_equal(sched_execute(t, 5, &f->spec, threads, &rules, &d),
				 RL_ERR_OK);
		assert_true(f->builds[VARIANT_PLAIN].built);
		assert_true(f->builds[VARIANT_TSAN].built);
		for (int i = 0; i < 3; i++) {
			assert_false(runs[i].skipped);
			assert_int_equal(runs[i].run.threads_seen, 1); /* its binary was there */
			assert_true(runs[i].run.result.exited);
			finding_list_release(&runs[i].found);
		}
	}
}

/*
 * A compile error: no run starts, and the -O2 build queued after them is never begun. One thread,
 * since a second would take that build at once while the runs wait for theirs.
 */
static void test_failed_build_skips_everything(void **state)
{
	struct fixture *f = *state;
	struct sched_run runs[2];
	struct sched_task t[4] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { NULL, &runs[0] }, { NULL, &runs[1] },
		{ &f->builds[VARIANT_OPT], NULL },
	};
	struct diag d = DIAG_INIT;

	write_source(f, "int main(void) { return missing; }\n");
	run_init(&runs[0], f, &sleep_plain, 1, 5000, false);
	run_init(&runs[1], f, &sleep_plain, 1, 5000, true);
	assert_int_equal(sched_execute(t, 4, &f->spec, 1, &rules, &d), RL_ERR_OK);
	assert_true(f->builds[VARIANT_PLAIN].done);
	assert_false(f->builds[VARIANT_PLAIN].built);
	assert_int_equal(f->builds[VARIANT_PLAIN].found.nr, 1);
	assert_int_equal(f->builds[VARIANT_PLAIN].found.items[0].kind, FK_BUILD_ERROR);
	assert_true(runs[0].skipped);
	assert_true(runs[1].skipped);
	assert_false(f->builds[VARIANT_OPT].done);
}

/*
 * Two threads: gcc's build then a run that explains a hang after 1 s; clang's build then a plain
 * run under way, which would only hang too: it is stopped at once and carries no evidence. A
 * plain run not yet started never starts; TSan and Helgrind not yet started get
 * SCHED_KNOWN_HANG_MS; the -O2 build nobody needs any more is not begun.
 */
static void test_hang_stops_pointless_runs(void **state)
{
	struct fixture *f = *state;
	struct sched_run runs[5];
	struct sched_task t[8] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { &f->builds[VARIANT_TSAN], NULL },
		{ NULL, &runs[0] }, { NULL, &runs[1] }, { NULL, &runs[2] },
		{ NULL, &runs[3] }, { NULL, &runs[4] }, { &f->builds[VARIANT_OPT], NULL },
	};
	const struct detector_ops keep_plain = { .name = "keep", .tool = TOOL(HELGRIND), .variant = VARIANT_PLAIN,
		.available = available, .run = run_sleep };
	struct diag d = DIAG_INIT;
	long t0 = now_ms(), took;

	run_init(&runs[0], f, &deadlock_plain, 1000, 20000, false);
	run_init(&runs[1], f, &sleep_tsan, 20000, 20000, false);    /* under way: stopped */
	run_init(&runs[2], f, &keep_plain, 20000, 20000, true);     /* gets 1.5 s */
	run_init(&runs[3], f, &sleep_plain, 20000, 20000, false);   /* never starts */
	run_init(&runs[4], f, &keep_plain, 20000, 20000, true);     /* gets 1.5 s */
	assert_int_equal(sched_execute(t, 8, &f->spec, 2, &rules, &d), RL_ERR_OK);
	took = now_ms() - t0;
	assert_false(runs[0].skipped);
	assert_true(runs[1].skipped);
	assert_true(runs[1].run.result.timed_out);
	assert_true(runs[1].run.result.wall_ms < 1000 + MARGIN_MS);
	for (int i = 2; i <= 4; i += 2) {
		assert_false(runs[i].skipped);
		assert_int_equal(runs[i].run.timeout_ms, SCHED_KNOWN_HANG_MS);
		assert_true(runs[i].run.result.timed_out);
	}
	assert_true(runs[3].skipped);
	assert_int_equal(runs[3].run.result.wall_ms, 0);
	assert_false(f->builds[VARIANT_OPT].done);
	/* Two runs of 1.5 s side by side after a 1 s one: far from 20 s. */
	assert_true(took < 1000 + SCHED_KNOWN_HANG_MS + 2 * MARGIN_MS);
	for (int i = 0; i < 5; i++)
		finding_list_release(&runs[i].found);
}

/*
 * Spare runs (the default schedule search) use the core the others leave idle: they start while a
 * run that is not spare goes on, the one under way is stopped when it ends, the rest never start.
 */
static void test_spare_runs_use_idle_core(void **state)
{
	struct fixture *f = *state;
	struct sched_run runs[5];
	struct sched_task t[6] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { NULL, &runs[0] }, { NULL, &runs[1] },
		{ NULL, &runs[2] }, { NULL, &runs[3] }, { NULL, &runs[4] },
	};
	struct diag d = DIAG_INIT;
	long t0 = now_ms(), took;

	run_init(&runs[0], f, &sleep_plain, 1000, 20000, false); /* the long tool run */
	for (int i = 1; i <= 4; i++) {
		/* 300 ms each, then one that would take 20 s, then one more */
		run_init(&runs[i], f, &sleep_plain, i == 3 ? 20000 : 300, 30000, false);
		runs[i].spare = true;
	}
	assert_int_equal(sched_execute(t, 6, &f->spec, 2, &rules, &d), RL_ERR_OK);
	took = now_ms() - t0;
	assert_false(runs[0].skipped);
	assert_false(runs[1].skipped);
	assert_false(runs[2].skipped);
	assert_true(runs[3].skipped);           /* stopped when the tool run ended */
	assert_true(runs[3].run.result.timed_out);
	assert_true(runs[4].skipped);           /* never started */
	assert_int_equal(runs[4].run.result.wall_ms, 0);
	assert_true(took < 1000 + MARGIN_MS);
	for (int i = 0; i < 5; i++)
		finding_list_release(&runs[i].found);
}

/* A TSan run already under way when the hang is explained is capped from its own start. */
static void test_hang_caps_tool_under_way(void **state)
{
	struct fixture *f = *state;
	struct sched_run runs[2];
	struct sched_task t[3] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { NULL, &runs[0] }, { NULL, &runs[1] },
	};
	const struct detector_ops keep_plain = { .name = "keep", .tool = TOOL(HELGRIND), .variant = VARIANT_PLAIN,
		.available = available, .run = run_sleep };
	struct diag d = DIAG_INIT;

	run_init(&runs[0], f, &keep_plain, 20000, 20000, true);
	run_init(&runs[1], f, &deadlock_plain, 2500, 20000, false);
	assert_int_equal(sched_execute(t, 3, &f->spec, 2, &rules, &d), RL_ERR_OK);
	/* Explained at 2.5 s, past the keeper's 1.5 s: it ends then, not at 20 s. */
	assert_false(runs[0].skipped);
	assert_true(runs[0].run.result.timed_out);
	assert_true(runs[0].run.result.wall_ms >= 2500 - 100);
	assert_true(runs[0].run.result.wall_ms < 2500 + MARGIN_MS);
	for (int i = 0; i < 2; i++)
		finding_list_release(&runs[i].found);
}

/* The -O2 build is made for a program that may pass, and skipped once a run proved it fails. */
static void test_failure_skips_speed_build(void **state)
{
	struct fixture *f = *state;
	const struct detector_ops race = { .name = "race", .tool = TOOL(TSAN), .variant = VARIANT_PLAIN,
		.available = available, .run = run_race };

	for (int racy = 0; racy <= 1; racy++) {
		struct sched_run run;
		struct sched_task t[3] = {
			{ &f->builds[VARIANT_PLAIN], NULL }, { NULL, &run },
			{ &f->builds[VARIANT_OPT], NULL },
		};
		struct diag d = DIAG_INIT;

		f->builds[VARIANT_OPT].done = f->builds[VARIANT_OPT].built = false;
		run_init(&run, f, racy ? &race : &sleep_plain, 1, 5000, false);
		assert_int_equal(sched_execute(t, 3, &f->spec, 1, &rules, &d), RL_ERR_OK);
		assert_int_equal(f->builds[VARIANT_OPT].done, !racy);
		assert_int_equal(f->builds[VARIANT_OPT].built, !racy);
		finding_list_release(&run.found);
	}
}

/*
 * Only clang refuses the program (and gcc's TSan, for the test's #error): the TSan build fails
 * alone, its run never starts, and the plain runs still run on gcc's build.
 */
static void test_tsan_build_fails_alone(void **state)
{
	struct fixture *f = *state;
	struct sched_run runs[2];
	struct sched_task t[4] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { &f->builds[VARIANT_TSAN], NULL },
		{ NULL, &runs[0] }, { NULL, &runs[1] },
	};
	struct diag d = DIAG_INIT;

	write_source(f, "#if defined(__clang__) || defined(__SANITIZE_THREAD__)\n#error no\n#endif\n"
			"int main(void) { return 0; }\n");
	run_init(&runs[0], f, &sleep_tsan, 1, 5000, true);
	run_init(&runs[1], f, &sleep_plain, 1, 5000, false);
	assert_int_equal(sched_execute(t, 4, &f->spec, 1, &rules, &d), RL_ERR_OK);
	assert_true(f->builds[VARIANT_PLAIN].built);
	assert_true(f->builds[VARIANT_TSAN].done);
	assert_false(f->builds[VARIANT_TSAN].built);
	assert_int_equal(f->builds[VARIANT_TSAN].found.nr, 1);
	assert_true(runs[0].skipped);
	assert_false(runs[1].skipped);
	assert_true(runs[1].run.result.exited);
	finding_list_release(&runs[1].found);
}

static bool timed_out(void *ctx, const struct sched_run *r)
{
	(void)ctx;
	return r->run.result.timed_out;
}

/* A run too slow for its limit: its tool's other runs never start; other tools' runs still do. */
static void test_too_slow_skips_its_tool(void **state)
{
	static const struct sched_rules slow_rules = { explains_hang, proves_failure, NULL,
						       timed_out };
	struct fixture *f = *state;
	struct sched_run runs[3];
	struct sched_task t[5] = {
		{ &f->builds[VARIANT_PLAIN], NULL }, { &f->builds[VARIANT_TSAN], NULL },
		{ NULL, &runs[0] }, { NULL, &runs[1] }, { NULL, &runs[2] },
	};
	struct diag d = DIAG_INIT;

	run_init(&runs[0], f, &sleep_tsan, 20000, 300, true);
	run_init(&runs[1], f, &sleep_tsan, 1, 20000, true);
	run_init(&runs[2], f, &sleep_plain, 1, 20000, false);
	assert_int_equal(sched_execute(t, 5, &f->spec, 1, &slow_rules, &d), RL_ERR_OK);
	assert_true(runs[0].run.result.timed_out);
	assert_true(runs[1].skipped);
	assert_int_equal(runs[1].run.result.wall_ms, 0);
	assert_false(runs[2].skipped);
	assert_true(runs[2].run.result.exited);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs_wait_for_their_build, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_build_skips_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hang_stops_pointless_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spare_runs_use_idle_core, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hang_caps_tool_under_way, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_skips_speed_build, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsan_build_fails_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_slow_skips_its_tool, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
