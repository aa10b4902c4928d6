/*
 * Tests of the schedule-perturbation shim as a check uses it: linked into the TSan build by
 * build_variant(), turned on by the TSan detector's search runs (a seed), and invisible in reports.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/detector.h"
#include "model/util.h"
#include "run/build.h"
#include "run/perturb.h"

/*
 * The waiter holds the lock when it says it is ready, and keeps it until its timed wait, with a
 * 40 ms deadline, releases it: as the program is, main takes the lock then and signals at once, and
 * the wait ends signalled. With the shim on, main is a late notifier: it sees the timed wait under
 * way and lets its deadline pass before it takes the lock, and the wait times out. Neither outcome
 * needs a race, so only the shim can change it.
 */
static const char late_src[] =
	"#include <errno.h>\n"
	"#include <pthread.h>\n"
	"#include <sched.h>\n"
	"#include <stdatomic.h>\n"
	"#include <stdio.h>\n"
	"#include <time.h>\n"
	"static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
	"static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;\n"
	"static atomic_int ready;\n"
	"static int posted, rc;\n"
	"static void *waiter(void *a)\n"
	"{\n"
	"	struct timespec until;\n"
	"	pthread_mutex_lock(&m);\n"
	"	clock_gettime(CLOCK_REALTIME, &until);\n"
	"	until.tv_nsec += 40 * 1000 * 1000L;\n"
	"	if (until.tv_nsec >= 1000000000L) {\n"
	"		until.tv_sec++;\n"
	"		until.tv_nsec -= 1000000000L;\n"
	"	}\n"
	"	ready = 1;\n"
	"	while (!posted && rc == 0)\n"
	"		rc = pthread_cond_timedwait(&cv, &m, &until);\n"
	"	pthread_mutex_unlock(&m);\n"
	"	return a;\n"
	"}\n"
	"int main(void)\n"
	"{\n"
	"	pthread_t t;\n"
	"	pthread_create(&t, NULL, waiter, NULL);\n"
	"	while (!ready)\n"
	"		sched_yield();\n"
	"	pthread_mutex_lock(&m);\n"
	"	posted = 1;\n"
	"	pthread_cond_signal(&cv);\n"
	"	pthread_mutex_unlock(&m);\n"
	"	pthread_join(t, NULL);\n"
	"	puts(rc == ETIMEDOUT ? \"timed out\" : \"signalled\");\n"
	"	return 0;\n"
	"}\n";

/*
 * The same for the waits the late notifier learned later: a sem_timedwait whose poster is main, a
 * pthread_mutex_timedlock on a mutex main holds, a timed rwlock lock, and their clock variants
 * (deadline `mono`, on CLOCK_MONOTONIC). Main acts once the waiter sleeps in its wait (its
 * /proc state 'S'): a fixed 5 ms was not always enough on a loaded machine for the waiter to have
 * announced its wait (1 failure in 20 runs beside an eval run). As the program is, main posts (or
 * unlocks) well before the 40 ms deadline; with the shim on, main is late and the wait times out.
 */
#define LATE_WAIT_SRC(decl, start, wait, end)                                                \
	"#define _GNU_SOURCE\n"                                                              \
	"#include <errno.h>\n"                                                               \
	"#include <pthread.h>\n"                                                             \
	"#include <semaphore.h>\n"                                                           \
	"#include <sched.h>\n"                                                               \
	"#include <stdatomic.h>\n"                                                           \
	"#include <stdio.h>\n"                                                               \
	"#include <string.h>\n"                                                              \
	"#include <sys/syscall.h>\n"                                                         \
	"#include <time.h>\n"                                                                \
	"#include <unistd.h>\n"                                                              \
	decl                                                                                 \
	"static atomic_int ready, waiter_tid;\n"                                             \
	"static int rc;\n"                                                                   \
	"static void in_40ms(clockid_t clk, struct timespec *t)\n"                          \
	"{\n"                                                                                \
	"	clock_gettime(clk, t);\n"                                                    \
	"	t->tv_nsec += 40 * 1000 * 1000L;\n"                                          \
	"	if (t->tv_nsec >= 1000000000L) {\n"                                          \
	"		t->tv_sec++;\n"                                                      \
	"		t->tv_nsec -= 1000000000L;\n"                                        \
	"	}\n"                                                                         \
	"}\n"                                                                                \
	"static void *waiter(void *a)\n"                                                     \
	"{\n"                                                                                \
	"	struct timespec until, mono;\n"                                              \
	"	in_40ms(CLOCK_REALTIME, &until);\n"                                          \
	"	in_40ms(CLOCK_MONOTONIC, &mono);\n"                                          \
	"	waiter_tid = (int)syscall(SYS_gettid);\n"                                    \
	"	ready = 1;\n"                                                                \
	wait                                                                                 \
	"	return a;\n"                                                                 \
	"}\n"                                                                                \
	"static void wait_asleep(void)\n"                                                    \
	"{\n"                                                                                \
	"	char path[64], buf[512], *p;\n"                                              \
	"	snprintf(path, sizeof(path), \"/proc/self/task/%d/stat\", waiter_tid);\n"    \
	"	for (int i = 0; i < 4000; i++) {\n"                                          \
	"		FILE *f = fopen(path, \"r\");\n"                                     \
	"		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;\n"             \
	"		if (f)\n"                                                            \
	"			fclose(f);\n"                                                \
	"		buf[n] = 0;\n"                                                       \
	"		if ((p = strrchr(buf, ')')) && p[1] == ' ' && p[2] == 'S')\n"        \
	"			return;\n"                                                   \
	"		usleep(500);\n"                                                      \
	"	}\n"                                                                         \
	"}\n"                                                                                \
	"int main(void)\n"                                                                   \
	"{\n"                                                                                \
	"	pthread_t t;\n"                                                              \
	start                                                                                \
	"	pthread_create(&t, NULL, waiter, NULL);\n"                                   \
	"	while (!ready)\n"                                                            \
	"		sched_yield();\n"                                                    \
	"	wait_asleep();\n"                                                            \
	end                                                                                  \
	"	pthread_join(t, NULL);\n"                                                    \
	"	puts(rc == ETIMEDOUT ? \"timed out\" : \"in time\");\n"                        \
	"	return 0;\n"                                                                 \
	"}\n"

static const char late_sem_src[] = LATE_WAIT_SRC(
	"static sem_t s;\n",
	"	sem_init(&s, 0, 0);\n",
	"	if (sem_timedwait(&s, &until) != 0)\n"
	"		rc = errno;\n",
	"	sem_post(&s);\n");

static const char late_unlock_src[] = LATE_WAIT_SRC(
	"static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n",
	"	pthread_mutex_lock(&m);\n",
	"	rc = pthread_mutex_timedlock(&m, &until);\n"
	"	if (rc == 0)\n"
	"		pthread_mutex_unlock(&m);\n",
	"	pthread_mutex_unlock(&m);\n");
static const char late_sem_clock_src[] = LATE_WAIT_SRC(
	"static sem_t s;\n",
	"	sem_init(&s, 0, 0);\n",
	"	if (sem_clockwait(&s, CLOCK_MONOTONIC, &mono) != 0)\n"
	"		rc = errno;\n",
	"	sem_post(&s);\n");
static const char late_clocklock_src[] = LATE_WAIT_SRC(
	"static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n",
	"	pthread_mutex_lock(&m);\n",
	"	rc = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &mono);\n"
	"	if (rc == 0)\n"
	"		pthread_mutex_unlock(&m);\n",
	"	pthread_mutex_unlock(&m);\n");
static const char late_cond_clock_src[] = LATE_WAIT_SRC(
	"static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
	"static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;\n"
	"static int posted;\n",
	"",
	"	pthread_mutex_lock(&m);\n"
	"	while (!posted && rc == 0)\n"
	"		rc = pthread_cond_clockwait(&cv, &m, CLOCK_MONOTONIC, &mono);\n"
	"	pthread_mutex_unlock(&m);\n",
	"	pthread_mutex_lock(&m);\n"
	"	posted = 1;\n"
	"	pthread_cond_signal(&cv);\n"
	"	pthread_mutex_unlock(&m);\n");
static const char late_rwlock_src[] = LATE_WAIT_SRC(
	"static pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;\n",
	"	pthread_rwlock_rdlock(&l);\n",
	"	rc = pthread_rwlock_timedwrlock(&l, &until);\n"
	"	if (rc == 0)\n"
	"		pthread_rwlock_unlock(&l);\n",
	"	pthread_rwlock_unlock(&l);\n");
static const char late_rwlock_clock_src[] = LATE_WAIT_SRC(
	"static pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;\n",
	"	pthread_rwlock_wrlock(&l);\n",
	"	rc = pthread_rwlock_clockrdlock(&l, CLOCK_MONOTONIC, &mono);\n"
	"	if (rc == 0)\n"
	"		pthread_rwlock_unlock(&l);\n",
	"	pthread_rwlock_unlock(&l);\n");

/*
 * A race on `hits` (line 19 against line 33: main runs on while `ba` does) and an A-then-B,
 * B-then-A lock order (lines 8-10 and 20-21) in two threads that never overlap.
 */
static const char frames_src[] =
	"#include <pthread.h>\n"                                              /* 1 */
	"static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;\n"             /* 2 */
	"static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;\n"             /* 3 */
	"static int hits;\n"                                                  /* 4 */
	"static void *ab(void *p)\n"                                          /* 5 */
	"{\n"                                                                 /* 6 */
	"	for (int i = 0; i < 50; i++) {\n"                             /* 7 */
	"		pthread_mutex_lock(&a);\n"                            /* 8 */
	"		hits++;\n"                                            /* 9 */
	"		pthread_mutex_lock(&b);\n"                            /* 10 */
	"		pthread_mutex_unlock(&b);\n"                          /* 11 */
	"		pthread_mutex_unlock(&a);\n"                          /* 12 */
	"	}\n"                                                          /* 13 */
	"	return p;\n"                                                  /* 14 */
	"}\n"                                                                 /* 15 */
	"static void *ba(void *p)\n"                                          /* 16 */
	"{\n"                                                                 /* 17 */
	"	for (int i = 0; i < 50; i++) {\n"                             /* 18 */
	"		hits++;\n"                                            /* 19 */
	"		pthread_mutex_lock(&b);\n"                            /* 20 */
	"		pthread_mutex_lock(&a);\n"                            /* 21 */
	"		pthread_mutex_unlock(&a);\n"                          /* 22 */
	"		pthread_mutex_unlock(&b);\n"                          /* 23 */
	"	}\n"                                                          /* 24 */
	"	return p;\n"                                                  /* 25 */
	"}\n"                                                                 /* 26 */
	"int main(void)\n"                                                    /* 27 */
	"{\n"                                                                 /* 28 */
	"	pthread_t t, u;\n"                                            /* 29 */
	"	pthread_create(&t, 0, ab, 0);\n"                              /* 30 */
	"	pthread_join(t, 0);\n"                                        /* 31 */
	"	pthread_create(&u, 0, ba, 0);\n"                              /* 32 */
	"	hits--;\n"                                                    /* 33 */
	"	pthread_join(u, 0);\n"                                        /* 34 */
	"	return 0;\n"                                                  /* 35 */
	"}\n";                                                                /* 36 */

struct ctx {
	char dir[32];
	char bin[PATH_MAX], out[PATH_MAX], err[PATH_MAX], tools[PATH_MAX];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	snprintf(c->dir, sizeof(c->dir), "/tmp/test_perturb.XXXXXX");
	if (!mkdtemp(c->dir)) {
		free(c);
		return -1;
	}
	snprintf(c->bin, sizeof(c->bin), "%s/prog", c->dir);
	snprintf(c->out, sizeof(c->out), "%s/out", c->dir);
	snprintf(c->err, sizeof(c->err), "%s/err", c->dir);
	snprintf(c->tools, sizeof(c->tools), "%s/tools", c->dir);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", c->dir);
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

/* Writes src as DIR/prog.c and builds it as a check builds the TSan variant. */
static void build_tsan(struct ctx *c, const char *src)
{
	const char *const sources[] = { "prog.c", NULL };
	const struct build_spec spec = { c->dir, sources, NULL, NULL, c->dir, false };
	struct finding_list found = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	char path[PATH_MAX];
	bool built = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/prog.c", c->dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(src, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(build_variant(&spec, VARIANT_TSAN, c->bin, &built, &found, &d), RL_ERR_OK);
	assert_true(built);
	finding_list_release(&found);
}

/* One run of the TSan detector on the built program, with seed (-1: the plain run). */
static void run_tsan(struct ctx *c, long seed, struct finding_list *l)
{
	static const char *const no_args[] = { NULL };
	static const char *const files[] = { "prog.c" };
	static const struct source_set src = { files, 1 };
	struct detector_run r;
	struct diag d = DIAG_INIT;

	memset(&r, 0, sizeof(r));
	assert_true(mkdir(c->tools, 0700) == 0 || access(c->tools, W_OK) == 0);
	r.binary = c->bin;
	r.workdir = c->dir;
	r.tooldir = c->tools;
	r.args = no_args;
	r.sources = &src;
	r.timeout_ms = 20000;
	r.seed = seed;
	r.stdout_path = c->out;
	r.stderr_path = c->err;
	assert_int_equal(detector_find("tsan")->run(&r, l, &d), RL_ERR_OK);
	assert_true(r.result.exited && r.result.status == 0);
}

static char *output(struct ctx *c)
{
	char *text = read_file_capped(c->out, 4096, NULL);

	assert_non_null(text);
	return text;
}

static void test_archive_found(void **state)
{
	const char *a = perturb_archive();

	(void)state;
	assert_non_null(a);
	assert_non_null(strstr(a, "libracelab_perturb.a"));
}

/* The shim is linked in and, with a seed, makes the notifier late: the wait times out. */
/*
 * Builds src; a search run with seed 1 (of up to three) must print "timed out", its plain run
 * (the program as it is) plain_out, and neither may report anything.
 */
static void expect_late(struct ctx *c, const char *name, const char *src, const char *plain_out)
{
	struct finding_list l = FINDING_LIST_INIT;
	char *text;

	build_tsan(c, src);
	/*
	 * Up to three seeded runs: on a loaded machine the waiter can lose its CPU between announcing
	 * its wait and entering it for longer than its 40 ms deadline, and a semaphore or lock that
	 * is free by then is taken without a timeout (POSIX checks no timeout when the call can
	 * succeed at once): 3 of 20 runs of this test failed so beside an eval run. Without the late
	 * notifier no seeded run times out (main acts about 39 ms before the deadline).
	 */
	for (int tries = 0;; tries++) {
		run_tsan(c, 1, &l);
		text = output(c);
		if (!strcmp(text, "timed out\n"))
			break;
		if (tries == 2)
			fail_msg("%s, seed 1, 3 runs: printed \"%s\", not \"timed out\"", name, text);
		free(text);
	}
	free(text);
	run_tsan(c, -1, &l);
	text = output(c);
	if (strcmp(text, plain_out))
		fail_msg("%s, plain run: printed \"%s\", not \"%s\"", name, text, plain_out);
	free(text);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
}

static void test_late_notifier(void **state)
{
	need_tsan();
	expect_late(*state, "late", late_src, "signalled\n");
}

/* The poster of a sem_timedwait and the holder of a timedlock's mutex are late notifiers too. */
static void test_late_poster_and_holder(void **state)
{
	need_tsan();
	expect_late(*state, "late_sem", late_sem_src, "in time\n");
	expect_late(*state, "late_unlock", late_unlock_src, "in time\n");
}

/*
 * And of the waits the shim wraps since: a timed rwlock lock's holder, and the clock variants,
 * whose CLOCK_MONOTONIC deadline the notifier sees on its CLOCK_REALTIME scale.
 */
static void test_late_rwlock_and_clocks(void **state)
{
	need_tsan();
	expect_late(*state, "late_rwlock", late_rwlock_src, "in time\n");
	expect_late(*state, "late_rwlock_clock", late_rwlock_clock_src, "in time\n");
	expect_late(*state, "late_sem_clock", late_sem_clock_src, "in time\n");
	expect_late(*state, "late_clocklock", late_clocklock_src, "in time\n");
	expect_late(*state, "late_cond_clock", late_cond_clock_src, "in time\n");
}

/* In a perturbed run, every location of every report is still the program's own line. */
static void test_frames_stay_students(void **state)
{
	struct ctx *c = *state;
	struct finding_list l = FINDING_LIST_INIT;
	bool race = false, order = false;

	need_tsan();
	build_tsan(c, frames_src);
	run_tsan(c, 2, &l);
	for (size_t i = 0; i < l.nr; i++) {
		const struct finding *f = &l.items[i];

		race |= f->kind == FK_DATA_RACE;
		order |= f->kind == FK_LOCK_ORDER;
		assert_true(f->nlocs > 0);
		for (size_t k = 0; k < f->nlocs; k++) {
			fprintf(stderr, "%s at %s:%d\n", finding_kind_name(f->kind),
				f->locs[k].file, f->locs[k].line);
			assert_string_equal(f->locs[k].file, "prog.c");
			assert_true((f->locs[k].line >= 8 && f->locs[k].line <= 21) ||
				    f->locs[k].line == 33);
		}
	}
	assert_true(race && order);
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive_found),
		cmocka_unit_test_setup_teardown(test_late_notifier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_poster_and_holder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_rwlock_and_clocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frames_stay_students, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
