/*
 * The controlled scheduler: gates, the turn, blocked and enabled threads, deadlock at once, the
 * time-slice fallback and the schedule record. The choice of who runs is PCT's (sched_pct.c).
 */
#include <errno.h>
#include <linux/futex.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sched_ctl.h"
#include "sched_int.h"

bool lg_sched_on;
bool lg_sched_real_sleep;
struct lg_sched lg_sched = { .lk = { ATOMIC_FLAG_INIT }, .cur = -1 };
struct lg_sthr lg_sthr[LG_MAX_THREADS];

/* The schedule's records stop here (the count goes on): a long program keeps its output cap. */
#define SCHED_RECORDS 4000
/* Without a sync point for this many watchdog periods (20 ms each), the turn is taken away. */
#define SLICE_TICKS 3
/*
 * After this many preemptions the program is mostly busy-waiting outside the calls racelab
 * controls (a spinlock of its own, a polling loop): control is given up for the rest of the run,
 * which goes on uncontrolled (blocked threads poll with sched_yield), instead of losing a time
 * slice per step until the timeout.
 */
#define MAX_PREEMPTS 10
/* While one thread runs alone, timed waits whose deadline has passed end every this many points. */
#define SOLO_EXPIRY_POINTS 64

static const char *const call_names[] = {
#define LG_SCHED_CALL_NAME(name) #name,
	LG_CALLS(LG_SCHED_CALL_NAME)
#undef LG_SCHED_CALL_NAME
};

static const char *call_name(int call)
{
	return call >= 0 && call < LG_C__COUNT ? call_names[call] : "start";
}

static void futex_wait(_Atomic unsigned *w, unsigned v)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void futex_wake(_Atomic unsigned *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static bool controlled(const struct lg_thread *t)
{
	return lg_sched_on && t && lg_sthr[lg_slot(t)].controlled;
}

/* Parks the calling thread at its gate until the turn is its own. */
static void wait_turn(int me)
{
	struct lg_sthr *s = &lg_sthr[me];

	for (;;) {
		unsigned g = atomic_load(&s->gate);

		if (atomic_load(&lg_sched.cur) == me || !lg_sched_on)
			return;
		futex_wait(&s->gate, g);
	}
}

/* Gives the turn to slot nx (with the lock held). */
static void give_turn(int nx)
{
	if (nx != atomic_load(&lg_sched.cur))
		lg_sched.switches++;
	atomic_store(&lg_sched.cur, nx);
	if (nx >= 0) {
		atomic_fetch_add(&lg_sthr[nx].gate, 1);
		futex_wake(&lg_sthr[nx].gate);
	}
}

/* "sched STEP T2 CALL f=SITE": the thread that runs next and the call it is about to make. */
static void record(int nx)
{
	struct lg_line l = { .n = 0 };
	struct lg_sthr *s = &lg_sthr[nx];

	if (lg_sched.recorded >= SCHED_RECORDS)
		return;
	lg_sched.recorded++;
	lg_put(&l, LG_REC_SCHED " ");
	lg_put_u(&l, lg_sched.steps);
	lg_put(&l, " ");
	lg_put_thread(&l, lg_threads[nx].num);
	lg_put(&l, " ");
	lg_put(&l, call_name(s->call));
	lg_put(&l, " f=");
	lg_put_site(&l, &s->site);
	lg_emit(&l);
}

void lg_sched_fini(void)
{
	struct lg_line l = { .n = 0 };

	if (!lg_sched_on || atomic_exchange(&lg_sched.ended, 1))
		return;
	lg_put(&l, LG_REC_SCHEDEND " steps=");
	lg_put_u(&l, lg_sched.steps);
	lg_put(&l, " switches=");
	lg_put_u(&l, lg_sched.switches);
	lg_put(&l, " preempts=");
	lg_put_u(&l, lg_sched.preempts);
	lg_put(&l, " fair=");
	lg_put_u(&l, lg_sched.fair_from ? 1 : 0);
	lg_put(&l, lg_sched.recorded >= SCHED_RECORDS ? " recorded=partial" : " recorded=all");
	lg_emit(&l);
}

/*
 * Nobody can run and nobody will: every controlled thread is blocked without a timeout. The
 * watchdog's snapshot records describe it, so the detector reads it as it reads a stuck run.
 */
static void deadlock(void)
{
	lg_sched_fini();
	lg_snapshot(LG_REC_STUCK, 0);
	_exit(LG_EXIT_STUCK);
}

/*
 * Hands the turn on (lock held; released here). The caller either waits for its next turn (it
 * is blocked or was demoted) or leaves for good (it ended).
 */
static void hand_over(int me, bool wait)
{
	int nx = lg_pct_pick(me), n = lg_pct_enabled();

	if (nx < 0) {
		if (lg_pct_blocked() > 0)
			deadlock(); /* never returns; the lock dies with the process */
		atomic_store(&lg_sched.cur, -1);
		lg_spin_unlock(&lg_sched.lk);
		return;
	}
	if (n > 1 || nx != me)
		record(nx);
	give_turn(nx);
	lg_spin_unlock(&lg_sched.lk);
	if (wait && me >= 0)
		wait_turn(me);
}

void lg_sched_point(struct lg_thread *t, int call, const struct lg_site *site)
{
	int me;
	struct lg_sthr *s;

	if (!controlled(t))
		return;
	me = lg_slot(t);
	s = &lg_sthr[me];
	/* A preempted thread reaching its next sync point waits here for the turn again. */
	wait_turn(me);
	lg_spin_lock(&lg_sched.lk);
	atomic_fetch_add(&lg_sched.progress, 1);
	s->call = call;
	if (site)
		s->site = *site;
	else
		memset(&s->site, 0, sizeof(s->site));
	if (lg_pct_enabled() > 1) {
		lg_sched.steps++;
		lg_pct_step(me);
	} else if (++lg_sched.solo_points % SOLO_EXPIRY_POINTS == 0) {
		/*
		 * One thread runs alone, so no step counts and no fair turn comes: a timed waiter's
		 * deadline passes all the same (a 30 ms wait beside a busy worker must end).
		 */
		lg_pct_expire_timed(0);
	}
	hand_over(me, true);
}

void lg_sched_yield(struct lg_thread *t, int call, const struct lg_site *site, int64_t slept_ns)
{
	if (!controlled(t))
		return;
	wait_turn(lg_slot(t));
	lg_spin_lock(&lg_sched.lk);
	lg_pct_demote(lg_slot(t));
	/*
	 * A sleep is time passing: the timed waits whose deadline falls within it expire now, as they
	 * would have while it slept (a 50 ms wait for a thread that sleeps 100 ms before it posts
	 * times out). Not the later ones: a 1 ms sleep does not end a 10 s wait. Each sleep counts on
	 * its own: two threads' sleeps may overlap in time.
	 */
	lg_pct_expire_timed(slept_ns);
	lg_spin_unlock(&lg_sched.lk);
	lg_sched_point(t, call, site);
}

int64_t lg_deadline_ns(clockid_t clk, const struct timespec *abs)
{
	struct timespec on_clk, mono;

	if (!abs || clock_gettime(clk, &on_clk) || clock_gettime(CLOCK_MONOTONIC, &mono))
		return 0;
	return ((int64_t)abs->tv_sec - on_clk.tv_sec) * 1000000000 + abs->tv_nsec - on_clk.tv_nsec +
	       (int64_t)mono.tv_sec * 1000000000 + mono.tv_nsec;
}

int lg_sched_block(struct lg_thread *t, const void *key, bool timed, int64_t deadline_ns,
		   bool fifo)
{
	int me;
	struct lg_sthr *s;

	if (!controlled(t)) {
		sched_yield(); /* control was given up: the caller polls */
		return 0;
	}
	me = lg_slot(t);
	s = &lg_sthr[me];
	lg_spin_lock(&lg_sched.lk);
	atomic_fetch_add(&lg_sched.progress, 1);
	s->st = LG_S_BLOCKED;
	s->key = key;
	s->timed = timed;
	s->deadline_ns = timed ? deadline_ns : 0;
	s->timedout = false;
	s->ticket = fifo ? ++lg_sched.tickets : 0;
	hand_over(me, true);
	if (!lg_sched_on)
		s->st = LG_S_RUN;
	return s->timedout ? ETIMEDOUT : 0;
}

void lg_sched_wake(const void *key, bool one)
{
	int i, hw, best = -1;

	if (!lg_sched_on)
		return;
	hw = atomic_load(&lg_thread_hw);
	lg_spin_lock(&lg_sched.lk);
	for (i = 0; i < hw; i++) {
		struct lg_sthr *s = &lg_sthr[i];

		if (!s->controlled || s->st != LG_S_BLOCKED || s->key != key)
			continue;
		if (!one) {
			s->st = LG_S_RUN;
			continue;
		}
		if (s->ticket && (best < 0 || s->ticket < lg_sthr[best].ticket))
			best = i;
	}
	if (best >= 0)
		lg_sthr[best].st = LG_S_RUN;
	lg_spin_unlock(&lg_sched.lk);
}

void lg_sched_thread_new(struct lg_thread *t)
{
	struct lg_sthr *s;

	if (!lg_sched_on)
		return;
	s = &lg_sthr[lg_slot(t)];
	lg_spin_lock(&lg_sched.lk);
	s->controlled = true;
	s->st = LG_S_RUN;
	s->key = NULL;
	s->call = -1;
	memset(&s->site, 0, sizeof(s->site));
	lg_pct_new_thread(lg_slot(t));
	lg_spin_unlock(&lg_sched.lk);
}

void lg_sched_thread_start(struct lg_thread *t)
{
	if (controlled(t))
		wait_turn(lg_slot(t));
}

bool lg_sched_thread_ended(const struct lg_thread *t)
{
	return t && lg_sthr[lg_slot(t)].st == LG_S_EXITED;
}

void lg_sched_thread_exit(struct lg_thread *t)
{
	int me;

	if (!controlled(t))
		return;
	me = lg_slot(t);
	lg_sched_point(t, LG_C_pthread_exit, NULL);
	lg_sched_wake(t, false); /* its joiners */
	lg_spin_lock(&lg_sched.lk);
	lg_sthr[me].st = LG_S_EXITED;
	lg_sthr[me].controlled = false;
	hand_over(-1, false);
}

/* Ends control (lock held): every gate opens, and the run goes on as an ordinary one. */
static void give_up(void)
{
	int i, hw = atomic_load(&lg_thread_hw);
	struct lg_line l = { .n = 0 };

	lg_put(&l, LG_REC_SCHEDOFF " step=");
	lg_put_u(&l, lg_sched.steps);
	lg_put(&l, " preempts=");
	lg_put_u(&l, lg_sched.preempts);
	lg_emit(&l);
	lg_sched_fini();
	lg_sched_on = false;
	for (i = 0; i < hw; i++) {
		atomic_fetch_add(&lg_sthr[i].gate, 1);
		futex_wake(&lg_sthr[i].gate);
	}
}

/*
 * The time-slice fallback: a thread that holds the turn and reaches no sync point (it spins on a
 * plain or atomic variable, computes, or blocks in a call racelab does not model) for
 * SLICE_TICKS periods loses it to the next enabled thread. It runs on until its next sync point,
 * where it waits like everyone else. The run says so: such a run is no longer an exact replay.
 */
void lg_sched_tick(void)
{
	static unsigned long last;
	static int still;
	unsigned long p;
	int cur, nx;

	if (!lg_sched_on)
		return;
	lg_spin_lock(&lg_sched.lk);
	p = atomic_load(&lg_sched.progress);
	cur = atomic_load(&lg_sched.cur);
	if (p != last || cur < 0) {
		last = p;
		still = 0;
		lg_spin_unlock(&lg_sched.lk);
		return;
	}
	if (++still < SLICE_TICKS) {
		lg_spin_unlock(&lg_sched.lk);
		return;
	}
	still = 0;
	if (lg_sched.preempts >= MAX_PREEMPTS) {
		give_up();
		lg_spin_unlock(&lg_sched.lk);
		return;
	}
	nx = lg_pct_pick_other(cur);
	if (nx >= 0) {
		struct lg_line l = { .n = 0 };

		lg_sched.preempts++;
		/* A thread that spins is waiting for another: it goes below them, as a yield would. */
		lg_pct_demote(cur);
		lg_put(&l, LG_REC_PREEMPT " ");
		lg_put_thread(&l, lg_threads[cur].num);
		lg_put(&l, " by=");
		lg_put_thread(&l, lg_threads[nx].num);
		lg_put(&l, " ms=");
		lg_put_u(&l, SLICE_TICKS * 20);
		lg_put(&l, " step=");
		lg_put_u(&l, lg_sched.steps);
		lg_emit(&l);
		give_turn(nx);
	}
	lg_spin_unlock(&lg_sched.lk);
}

/*
 * A barrier under control is counted here: the last of `count` arrivals releases the others
 * (and is the "serial" thread, as in libc); the real barrier is never waited on.
 */
int lg_sched_barrier_wait(struct lg_thread *t, struct lg_obj *o)
{
	static unsigned arrived[LG_MAX_OBJS], gen[LG_MAX_OBJS];
	unsigned id = (unsigned)o->id % LG_MAX_OBJS, mine;
	const void *key = (const void *)atomic_load(&o->addr);

	if (++arrived[id] >= (unsigned)o->barrier_count) {
		arrived[id] = 0;
		gen[id]++;
		lg_sched_wake(key, false);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	mine = gen[id];
	while (gen[id] == mine)
		lg_sched_block(t, key, false, 0, false);
	return 0;
}

void lg_sched_init(void)
{
	const char *mode = getenv("RACELAB_LOCKGRAPH_SCHED");
	long depth = lg_env_long("RACELAB_LOCKGRAPH_PCT_DEPTH", 0);
	long steps = lg_env_long("RACELAB_LOCKGRAPH_PCT_STEPS", 0);
	struct lg_sthr *s = &lg_sthr[0];

	unsetenv("RACELAB_LOCKGRAPH_SCHED");
	unsetenv("RACELAB_LOCKGRAPH_PCT_DEPTH");
	unsetenv("RACELAB_LOCKGRAPH_PCT_STEPS");
	if (!mode || strcmp(mode, "pct") != 0 || lg_cfg.seed < 0)
		return;
	lg_pct_init((uint64_t)lg_cfg.seed, (int)depth, steps);
	s->controlled = true;
	s->st = LG_S_RUN;
	s->call = -1;
	lg_pct_new_thread(0);
	atomic_store(&lg_sched.cur, 0);
	lg_sched_on = true;
}

void lg_sched_announce(void)
{
	if (lg_sched_on)
		lg_pct_emit_config();
}

int lg_sched_acquire(struct lg_thread *t, const struct lg_sched_lock *k)
{
	int r;

	lg_sched_point(t, k->call, k->site);
	/* Only a blocking acquisition orders locks: try and timed ones cannot deadlock here. */
	if (!k->timed && !k->try_only && !k->reacquire && t->nheld)
		lg_order_note(t, k->o, k->mode, k->site);
	for (;;) {
		r = k->try_fn(k->lock);
		if (r == 0 || r == EOWNERDEAD) {
			lg_acquired(t, k->o, k->mode, k->site, 0, 0);
			return r;
		}
		if (k->try_only || r != EBUSY)
			return r;
		/* Busy: wait (in the model, not in libc) until an unlock of this lock. */
		lg_wait_begin(t, k->wait_kind, k->o, k->timed, k->site);
		r = lg_sched_block(t, k->lock, k->timed, k->deadline_ns, false);
		lg_wait_end(t);
		if (r == ETIMEDOUT)
			return r;
	}
}

void lg_sched_thread_exit_failed(struct lg_thread *t)
{
	lg_spin_lock(&lg_sched.lk);
	lg_sthr[lg_slot(t)].st = LG_S_EXITED;
	lg_sthr[lg_slot(t)].controlled = false;
	lg_spin_unlock(&lg_sched.lk);
}

void lg_sched_atfork_prepare(void)
{
	lg_spin_lock(&lg_sched.lk);
}

void lg_sched_atfork_parent(void)
{
	lg_spin_unlock(&lg_sched.lk);
}

void lg_sched_atfork_child(void)
{
	lg_spin_unlock(&lg_sched.lk);
	lg_sched_on = false;
}

bool lg_sched_writer_waits(const void *key)
{
	int i, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++) {
		const struct lg_thread *t = &lg_threads[i];

		/* lg's state, not the scheduler's: a woken writer still waits until it has run. */
		if (lg_sthr[i].controlled && lg_sthr[i].key == key &&
		    atomic_load(&t->state) == LG_T_BLOCKED &&
		    atomic_load(&t->wait_kind) == LG_W_WRLOCK)
			return true;
	}
	return false;
}
