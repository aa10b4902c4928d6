/* The watchdog thread: ends a run whose threads are all stuck, after writing who waits for what. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lg.h"
#include "events.h"
#include "sched_ctl.h"
#include "sem_tokens.h"
#include "fork_held.h"
#include "pipe_knot.h"

#define WATCH_PERIOD_MS 20

/* Kernel tasks of this process, counted without opendir (which allocates). */
static int count_tasks(void)
{
	char buf[4096];
	int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
	long got;

	if (fd < 0)
		return -1;
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		long off = 0;

		while (off < got) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			if (d->d_name[0] != '.')
				n++;
			off += d->d_reclen;
		}
	}
	close(fd);
	return n;
}

static void put_kv_obj(struct lg_line *l, const char *key, const struct lg_obj *o)
{
	lg_put(l, key);
	if (o)
		lg_put_obj(l, o);
	else
		lg_put(l, "-");
}

void lg_snapshot(const char *why, uint64_t stuck_ns)
{
	uint64_t now = lg_now_ns();
	int i, j, hw = atomic_load(&lg_thread_hw);
	struct lg_line l = { .n = 0 };

	lg_put(&l, why);
	lg_put(&l, " ms=");
	lg_put_u(&l, stuck_ns / 1000000);
	lg_put(&l, " live=");
	lg_put_u(&l, (uint64_t)atomic_load(&lg_live));
	lg_emit(&l);
	for (i = 0; i < hw; i++) {
		struct lg_thread *t = &lg_threads[i];
		int st = atomic_load(&t->state);

		if (st == LG_T_FREE)
			continue;
		l.n = 0;
		lg_put(&l, LG_REC_THR " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, st == LG_T_BLOCKED ? " state=blocked" :
			   st == LG_T_EXITED ? " state=exited" : " state=running");
		if (st == LG_T_BLOCKED) {
			int wk = atomic_load(&t->wait_kind);

			lg_put(&l, " wait=");
			lg_put(&l, lg_wait_name(wk));
			put_kv_obj(&l, " obj=", t->wait_obj);
			put_kv_obj(&l, " mutex=", t->wait_mutex);
			lg_put(&l, " target=");
			if (wk == LG_W_JOIN && t->wait_target >= 0)
				lg_put_thread(&l, t->wait_target);
			else
				lg_put(&l, "-");
			lg_put(&l, t->wait_timed ? " timed=1" : " timed=0");
			if (wk == LG_W_SEM && t->wait_obj) {
				int v = 0;

				sem_getvalue((sem_t *)atomic_load(&t->wait_obj->addr), &v);
				lg_put(&l, " value=");
				lg_put_u(&l, (uint64_t)(v < 0 ? 0 : v));
			}
			if (wk == LG_W_BARRIER && t->wait_obj) {
				lg_put(&l, " count=");
				lg_put_u(&l, (uint64_t)t->wait_obj->barrier_count);
			}
			if (wk == LG_W_CHILD) {
				lg_put(&l, " pid=");
				if (t->wait_target > 0)
					lg_put_u(&l, (uint64_t)t->wait_target);
				else
					lg_put(&l, "-1");
			}
			lg_put(&l, " ms=");
			lg_put_u(&l, (now - atomic_load(&t->wait_since_ns)) / 1000000);
			lg_put(&l, " f=");
			lg_put_site(&l, &t->wait_site);
		}
		lg_emit(&l);
		for (j = 0; j < t->nheld && j < LG_MAX_HELD; j++) {
			l.n = 0;
			lg_put(&l, LG_REC_HELD " ");
			lg_put_thread(&l, t->num);
			lg_put(&l, " ");
			lg_put_obj(&l, t->held[j].obj);
			lg_put(&l, " mode=");
			l.b[l.n++] = t->held[j].mode;
			lg_put(&l, " f=");
			lg_put_site(&l, &t->held[j].site);
			lg_emit(&l);
		}
	}
	lg_tokens_snapshot();
	lg_pipes_snapshot();
	l.n = 0;
	lg_put(&l, LG_REC_SNAPEND);
	lg_emit(&l);
}

/*
 * A join whose thread has already ended returns as soon as the joiner gets a core: under load the
 * ended thread's task can be gone from the kernel while the joiner still waits to run, which
 * would otherwise look like a program with nothing left to wake it.
 */
static bool join_will_return(const struct lg_thread *t)
{
	const struct lg_thread *target;

	if (atomic_load(&t->wait_kind) != LG_W_JOIN || t->wait_target < 0)
		return false;
	target = lg_thread_by_num(t->wait_target);
	return !target || atomic_load(&target->state) == LG_T_EXITED;
}

/*
 * Stuck: every live program thread is blocked without a timeout, the latest of those waits began
 * at least hang_ms ago, nobody moved between two looks, and the kernel knows of no thread we do
 * not track (one we cannot see could be about to release everybody).
 */
static bool check_stuck(uint64_t *stuck_ns)
{
	static unsigned gens[LG_MAX_THREADS], io_gens[LG_MAX_THREADS];
	uint64_t now = lg_now_ns(), latest = 0;
	int i, hw = atomic_load(&lg_thread_hw), blocked = 0, tasks;
	bool knot = false; /* the rest depends on other processes (pipe_knot.h) */

	for (i = 0; i < hw; i++) {
		struct lg_thread *t = &lg_threads[i];
		int st = atomic_load(&t->state);
		uint64_t since;

		/* A running thread long inside a read() or write(), once the program forked. */
		if (st == LG_T_RUNNING && atomic_load_explicit(&lg_forked, memory_order_relaxed) &&
		    lg_io_waiting(t, now, &since, &io_gens[i])) {
			knot = true;
			if (since > latest)
				latest = since;
			blocked++;
			continue;
		}
		if (st == LG_T_RUNNING)
			return false;
		if (st != LG_T_BLOCKED)
			continue;
		if (t->wait_timed || join_will_return(t))
			return false;
		/* A waitpid() is stuck while its child is (fork_held.h), or in a knot of pipes. */
		if (atomic_load(&t->wait_kind) == LG_W_CHILD && !lg_child_stuck(t->wait_target))
			knot = true;
		gens[i] = atomic_load(&t->gen);
		since = atomic_load(&t->wait_since_ns);
		if (since > latest)
			latest = since;
		blocked++;
	}
	if (!blocked || now - latest < (uint64_t)lg_cfg.hang_ms * 1000000u)
		return false;
	for (i = 0; i < hw; i++) {
		struct lg_thread *t = &lg_threads[i];
		int st = atomic_load(&t->state);
		uint64_t since;
		unsigned g;

		if (st == LG_T_RUNNING && lg_io_waiting(t, now, &since, &g) && g == io_gens[i])
			continue;
		if (st == LG_T_RUNNING)
			return false;
		if (st == LG_T_BLOCKED && atomic_load(&t->gen) != gens[i])
			return false;
	}
	/*
	 * +1 for the watchdog itself, +1 for a main thread that called pthread_exit(): the kernel
	 * keeps the group leader's task (a zombie) until the whole process ends.
	 */
	tasks = count_tasks();
	if (tasks > blocked + 1 + (atomic_load(&lg_threads[0].state) == LG_T_EXITED))
		return false;
	if (knot && !lg_pipe_knot())
		return false;
	*stuck_ns = now - latest;
	return true;
}

/* Live evidence of starvation: a waiter may never get the lock, and the run be killed. */
static void check_starving(void)
{
	uint64_t now = lg_now_ns(), limit = (uint64_t)lg_cfg.starve_ms * 1000000u;
	int i, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++) {
		struct lg_thread *t = &lg_threads[i];
		struct lg_obj *o;
		struct lg_line l = { .n = 0 };
		int wk = atomic_load(&t->wait_kind);
		uint64_t since = atomic_load(&t->wait_since_ns);
		unsigned overtakes;

		if (atomic_load(&t->state) != LG_T_BLOCKED || atomic_load(&t->starve_reported))
			continue;
		if (wk != LG_W_MUTEX && wk != LG_W_RDLOCK && wk != LG_W_WRLOCK)
			continue;
		o = t->wait_obj;
		if (!o || now < since || now - since < limit)
			continue;
		overtakes = atomic_load(&o->acq) - t->wait_acq_snap;
		if (!overtakes)
			continue; /* a long hold by one holder, not others cutting in */
		atomic_store(&t->starve_reported, 1);
		lg_put(&l, LG_REC_STARVE " ");
		lg_put_obj(&l, o);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " wait=");
		lg_put(&l, lg_wait_name(wk));
		lg_put(&l, " ms=");
		lg_put_u(&l, (now - since) / 1000000);
		lg_put(&l, " overtakes=");
		lg_put_u(&l, overtakes);
		lg_put(&l, " f=");
		lg_put_site(&l, &t->wait_site);
		lg_emit(&l);
	}
}

static void *watchdog(void *arg)
{
	sigset_t all;
	uint64_t stuck_ns;

	(void)arg;
	/* Not a program thread: never traced, and never the one to run the program's handlers. */
	lg_bind_self(NULL, 1);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		struct timespec ts = { 0, WATCH_PERIOD_MS * 1000000L };

		syscall(SYS_nanosleep, &ts, NULL);
		atomic_store_explicit(&lg_tick_ns, lg_now_ns(), memory_order_relaxed);
		/* Under control waits are the schedule's choice, not starvation by the program. */
		if (!lg_sched_on)
			check_starving();
		lg_sched_tick();
		lg_children_check();
		if (check_stuck(&stuck_ns)) {
			lg_snapshot(LG_REC_STUCK, stuck_ns);
			lg_ev_emit();
			_exit(LG_EXIT_STUCK);
		}
	}
	return NULL;
}

void lg_watchdog_start(void)
{
	pthread_t th;
	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, 64 * 1024);
	if (LG_REAL(create)(&th, &a, watchdog, NULL) != 0) {
		struct lg_line l = { .n = 0 };

		lg_put(&l, LG_REC_NOWATCHDOG);
		lg_emit(&l);
	}
	pthread_attr_destroy(&a);
}
