/*
 * Tests of the ThreadSanitizer detector: the parser on reports recorded from the real runtime
 * (tests/fixtures/tsan/, re-recorded by tests/fixtures/src/tsan_record.sh), hostile input, and
 * real runs of small programs when clang with ThreadSanitizer is installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/tsan/tsan.h"
#include "model/util.h"

#define FIX FIXTURES_DIR "/tsan/"
#define SRC FIXTURES_DIR "/src/"

static const char *const all_fixture_sources[] = {
	"tsan_race.c", "tsan_lock_order.c", "tsan_thread_leak.c", "tsan_mutex_misuse.c",
	"tsan_double_lock.c", "tsan_uaf.c", "tsan_omp_race.c", "tsan_fork.c",
	"tsan_support_main.c", "tsan_signal.c",
};
static const struct source_set all_src = { all_fixture_sources, 10 };

static char *load(const char *path, size_t *len)
{
	char *t = read_file_capped(path, 1u << 20, len);

	assert_non_null(t);
	return t;
}

/* Parses one fixture file; returns the parser's code. */
static enum rl_err parse_file(const char *name, const struct source_set *src,
			      struct finding_list *out, struct diag *d)
{
	char path[PATH_MAX];
	size_t len;
	char *t;
	enum rl_err e;

	snprintf(path, sizeof(path), FIX "%s", name);
	t = load(path, &len);
	e = tsan_parse_log(t, len, src, out, d);
	free(t);
	return e;
}

static void assert_loc(const struct location *l, const char *file, int line, int col,
		       const char *func, const char *thread)
{
	assert_non_null(l->file);
	assert_string_equal(l->file, file);
	assert_int_equal(l->line, line);
	if (col >= 0)
		assert_int_equal(l->column, col);
	if (func) {
		assert_non_null(l->function);
		assert_string_equal(l->function, func);
	}
	if (thread && !strcmp(thread, "*")) {
		assert_non_null(l->thread); /* a live run: which thread came first varies */
	} else if (thread) {
		assert_non_null(l->thread);
		assert_string_equal(l->thread, thread);
	} else {
		assert_null(l->thread);
	}
}

static void test_data_race(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("race.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_DATA_RACE);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_int_equal(f->tools, TOOL(TSAN));
	assert_string_equal(f->message, "data race on `total` (global): write by T2 at "
			    "tsan_race.c:16 vs previous write by T1 at tsan_race.c:16");
	assert_int_equal(f->nlocs, 2);
	assert_loc(&f->locs[0], "tsan_race.c", 16, 8, "deposit", "T2");
	assert_loc(&f->locs[1], "tsan_race.c", 16, 8, "deposit", "T1");
	f = &l.items[1];
	assert_int_equal(f->kind, FK_DATA_RACE);
	/* TSan reports one race per address: the two tellers' writes, not the auditor's read. */
	assert_string_equal(f->message, "data race on a heap block of 16 bytes allocated at "
			    "tsan_race.c:37: write by T2 at tsan_race.c:23 vs previous write by T1 "
			    "at tsan_race.c:23");
	assert_int_equal(f->nlocs, 2);
	assert_loc(&f->locs[0], "tsan_race.c", 23, 16, "teller", "T2");
	assert_loc(&f->locs[1], "tsan_race.c", 23, 16, "teller", "T1");
	finding_list_release(&l);
}

static void test_lock_order(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("lock_order.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_LOCK_ORDER);
	assert_int_equal(f->severity, SEV_ERROR);
	/* Each edge's acquisition first, then where the held mutex was taken. */
	assert_int_equal(f->nlocs, 4);
	assert_loc(&f->locs[0], "tsan_lock_order.c", 12, 2, "transfer", "T1");
	assert_loc(&f->locs[1], "tsan_lock_order.c", 23, 2, "audit", "T2");
	assert_loc(&f->locs[2], "tsan_lock_order.c", 11, 2, "transfer", "T1");
	assert_loc(&f->locs[3], "tsan_lock_order.c", 22, 2, "audit", "T2");
	assert_string_equal(f->message,
			    "lock-order inversion (potential deadlock): T1 locks M1 at "
			    "tsan_lock_order.c:12 while holding M0 (locked at "
			    "tsan_lock_order.c:11); "
			    "T2 locks M0 at tsan_lock_order.c:23 while holding M1 (locked at "
			    "tsan_lock_order.c:22)");
	finding_list_release(&l);
}

static void test_thread_leak(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("thread_leak.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_THREAD_LEAK);
	assert_int_equal(f->severity, SEV_WARNING);
	assert_int_equal(f->nlocs, 1);
	/* The creation site; pthread_create's own frame has no file and is skipped. */
	assert_loc(&f->locs[0], "tsan_thread_leak.c", 15, 2, "start_flusher", "main");
	assert_string_equal(f->message, "thread T1 is never joined or detached: created by main "
			    "thread at tsan_thread_leak.c:15");
	finding_list_release(&l);
}

static void test_mutex_misuse(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("mutex_misuse.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(l.items[i].kind, FK_LOCK_MISUSE);
		assert_int_equal(l.items[i].severity, SEV_ERROR);
	}
	f = &l.items[0];
	assert_int_equal(f->nlocs, 1);
	assert_loc(&f->locs[0], "tsan_mutex_misuse.c", 19, 2, "main", NULL);
	assert_string_equal(f->message, "unlock of an unlocked mutex (or by a thread that does not "
			    "own it): mutex `never_locked` at tsan_mutex_misuse.c:19");
	/* Unlock by a thread that is not the owner. */
	f = &l.items[1];
	assert_int_equal(f->nlocs, 1);
	assert_loc(&f->locs[0], "tsan_mutex_misuse.c", 10, 2, "release_for_main", NULL);
	assert_non_null(strstr(f->message, "mutex `owned` at tsan_mutex_misuse.c:10"));
	/* Destroy of a locked mutex: where it is destroyed, then where it was locked ("and:"). */
	f = &l.items[2];
	assert_int_equal(f->nlocs, 2);
	assert_loc(&f->locs[0], "tsan_mutex_misuse.c", 27, 2, "main", NULL);
	assert_loc(&f->locs[1], "tsan_mutex_misuse.c", 26, 2, "main", NULL);
	assert_string_equal(f->message, "destroy of a locked mutex: mutex on the stack of main "
			    "thread at tsan_mutex_misuse.c:27; it was locked at "
			    "tsan_mutex_misuse.c:26");
	finding_list_release(&l);
}

static void test_double_lock(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("double_lock.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_LOCK_MISUSE);
	assert_int_equal(f->nlocs, 1);
	assert_loc(&f->locs[0], "tsan_double_lock.c", 11, 2, "worker", NULL);
	assert_string_equal(f->message, "double lock of a mutex (locked while already held): "
			    "mutex `shared` at tsan_double_lock.c:11");
	finding_list_release(&l);
}

static void test_use_after_free(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("uaf.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_CRASH);
	assert_int_equal(f->severity, SEV_ERROR);
	assert_int_equal(f->nlocs, 2);
	assert_loc(&f->locs[0], "tsan_uaf.c", 23, 23, "reader", "T1");
	/* free() itself has no file: the student's frame that called it stands for the free. */
	assert_loc(&f->locs[1], "tsan_uaf.c", 15, 3, "message_put", "main");
	assert_string_equal(f->message, "use after free of heap memory: read by T1 at "
			    "tsan_uaf.c:23, freed by main thread at tsan_uaf.c:15");
	finding_list_release(&l);
}

static void test_openmp_race(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("omp_race.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_DATA_RACE);
	assert_int_equal(f->nlocs, 2);
	/* The outlined region .omp_outlined._debug__ is named after the function holding it. */
	assert_loc(&f->locs[0], "tsan_omp_race.c", 10, 7, "main", "T1");
	assert_loc(&f->locs[1], "tsan_omp_race.c", 10, 7, "main", "main");
	assert_string_equal(f->message, "data race on a stack variable of main thread: write by T1 "
			    "at tsan_omp_race.c:10 vs previous write by main thread at "
			    "tsan_omp_race.c:10");
	finding_list_release(&l);
}

static void test_fork_logs(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	/* Parent and child each wrote a log with the same race: both are read, one finding. */
	assert_int_equal(tsan_parse_dir(FIX "fork", "tsan", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	assert_int_equal(l.items[0].count, 2);
	assert_int_equal(l.items[0].nlocs, 2);
	assert_loc(&l.items[0].locs[0], "tsan_fork.c", 12, 7, "bump", "T2");
	finding_list_release(&l);
	/* Only PREFIX.<digits> files count; a missing directory is a clean run. */
	assert_int_equal(tsan_parse_dir(FIX "fork", "tsa", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	assert_int_equal(tsan_parse_dir(FIX "no-such-dir", "tsan", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	assert_int_equal(d.code, RL_ERR_OK);
}

static void test_support_frames(void **state)
{
	static const char *const student[] = { "tsan_support_main.c" };
	static const struct source_set src = { student, 1 };
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	assert_int_equal(parse_file("support.txt", &src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	/* Every frame is in the support file: the first frame with a file is kept. */
	assert_loc(&l.items[0].locs[0], "tsan_support_pool.c", 11, 12, "pool_worker", "T2");
	assert_non_null(strstr(l.items[0].message, "`pool_stats` (global)"));
	/* The support helper's frame is skipped for the student's caller. */
	assert_int_equal(l.items[1].nlocs, 2);
	assert_loc(&l.items[1].locs[0], "tsan_support_main.c", 12, 2, "student_worker", "T4");
	assert_loc(&l.items[1].locs[1], "tsan_support_main.c", 12, 2, "student_worker", "T3");
	finding_list_release(&l);
	/* With no source list, the first frame with a file wins: the helper itself. */
	assert_int_equal(parse_file("support.txt", NULL, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 2);
	assert_loc(&l.items[1].locs[0], "tsan_support_pool.c", 27, 13, "pool_note", "T4");
	finding_list_release(&l);
}

static void test_signal(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const struct finding *f;

	assert_int_equal(parse_file("signal.txt", &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_LOCK_MISUSE);
	assert_int_equal(f->severity, SEV_WARNING);
	assert_int_equal(f->nlocs, 1);
	/* This frame has a line and no column. */
	assert_loc(&f->locs[0], "tsan_signal.c", 12, 0, "on_usr1", NULL);
	assert_string_equal(f->message, "signal handler spoils errno at tsan_signal.c:12 in "
			    "on_usr1()");
	finding_list_release(&l);
}

static void test_tool_failure(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	assert_int_equal(parse_file("check_failed.txt", &all_src, &l, &d), RL_ERR_TOOL);
	assert_int_equal(d.code, RL_ERR_TOOL);
	assert_non_null(strstr(d.msg, "ThreadSanitizer failed: ThreadSanitizer: CHECK failed"));
	assert_int_equal(l.nr, 0);
}

static void test_empty_and_garbage(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	char *junk = malloc(1 << 16);
	unsigned x = 12345;

	assert_int_equal(tsan_parse_log(NULL, 0, &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(tsan_parse_log("", 0, &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(tsan_parse_log("\n\n\n", 3, &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	/* Random bytes, NULs included, in several lengths: no finding, no crash. */
	assert_non_null(junk);
	for (int round = 0; round < 50; round++) {
		size_t len = (size_t)(round * 1309) % (1 << 16);

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			junk[i] = (char)(x >> 16);
		}
		assert_int_equal(tsan_parse_log(junk, len, &all_src, &l, &d), RL_ERR_OK);
	}
	assert_int_equal(l.nr, 0);
	/* A 64 KiB line with no newline, then frame-like and header-like junk. */
	memset(junk, '#', 1 << 16);
	assert_int_equal(tsan_parse_log(junk, 1 << 16, &all_src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	free(junk);
	assert_int_equal(d.code, RL_ERR_OK);
}

/*
 * The report of tests/analyze/rare_timedlock_giveup.c (clang -O1 folded the two `samples++`
 * into one instruction with no line): the access is named by its function, not "unknown".
 */
static void test_frame_without_line(void **state)
{
	static const char rep[] =
		"==================\n"
		"WARNING: ThreadSanitizer: data race (pid=19983)\n"
		"  Write of size 8 at 0x55bf27747260 by thread T2:\n"
		"    #0 sampler /src/giveup.c (tl+0xd029e) (BuildId: b94c942de00109c33f08)\n"
		"\n"
		"  Previous write of size 8 at 0x55bf27747260 by thread T1 (mutexes: write M0):\n"
		"    #0 loader /src/giveup.c:21:12 (tl+0xd020d) (BuildId: b94c942de00109c33f08)\n"
		"\n"
		"  Location is global 'samples' of size 8 at 0x55bf27747260 (tl+0x1476260)\n"
		"\n"
		"SUMMARY: ThreadSanitizer: data race /src/giveup.c in sampler\n"
		"==================\n";
	static const char *const files[] = { "giveup.c" };
	const struct source_set src = { files, 1 };
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(tsan_parse_log(rep, sizeof(rep) - 1, &src, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_non_null(strstr(l.items[0].message, "write by T2 in sampler() (the compiler kept "
						    "no line for it)"));
	assert_null(strstr(l.items[0].message, "unknown place"));
	assert_loc(&l.items[0].locs[0], "giveup.c", 21, 12, "loader", "T1");
	finding_list_release(&l);
}

static void test_hostile_lines(void **state)
{
	static const char odd[] =
		"WARNING: ThreadSanitizer: data race\n"
		"  Write of size 8 at 0x1 by thread T99999999999999999999999:\n"
		"    #0 f /x.c:99999999999:5 (p+0x1)\n"
		"    #1 g /y.c:12:99999999999 (p+0x1)\n"
		"    #2 k /w.c:40:2 (p+0x1)\n"
		"    #\n    #1\n    #1 \n    #2 (\n    #3 ) (\n"
		"    #4 a b c:d:e (f+0x1) (BuildId: )\n"
		"  Previous read of size 8 at 0x1 by \n"
		"    #0 tsan_race.c:7\n"
		"  Location is global '\n"
		"  Location is heap block of size -5 at x allocated by:\n"
		"  Mutex M1 acquired here while holding mutex \n"
		"And 4294967299 more similar thread leaks.\n"
		"WARNING: ThreadSanitizer: \n"
		"WARNING: ThreadSanitizer: thread leak\n"
		"  Thread T\n"
		"WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)\n"
		"  Mutex  acquired here while holding mutex  in \n"
		"  Mutex M2 previously acquired by the same thread here:\n"
		"WARNING: ThreadSanitizer: destroy of a locked mutex\n"
		"  and:\n"
		"    #0 h /z.c:3 (p+0x1)\n"
		"WARNING: ThreadSanitizer: heap-use-after-free";
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	assert_int_equal(tsan_parse_log(odd, sizeof(odd) - 1, NULL, &l, &d), RL_ERR_OK);
	/* data race, thread leak, lock order, destroy, use after free; "" is an unknown type. */
	assert_int_equal(l.nr, 5);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	/* Numbers too big to be a line or column, or no line at all: the first sane frame wins. */
	assert_int_equal(l.items[0].nlocs, 1);
	assert_loc(&l.items[0].locs[0], "w.c", 40, 2, "k", "T99999999999999999999999");
	assert_int_equal(l.items[3].kind, FK_LOCK_MISUSE);
	assert_loc(&l.items[3].locs[0], "z.c", 3, 0, "h", NULL);
	assert_int_equal(l.items[4].kind, FK_CRASH);
	assert_int_equal(l.items[4].nlocs, 0);
	for (size_t i = 0; i < l.nr; i++)
		assert_null(strchr(l.items[i].message, '\n'));
	finding_list_release(&l);
}

static void test_report_flood(void **state)
{
	const char rep[] = "WARNING: ThreadSanitizer: data race\n  Write of size 1 at 0x1 by "
			   "main thread:\n    #0 f /a.c:%d:1 (p+0x1)\n";
	size_t cap = (TSAN_MAX_REPORTS + 100) * (sizeof(rep) + 16), used = 0;
	char *text = malloc(cap);
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	assert_non_null(text);
	for (int i = 0; i < TSAN_MAX_REPORTS + 100; i++)
		used += (size_t)snprintf(text + used, cap - used, rep, i + 1);
	assert_int_equal(tsan_parse_log(text, used, NULL, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, TSAN_MAX_REPORTS);
	finding_list_release(&l);
	free(text);
}

/* Every prefix of every fixture parses; a cut report still yields its kind. */
static void test_truncated(void **state)
{
	static const char *const names[] = {
		"race.txt", "lock_order.txt", "thread_leak.txt", "mutex_misuse.txt",
		"double_lock.txt",
		"uaf.txt", "omp_race.txt", "support.txt", "signal.txt",
	};
	static const enum finding_kind kinds[] = {
		FK_DATA_RACE, FK_LOCK_ORDER, FK_THREAD_LEAK, FK_LOCK_MISUSE, FK_LOCK_MISUSE,
		FK_CRASH, FK_DATA_RACE, FK_DATA_RACE, FK_LOCK_MISUSE,
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[PATH_MAX];
		size_t len;
		char *t, *header, *eol;

		snprintf(path, sizeof(path), FIX "%s", names[i]);
		t = load(path, &len);
		header = strstr(t, "WARNING: ThreadSanitizer:");
		assert_non_null(header);
		eol = strchr(header, '\n'); /* the first report counts once its type is whole */
		assert_non_null(eol);
		for (size_t cut = 0; cut <= len; cut++) {
			struct finding_list l = FINDING_LIST_INIT;
			struct diag d = DIAG_INIT;

			assert_int_equal(tsan_parse_log(t, cut, &all_src, &l, &d), RL_ERR_OK);
			if (cut >= (size_t)(eol - t))
				assert_true(l.nr >= 1 && l.items[0].kind == kinds[i]);
			else if (cut <= (size_t)(header - t) + strlen("WARNING: ThreadSanitizer: "))
				assert_int_equal(l.nr, 0);
			finding_list_release(&l);
		}
		free(t);
	}
}

/*
 * A report that starts in the middle of another (as if a second writer cut in): the first keeps
 * only what it had, the second is read whole, and no frame is attributed across them.
 */
static void test_report_in_the_middle(void **state)
{
	char *race, *cycle, *mix;
	size_t nrace, ncycle, cut;
	const char *prev;
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;

	race = load(FIX "race.txt", &nrace);
	cycle = load(FIX "lock_order.txt", &ncycle);
	prev = strstr(race, "  Previous write");
	assert_non_null(prev);
	cut = (size_t)(prev - race);
	mix = malloc(cut + ncycle + nrace);
	assert_non_null(mix);
	memcpy(mix, race, cut);
	memcpy(mix + cut, cycle, ncycle);
	memcpy(mix + cut + ncycle, race + cut, nrace - cut);
	assert_int_equal(tsan_parse_log(mix, cut + ncycle + nrace - cut, &all_src, &l, &d),
			 RL_ERR_OK);
	/* The cut race (current access only), the whole cycle; the orphaned tail is no report. */
	assert_int_equal(l.nr, 3);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	assert_int_equal(l.items[0].nlocs, 1);
	assert_loc(&l.items[0].locs[0], "tsan_race.c", 16, 8, "deposit", "T2");
	assert_int_equal(l.items[1].kind, FK_LOCK_ORDER);
	assert_int_equal(l.items[1].nlocs, 4);
	assert_loc(&l.items[1].locs[0], "tsan_lock_order.c", 12, 2, "transfer", "T1");
	/* After the cycle's end marker, the race's second report is read on its own. */
	assert_int_equal(l.items[2].kind, FK_DATA_RACE);
	assert_loc(&l.items[2].locs[0], "tsan_race.c", 23, 16, "teller", "T2");
	finding_list_release(&l);
	free(mix);
	free(race);
	free(cycle);
}

/* Archer's crash on `omp teams` is the tool's; a NULL dereference in the program is the program's. */
static void test_runtime_crash(void **state)
{
	char path[PATH_MAX], module[64] = "";
	size_t len;
	char *t;

	(void)state;
	snprintf(path, sizeof(path), FIX "%s", "omp_teams_crash.txt");
	t = load(path, &len);
	assert_true(tsan_log_runtime_crash(t, len, module, sizeof(module)));
	assert_string_equal(module, "libarcher.so");
	free(t);
	snprintf(path, sizeof(path), FIX "%s", "omp_segv_crash.txt");
	t = load(path, &len);
	assert_false(tsan_log_runtime_crash(t, len, module, sizeof(module)));
	free(t);
	/* A race report (no deadly signal) and garbage are no crash of the runtime. */
	snprintf(path, sizeof(path), FIX "%s", "omp_race.txt");
	t = load(path, &len);
	assert_false(tsan_log_runtime_crash(t, len, module, sizeof(module)));
	free(t);
	assert_false(tsan_log_runtime_crash("ERROR: ThreadSanitizer: SEGV #0 (libomp.so", 40, module,
					    sizeof(module)));
}

static void test_options(void **state)
{
	struct tsan_env e = { "/tmp/a b/tsan", "/usr/bin/llvm-symbolizer", NULL, false, false };
	char buf[2048];

	assert_true(tsan_options(&e, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "log_path=\"/tmp/a b/tsan\""));
	assert_non_null(strstr(buf, "exitcode=0"));
	assert_non_null(strstr(buf, "second_deadlock_stack=1"));
	assert_non_null(strstr(buf, "handle_segv=0"));
	assert_non_null(strstr(buf, "external_symbolizer_path=\"/usr/bin/llvm-symbolizer\""));
	assert_null(strstr(buf, "ignore_noninstrumented_modules"));
	assert_null(strstr(buf, "suppressions"));
	assert_null(strstr(buf, "handle_segv=1"));
	e.report_crashes = true;
	assert_true(tsan_options(&e, buf, sizeof(buf)));
	/* The sanitizer flag parser lets a later option win: the diagnosis run reports crashes. */
	assert_true(strstr(buf, "handle_segv=1") > strstr(buf, "handle_segv=0"));
	e.report_crashes = false;
	e.openmp = true;
	assert_true(tsan_options(&e, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "ignore_noninstrumented_modules=1"));
	assert_false(tsan_options(&e, buf, 40));
	e.log_prefix = "/tmp/a\"b/tsan";
	assert_false(tsan_options(&e, buf, sizeof(buf)));
}

/* ---- Real runs: need clang with ThreadSanitizer (skipped otherwise). ---- */

struct run_ctx {
	char dir[64];      /* mkdtemp: bin/, work/, tools/ */
	char tools[PATH_MAX], work[PATH_MAX], out[PATH_MAX], err[PATH_MAX];
};

static int run_setup(void **state)
{
	struct run_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	snprintf(c->dir, sizeof(c->dir), "/tmp/test_tsan.XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->tools, sizeof(c->tools), "%s/tools", c->dir);
	snprintf(c->work, sizeof(c->work), "%s/work", c->dir);
	snprintf(c->out, sizeof(c->out), "%s/tools/stdout", c->dir);
	snprintf(c->err, sizeof(c->err), "%s/tools/stderr", c->dir);
	if (mkdir(c->tools, 0700) || mkdir(c->work, 0700))
		return -1;
	*state = c;
	return 0;
}

static int run_teardown(void **state)
{
	struct run_ctx *c = *state;
	char cmd[PATH_MAX + 16];

	if (c && c->dir[0] && !strncmp(c->dir, "/tmp/test_tsan.", 15)) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", c->dir);
	}
	free(c);
	return 0;
}

static void need_tsan(void)
{
	struct diag d = DIAG_INIT;

	if (!detector_find("tsan")->verify(&d)) {
		fprintf(stderr, "skipped: %s\n", d.msg);
		skip();
	}
}

/* Builds fixture sources into DIR/prog as the lead's tsan variant does; returns its path. */
static const char *build(struct run_ctx *c, const char *flags, const char *sources)
{
	static char bin[PATH_MAX];
	char cmd[4 * PATH_MAX];

	snprintf(bin, sizeof(bin), "%s/prog", c->dir);
	snprintf(cmd, sizeof(cmd), "cd '" SRC "' && clang -fsanitize=thread -g -O1 %s %s -o '%s' "
		 "-lpthread", flags, sources, bin);
	assert_int_equal(system(cmd), 0);
	return bin;
}

static void run_prog_for(struct run_ctx *c, const char *bin, const struct source_set *src,
			 int timeout_ms, struct detector_run *r, struct finding_list *l)
{
	static const char *const no_args[] = { NULL };
	struct diag d = DIAG_INIT;

	memset(r, 0, sizeof(*r));
	r->binary = bin;
	r->workdir = c->work;
	r->tooldir = c->tools;
	r->args = no_args;
	r->sources = src;
	r->timeout_ms = timeout_ms;
	r->seed = -1;
	r->stdout_path = c->out;
	r->stderr_path = c->err;
	r->threads_seen = 7;
	assert_int_equal(detector_find("tsan")->run(r, l, &d), RL_ERR_OK);
	assert_int_equal(d.code, RL_ERR_OK);
	assert_int_equal(r->threads_seen, -1);
}

static void run_prog(struct run_ctx *c, const char *bin, const struct source_set *src,
		     struct detector_run *r, struct finding_list *l)
{
	run_prog_for(c, bin, src, 20000, r, l);
}

static void test_run_race(void **state)
{
	struct run_ctx *c = *state;
	struct detector_run r;
	struct finding_list l = FINDING_LIST_INIT;
	const char *bin;
	size_t n, k;
	char *out;

	need_tsan();
	assert_string_equal(detector_find("tsan")->name, "tsan");
	assert_int_equal(detector_find("tsan")->variant, VARIANT_TSAN);
	bin = build(c, "", "tsan_race.c");
	assert_false(tsan_binary_uses_openmp(bin));
	run_prog(c, bin, &all_src, &r, &l);
	assert_true(r.result.exited);
	assert_int_equal(r.result.status, 0);
	assert_int_equal(l.nr, 2);
	/*
	 * Which race TSan reports first depends on the schedule: under load the auditor's read can
	 * come before the tellers' deposits.
	 */
	k = l.items[0].locs[0].line == 16 ? 0 : 1;
	assert_loc(&l.items[k].locs[0], "tsan_race.c", 16, 8, "deposit", "*");
	assert_non_null(strstr(l.items[k].message, "data race on `total` (global)"));
	/* The program's own output is kept apart from the reports. */
	out = read_file_capped(c->out, 4096, &n);
	assert_non_null(out);
	assert_non_null(strstr(out, "total 2000"));
	free(out);
	out = read_file_capped(c->err, 4096, &n);
	assert_non_null(out);
	assert_null(strstr(out, "ThreadSanitizer"));
	free(out);
	finding_list_release(&l);
	/* A second run in the same tool directory reads only its own logs. */
	run_prog(c, bin, &all_src, &r, &l);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.items[0].count, 1);
	assert_int_equal(l.items[1].count, 1);
	finding_list_release(&l);
}

static void test_run_fake_report(void **state)
{
	struct run_ctx *c = *state;
	struct detector_run r;
	struct finding_list l = FINDING_LIST_INIT;
	size_t n;
	char *err;

	need_tsan();
	run_prog(c, build(c, "", "tsan_fake.c"), &all_src, &r, &l);
	/* The forged report went to stderr and stdout, which are never parsed; status kept. */
	assert_int_equal(l.nr, 0);
	assert_true(r.result.exited);
	assert_int_equal(r.result.status, 3);
	err = read_file_capped(c->err, 4096, &n);
	assert_non_null(err);
	assert_non_null(strstr(err, "WARNING: ThreadSanitizer: data race"));
	free(err);
}

static void test_run_fork(void **state)
{
	struct run_ctx *c = *state;
	struct detector_run r;
	struct finding_list l = FINDING_LIST_INIT;

	need_tsan();
	run_prog(c, build(c, "", "tsan_fork.c"), &all_src, &r, &l);
	assert_int_equal(r.result.status, 0);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].count, 2); /* one log per process, both read */
	assert_loc(&l.items[0].locs[0], "tsan_fork.c", 12, 7, "bump", "*");
	finding_list_release(&l);
}

static void test_run_openmp(void **state)
{
	struct run_ctx *c = *state;
	struct detector_run r;
	struct finding_list l = FINDING_LIST_INIT;
	const char *bin;
	const char *archer;

	need_tsan();
	archer = tsan_archer_path();
	if (!archer) {
		fprintf(stderr, "skipped: libarcher.so not found\n");
		skip();
	}
	assert_int_equal(access(archer, R_OK), 0);
	bin = build(c, "-fopenmp", "tsan_omp_race.c");
	assert_true(tsan_binary_uses_openmp(bin));
	run_prog(c, bin, &all_src, &r, &l);
	assert_int_equal(r.result.status, 0);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	assert_loc(&l.items[0].locs[0], "tsan_omp_race.c", 10, 7, "main", "*");
	finding_list_release(&l);
}

static void test_run_deadlock(void **state)
{
	struct run_ctx *c = *state;
	struct detector_run r;
	struct finding_list l = FINDING_LIST_INIT;

	need_tsan();
	/*
	 * TSan sees a lock-order cycle only once both edges were taken; in a real deadlock the
	 * second never is, so the run hangs silently (the tracer's job). It must end at the
	 * timeout as a normal run, not as a tool failure.
	 */
	run_prog_for(c, build(c, "", "tsan_deadlock.c"), &all_src, 1500, &r, &l);
	assert_true(r.result.timed_out);
	assert_false(r.result.exited);
	assert_int_equal(l.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_race),
		cmocka_unit_test(test_lock_order),
		cmocka_unit_test(test_thread_leak),
		cmocka_unit_test(test_mutex_misuse),
		cmocka_unit_test(test_double_lock),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_openmp_race),
		cmocka_unit_test(test_fork_logs),
		cmocka_unit_test(test_support_frames),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_tool_failure),
		cmocka_unit_test(test_empty_and_garbage),
		cmocka_unit_test(test_frame_without_line),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_report_flood),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_report_in_the_middle),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_runtime_crash),
		cmocka_unit_test_setup_teardown(test_run_race, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(test_run_fake_report, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(test_run_fork, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(test_run_openmp, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(test_run_deadlock, run_setup, run_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
