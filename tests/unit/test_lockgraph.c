/*
 * The lock tracer's output, recorded from real runs (tests/fixtures/lockgraph/record.sh), parsed
 * and turned into findings; and the parser's defences against garbage and truncated files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/lockgraph/lockgraph.h"
#include "graph/graph.h"
#include "model/util.h"

static char *load(const char *name, size_t *len)
{
	char path[1024];
	char *text;

	snprintf(path, sizeof(path), "%s/lockgraph/%s", FIXTURES_DIR, name);
	text = read_file_capped(path, 1u << 24, len);
	if (!text)
		fail_msg("cannot read fixture %s", path);
	return text;
}

/* Parses PROG.out, resolves with PROG.addr2line, and analyzes with the given limits. */
static void analyze(const char *prog, const char *src_file, int starve_ms, const char *graphs,
		    struct lg_trace *t, struct finding_list *l)
{
	char name[256];
	const char *files[] = { src_file };
	struct source_set src = { files, 1 };
	struct lg_symbols s = LG_SYMBOLS_INIT;
	struct lg_analysis a = { &src, { starve_ms, 200, 1000 }, 7, graphs };
	struct diag d = DIAG_INIT;
	size_t len;
	char *text;

	snprintf(name, sizeof(name), "%s.out", prog);
	text = load(name, &len);
	if (lg_trace_parse(t, text, len, &d) != RL_ERR_OK)
		fail_msg("%s: %s", name, d.msg);
	free(text);
	snprintf(name, sizeof(name), "%s.addr2line", prog);
	text = load(name, &len);
	assert_int_equal(lg_symbols_add_addr2line(&s, text), RL_ERR_OK);
	free(text);
	if (lg_trace_findings(t, &s, &a, l, &d) != RL_ERR_OK)
		fail_msg("%s: %s", prog, d.msg);
	lg_symbols_release(&s);
}

static const struct finding *only(const struct finding_list *l, enum finding_kind k)
{
	if (l->nr != 1) {
		for (size_t i = 0; i < l->nr; i++)
			print_message("finding: %s: %s\n", finding_kind_name(l->items[i].kind),
				      l->items[i].message);
		fail_msg("expected exactly one finding, got %zu", l->nr);
	}
	assert_int_equal(l->items[0].kind, k);
	assert_int_equal(l->items[0].tools, TOOL(LOCKGRAPH));
	return &l->items[0];
}

static bool has_loc(const struct finding *f, const char *file, int line, const char *thread)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].file && !strcmp(f->locs[i].file, file) && f->locs[i].line == line &&
		    (!thread || (f->locs[i].thread && !strcmp(f->locs[i].thread, thread))))
			return true;
	return false;
}

static void test_parse_deadlock(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct diag d = DIAG_INIT;
	size_t len;
	char *text = load("deadlock_abba.out", &len);

	(void)state;
	assert_int_equal(lg_trace_parse(&t, text, len, &d), RL_ERR_OK);
	assert_true(t.header);
	assert_int_equal(t.seed, 7);
	assert_int_equal(t.max_threads, 3);
	assert_true(t.stuck);
	assert_true(t.snapshot_complete);
	assert_int_equal(t.nobjs, 2);
	assert_int_equal(t.nedges, 2);
	assert_int_equal(t.nwaiters, 3); /* main joins, T1 and T2 wait for mutexes */
	assert_int_equal(t.nheld, 2);
	assert_int_equal(t.bad_lines, 0);
	assert_true(t.objs[0].in_exe);
	lg_trace_release(&t);
	free(text);
}

static void test_deadlock(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("deadlock_abba", "deadlock_abba.c", 1500, NULL, &t, &l);
	/* The inversion is this very deadlock: reported once, as the deadlock. */
	f = only(&l, FK_DEADLOCK);
	assert_true(has_loc(f, "deadlock_abba.c", 14, "T1"));
	assert_true(has_loc(f, "deadlock_abba.c", 25, "T2"));
	assert_non_null(strstr(f->message, "T1 holds mutex L"));
	assert_non_null(strstr(f->message, "(locked at deadlock_abba.c:12)"));
	assert_non_null(strstr(f->message, "waits for mutex L"));
	assert_int_equal(f->seed, 7);
	assert_null(f->graph); /* no graph prefix given */
	finding_list_release(&l);
	lg_trace_release(&t);
}

static void test_sequential_inversion(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("seq_abba", "seq_abba.c", 1500, NULL, &t, &l);
	assert_false(t.stuck);
	f = only(&l, FK_LOCK_ORDER);
	assert_true(has_loc(f, "seq_abba.c", 12, "T1"));
	assert_true(has_loc(f, "seq_abba.c", 22, "T2"));
	assert_non_null(strstr(f->message, "(seq_abba.c:11) then"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

static void test_gate_protects(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	analyze("gate_abba", "gate_abba.c", 1500, NULL, &t, &l);
	assert_true(t.nedges >= 4); /* the inversion is there, under the gate */
	assert_int_equal(l.nr, 0);
	lg_trace_release(&t);
}

static void test_cond_hang(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("cond_hang", "cond_hang.c", 1500, NULL, &t, &l);
	f = only(&l, FK_HANG);
	assert_true(has_loc(f, "cond_hang.c", 27, "T1"));
	assert_non_null(strstr(f->message, "T1 waits on condition L2 (first used at cond_hang.c:27)"));
	assert_non_null(strstr(f->message, "no running thread can signal it"));
	assert_non_null(strstr(f->message, "main waits to join T1"));
	assert_non_null(strstr(f->message, "T2 has exited"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

static void test_starvation_and_threshold(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("rw_starve", "rw_starve.c", 1500, NULL, &t, &l);
	assert_int_equal(t.max_threads, 6);
	f = only(&l, FK_STARVATION);
	assert_true(has_loc(f, "rw_starve.c", 44, "T5"));
	assert_non_null(strstr(f->message, "T5 waited"));
	assert_non_null(strstr(f->message, "rwlock L1"));
	finding_list_release(&l);
	lg_trace_release(&t);
	/* The same evidence under a threshold the wait never reached: nothing. */
	analyze("rw_starve", "rw_starve.c", 60000, NULL, &t, &l);
	assert_int_equal(l.nr, 0);
	lg_trace_release(&t);
}

static void test_clean_runs(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	analyze("correct", "correct.c", 1500, NULL, &t, &l);
	assert_int_equal(l.nr, 0);
	assert_true(t.fini);
	lg_trace_release(&t);
	analyze("wrappers", "wrappers.c", 1500, NULL, &t, &l);
	assert_int_equal(l.nr, 0);
	assert_int_equal(t.bad_lines, 0); /* the "calls" lines are known records */
	lg_trace_release(&t);
}

static void test_graph_written(void **state)
{
	char dir[] = "/tmp/test_lockgraph.XXXXXX", prefix[256], cmd[300];
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;
	char *svg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(prefix, sizeof(prefix), "%s/graphs/ex", dir);
	analyze("deadlock_abba", "deadlock_abba.c", 1500, prefix, &t, &l);
	f = only(&l, FK_DEADLOCK);
	assert_non_null(f->graph);
	/* The detector writes DOT only; rendering waits for reconcile (graph_publish). */
	assert_non_null(strstr(f->graph, ".dot"));
	graph_publish(&l, dir, "published", NULL);
	f = only(&l, FK_DEADLOCK);
	/* Graphviz is a dependency of the kit; without it the .dot is kept and named instead. */
	svg = read_file_capped(f->graph, 1 << 20, NULL);
	assert_non_null(svg);
	if (strstr(f->graph, ".svg"))
		assert_non_null(strstr(svg, "<svg"));
	free(svg);
	snprintf(cmd, sizeof(cmd), "%s/graphs/ex.deadlock.dot", dir);
	assert_int_equal(access(cmd, R_OK), 0);
	finding_list_release(&l);
	lg_trace_release(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every prefix of a real file (a run killed mid-write) parses, analyzes and never crashes. */
static void test_truncated(void **state)
{
	size_t len;
	char *text = load("deadlock_abba.out", &len);

	(void)state;
	for (size_t cut = 0; cut <= len; cut++) {
		struct lg_trace t = LG_TRACE_INIT;
		struct finding_list l = FINDING_LIST_INIT;
		struct lg_analysis a = { NULL, { 0, 0, 0 }, -1, NULL };
		struct diag d = DIAG_INIT;
		char *copy = malloc(cut + 1);
		enum rl_err e;

		memcpy(copy, text, cut);
		copy[cut] = '\0';
		e = lg_trace_parse(&t, copy, cut, &d);
		if (cut < strcspn(text, "\n") + 1) {
			assert_int_equal(e, RL_ERR_PARSE);
		} else {
			assert_int_equal(e, RL_ERR_OK);
			if (cut < len && text[cut - 1] != '\n')
				assert_true(t.bad_lines >= 1);
			assert_int_equal(lg_trace_findings(&t, NULL, &a, &l, &d), RL_ERR_OK);
			/* A deadlock needs the snapshot's waits: a cut one may still show some. */
			for (size_t i = 0; i < l.nr; i++)
				assert_non_null(l.items[i].message);
		}
		finding_list_release(&l);
		lg_trace_release(&t);
		free(copy);
	}
	free(text);
}

static void test_garbage(void **state)
{
	static const char *const bad_lines[] = {
		"edge L1 L1 T1 mode=mm gates=- ff=- tf=-",       /* self edge */
		"edge L1 L2 T1 mode=mx gates=- ff=- tf=-",       /* bad mode */
		"edge L1 L2 T0 mode=mm gates=- ff=- tf=-",       /* T0 is not a name */
		"edge L1 L2 T1 mode=mm gates=L3q ff=- tf=-",     /* bad gate mode */
		"edge L1 L2 T1 mode=mm gates=- ff=1,2,3,4,5 tf=-", /* too many frames */
		"edge L99999999999 L2 T1 mode=mm gates=- ff=- tf=-",
		"obj L1 mutex exe=zz f=-",
		"obj L0 mutex exe=10 f=-",
		"obj L1 spoon exe=10 f=-",
		"thr T1 state=blocked wait=mutex obj=L1 mutex=- target=- timed=0 ms=5 f=-", /* no stuck */
		"maxthreads -3",
		"starve L1 T1 wait=mutex ms=99999999999999999999999 overtakes=5 f=-",
		"misuse Unlock T1 L1 f=-",
		"blockheld L1 T1 call=sleep;rm ms=1 waiters=1 f=- hf=-",
		"fini extra",
		"whatever",
	};
	char buf[4096];
	struct lg_trace t = LG_TRACE_INIT;
	struct diag d = DIAG_INIT;
	size_t n = 0;

	(void)state;
	/* No header: nothing counts. */
	assert_int_equal(lg_trace_parse(&t, "edge L1 L2 T1\n", 14, &d), RL_ERR_PARSE);
	lg_trace_release(&t);
	assert_int_equal(lg_trace_parse(&t, "", 0, &d), RL_ERR_PARSE);
	lg_trace_release(&t);
	assert_int_equal(lg_trace_parse(&t, "\x7f" "ELF\0\0\1", 7, &d), RL_ERR_PARSE);
	lg_trace_release(&t);

	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "lockgraph 1 pid=5\n");
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(*bad_lines); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s\n", bad_lines[i]);
	/* A NUL inside a line, and an overlong line. */
	memcpy(buf + n, "fini\0x\n", 7);
	n += 7;
	memset(buf + n, 'a', 2000);
	n += 2000;
	buf[n++] = '\n';
	assert_int_equal(lg_trace_parse(&t, buf, n, &d), RL_ERR_OK);
	assert_int_equal(t.bad_lines, sizeof(bad_lines) / sizeof(*bad_lines) + 2);
	assert_int_equal(t.nedges, 0);
	assert_int_equal(t.nobjs, 0);
	assert_int_equal(t.nwaiters, 0);
	assert_int_equal(t.nevents, 0);
	assert_false(t.fini);
	assert_int_equal(t.max_threads, -1);
	lg_trace_release(&t);
}

/* Hand-written traces in the tracer's format, for the GoodLock rules themselves. */
static size_t order_findings(const char *edges)
{
	char buf[2048];
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	struct lg_analysis a = { NULL, { 0, 0, 0 }, -1, NULL };
	struct diag d = DIAG_INIT;
	size_t n;

	snprintf(buf, sizeof(buf), "lockgraph 1 pid=1\nobj L1 mutex exe=10 f=-\n"
		 "obj L2 mutex exe=20 f=-\nobj L3 rwlock exe=30 f=-\nobj L4 mutex exe=40 f=-\n%s",
		 edges);
	assert_int_equal(lg_trace_parse(&t, buf, strlen(buf), &d), RL_ERR_OK);
	assert_int_equal(t.bad_lines, 0);
	assert_int_equal(lg_trace_findings(&t, NULL, &a, &l, &d), RL_ERR_OK);
	n = l.nr;
	for (size_t i = 0; i < l.nr; i++)
		assert_int_equal(l.items[i].kind, FK_LOCK_ORDER);
	finding_list_release(&l);
	lg_trace_release(&t);
	return n;
}

static void test_goodlock_rules(void **state)
{
	(void)state;
	/* Two threads, opposite orders: reported. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=- ff=- tf=-\n"
					"edge L2 L1 T2 mode=mm gates=- ff=- tf=-\n"), 1);
	/* One thread in both orders cannot deadlock with itself. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=- ff=- tf=-\n"
					"edge L2 L1 T1 mode=mm gates=- ff=- tf=-\n"), 0);
	/* A common exclusive gate protects it. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=L4m ff=- tf=-\n"
					"edge L2 L1 T2 mode=mm gates=L4m ff=- tf=-\n"), 0);
	/* A gate both threads hold only for reading does not. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=L3r ff=- tf=-\n"
					"edge L2 L1 T2 mode=mm gates=L3r ff=- tf=-\n"), 1);
	/* ... but one writer among them does. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=L3w ff=- tf=-\n"
					"edge L2 L1 T2 mode=mm gates=L3r ff=- tf=-\n"), 0);
	/* A three-lock cycle over three threads. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=- ff=- tf=-\n"
					"edge L2 L4 T2 mode=mm gates=- ff=- tf=-\n"
					"edge L4 L1 T3 mode=mm gates=- ff=- tf=-\n"), 1);
	/* Same edge also seen without the gate in another thread: that pair is unprotected. */
	assert_int_equal(order_findings("edge L1 L2 T1 mode=mm gates=L4m ff=- tf=-\n"
					"edge L2 L1 T2 mode=mm gates=L4m ff=- tf=-\n"
					"edge L2 L1 T3 mode=mm gates=- ff=- tf=-\n"), 1);
}

/* A controlled run's schedule: its parameters, decisions in order, its end; bad records skipped. */
static void test_schedule_records(void **state)
{
	static const char text[] =
		"lockgraph 1 pid=7\n"
		"config seed=12 hang_ms=1000 starve_ms=1000 hold_ms=100\n"
		"schedcfg pct depth=2 steps=16 change=3\n"
		"sched 1 T1 start f=-\n"
		"sched 2 T1 pthread_mutex_lock f=11a4,1239\n"
		"sched 2 main pthread_join f=1263\n"
		"sched 1 T2 pthread_mutex_lock f=11a4\n" /* a step going back: not the tracer's */
		"sched 3 T9 pthread_mutex_unlock\n"         /* no site */
		"preempt T1 by=main ms=100 step=2\n"
		"schedend steps=3 switches=4 preempts=1 fair=0 recorded=all\n"
		"fini\n";
	struct lg_trace t = LG_TRACE_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(lg_trace_parse(&t, text, sizeof(text) - 1, &d), RL_ERR_OK);
	assert_true(t.sched.controlled);
	assert_int_equal(t.sched.depth, 2);
	assert_int_equal(t.sched.k, 16);
	assert_int_equal(t.sched.ndecisions, 3);
	assert_int_equal(t.sched.decisions[1].thread, 1);
	assert_string_equal(t.sched.decisions[1].call, "pthread_mutex_lock");
	assert_int_equal(t.sched.decisions[1].site.n, 2);
	assert_int_equal(t.sched.decisions[1].site.pc[1], 0x1239);
	assert_int_equal(t.sched.decisions[2].thread, 0);
	assert_true(t.sched.ended);
	assert_int_equal(t.sched.steps, 3);
	assert_int_equal(t.sched.preempts, 1);
	assert_false(t.sched.off);
	assert_int_equal(t.bad_lines, 2);
	lg_trace_release(&t);
}

/* Without "schedcfg" the scheduler's records are not believed: the program may write lines. */
static void test_schedule_needs_config(void **state)
{
	static const char text[] = "lockgraph 1 pid=7\n"
				   "sched 1 T1 start f=-\n"
				   "schedend steps=3 switches=4 preempts=1 fair=0 recorded=all\n";
	struct lg_trace t = LG_TRACE_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(lg_trace_parse(&t, text, sizeof(text) - 1, &d), RL_ERR_OK);
	assert_false(t.sched.controlled);
	assert_int_equal(t.sched.ndecisions, 0);
	assert_false(t.sched.ended);
	assert_int_equal(t.bad_lines, 2);
	lg_trace_release(&t);
}

/* Two semaphores used as locks, taken in opposite orders: who took which token, who waits. */
static void test_sem_tokens(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("sem_tokens", "sem_tokens.c", 1500, NULL, &t, &l);
	f = only(&l, FK_DEADLOCK);
	assert_true(has_loc(f, "sem_tokens.c", 26, "T1"));
	assert_true(has_loc(f, "sem_tokens.c", 37, "T2"));
	assert_non_null(strstr(f->message, "T1 took a token of semaphore L1 (first used at sem_tokens.c:52) at "
					   "sem_tokens.c:24 and waits for semaphore L2"));
	assert_non_null(strstr(f->message, "T2 took a token of semaphore L2"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

/* A child blocked on a lock another thread held across fork(); main waits for the child. */
static void test_fork_locked(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("fork_locked", "fork_locked.c", 1500, NULL, &t, &l);
	assert_int_equal(t.nforks, 1);
	assert_true(t.forks[0].child_blocked);
	f = only(&l, FK_DEADLOCK); /* not a second, vaguer hang for main's waitpid() */
	assert_true(has_loc(f, "fork_locked.c", 48, "main"));
	assert_true(has_loc(f, "fork_locked.c", 18, "T1"));
	assert_non_null(strstr(f->message, "main called fork() at fork_locked.c:48 while T1 held "
					   "mutex L2 (first used at fork_locked.c:18) (locked at "
					   "fork_locked.c:18)"));
	assert_non_null(strstr(f->message, "main waits for that child at fork_locked.c:57"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

/* The same trace without the child's block: only the potential, as a warning. */
static void test_fork_potential(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	struct lg_symbols s = LG_SYMBOLS_INIT;
	struct lg_analysis a = { NULL, { 1500, 200, 1000 }, 7, NULL };
	struct diag d = DIAG_INIT;
	static const char text[] = "lockgraph 1 pid=2\n"
				   "obj L2 mutex exe=40a0 f=11f4\n"
				   "fork main pid=5\n"
				   "forkheld T1 L2 mode=m by=main pid=5 f=1275 hf=11f4\n"
				   "fini\n";

	(void)state;
	assert_int_equal(lg_trace_parse(&t, text, sizeof(text) - 1, &d), RL_ERR_OK);
	assert_int_equal(lg_trace_findings(&t, &s, &a, &l, &d), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].severity, SEV_WARNING);
	assert_non_null(strstr(l.items[0].message, "did not block on it"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

/* Parent and child each blocked writing to a full pipe that only the other (blocked) reads. */
static void test_pipe_knot(void **state)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	analyze("pipe_write_write", "pipe_knot.c", 1500, NULL, &t, &l);
	assert_int_equal(t.npipes, 6);
	f = only(&l, FK_DEADLOCK);
	assert_true(has_loc(f, "pipe_knot.c", 18, "main"));
	assert_non_null(strstr(f->message, "main (pid 2) blocks in write() to a full pipe (fd 4) at "
					   "pipe_knot.c:18 that only blocked processes read: child 4"));
	assert_non_null(strstr(f->message, "child 4 blocks in write() to a full pipe (fd 6) that "
					   "only blocked processes read: the program (pid 2)"));
	finding_list_release(&l);
	lg_trace_release(&t);
}

/* The program could write these lines: out of place they are not believed. */
static void test_fork_records_checked(void **state)
{
	static const char text[] = "lockgraph 1 pid=2\n"
				   "forkblock pid=5 L2\n"
				   "pipewait pid=2 main call=write fd=4 pipe=9 f=-\n"
				   "forkheld T1 L2 mode=x by=main pid=5 f=1 hf=2\n"
				   "stuck ms=1000 live=1\n"
				   "pipeend pid=2 pipe=9 end=q\n"
				   "snapend\n";
	struct lg_trace t = LG_TRACE_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(lg_trace_parse(&t, text, sizeof(text) - 1, &d), RL_ERR_OK);
	assert_int_equal(t.nforks, 0);
	assert_int_equal(t.npipes, 0);
	assert_int_equal(t.bad_lines, 4);
	lg_trace_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_deadlock),
		cmocka_unit_test(test_deadlock),
		cmocka_unit_test(test_sequential_inversion),
		cmocka_unit_test(test_gate_protects),
		cmocka_unit_test(test_cond_hang),
		cmocka_unit_test(test_starvation_and_threshold),
		cmocka_unit_test(test_clean_runs),
		cmocka_unit_test(test_graph_written),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_goodlock_rules),
		cmocka_unit_test(test_schedule_records),
		cmocka_unit_test(test_schedule_needs_config),
		cmocka_unit_test(test_sem_tokens),
		cmocka_unit_test(test_fork_locked),
		cmocka_unit_test(test_fork_potential),
		cmocka_unit_test(test_pipe_knot),
		cmocka_unit_test(test_fork_records_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
