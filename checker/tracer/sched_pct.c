/*
 * PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010): who runs next.
 *
 * Each thread gets a random priority from the seed when it is created, all of them above d; the
 * enabled thread of highest priority always runs. d - 1 change points are drawn uniformly over
 * the first k steps (a step: a scheduling point where more than one thread could run); at the
 * i-th the running thread drops to priority i, below every initial one. A bug that needs d
 * particular orderings among n threads is then found with probability at least 1 / (n k^(d-1))
 * per schedule.
 *
 * k and d come from the seed when the harness does not set them: k from the ladder 8, 8, 12,
 * 16, 24, 32, 64, 128 and d from 2..3 (a depth-1 bug is found at d = 2 too, with probability
 * at least (1 - 1/k) / n). A seed must replay on its own (`--seed S` and nothing else), so
 * nothing learnt from other runs may shape its schedule; the ladder costs at most a factor 8
 * against a k known in advance, and lets one exploration cover short and long programs alike.
 *
 * Two departures keep a schedule finite: a sleep or yield drops its thread below all others
 * (a "wait until someone else moves" loop would otherwise keep the turn forever), and after
 * FAIR_AFTER * k steps (past every change point) the threads take turns, FAIR_QUANTUM steps each:
 * a busy loop through sync points would starve lower ones for ever, and a program that measures
 * how long a thread waits would see the waits of a strict priority order, which no kernel makes.
 */
#include "sched_int.h"

/* The fallback begins FAIR_AFTER times k steps in: every change point lies before it. */
#define FAIR_AFTER 8
#define FAIR_QUANTUM 64
#define MAX_DEPTH 8

static struct {
	uint64_t rng;
	int depth;
	unsigned long k;
	unsigned long change[MAX_DEPTH];
	int64_t floor; /* demoted priorities go below every other */
} pct;

static uint64_t next_rand(void)
{
	uint64_t z = (pct.rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void lg_pct_init(uint64_t seed, int depth, long steps)
{
	uint64_t h;

	pct.rng = seed * 0x2545f4914f6cdd1dull + 0x5851f42d4c957f2dull;
	h = next_rand();
	if (depth < 1 || depth > MAX_DEPTH) {
		static const int ladder[3] = { 2, 2, 3 };

		depth = ladder[h % 3];
	}
	pct.depth = depth;
	if (steps <= 0) {
		/* Teaching programs are short: the ladder leans to small k (see the top). */
		static const long ladder[8] = { 8, 8, 12, 16, 24, 32, 64, 128 };

		steps = ladder[(h >> 8) % 8];
	}
	pct.k = (unsigned long)steps;
	for (int i = 0; i < depth - 1; i++)
		pct.change[i] = 1 + next_rand() % pct.k;
}

void lg_pct_emit_config(void)
{
	struct lg_line l = { .n = 0 };

	lg_put(&l, LG_REC_SCHEDCFG " pct depth=");
	lg_put_u(&l, (uint64_t)pct.depth);
	lg_put(&l, " steps=");
	lg_put_u(&l, pct.k);
	lg_put(&l, " change=");
	for (int i = 0; i < pct.depth - 1; i++) {
		if (i)
			lg_put(&l, ",");
		lg_put_u(&l, pct.change[i]);
	}
	if (pct.depth < 2)
		lg_put(&l, "-");
	lg_emit(&l);
}

void lg_pct_new_thread(int slot)
{
	/* Above every change-point priority (1..d-1); ties (rare) go to the lower slot. */
	lg_sthr[slot].prio = pct.depth + (int64_t)(next_rand() >> 33);
}

void lg_pct_step(int me)
{
	for (int i = 0; i < pct.depth - 1; i++)
		if (pct.change[i] == lg_sched.steps)
			lg_sthr[me].prio = i + 1;
	/*
	 * The fair fallback in quanta: every FAIR_QUANTUM steps the running thread goes behind all
	 * others (round robin, as a time-sliced kernel would), and pending timeouts may expire. A
	 * choice at every step would switch threads thousands of times more than any real run.
	 */
	if (lg_sched.fair_from && (lg_sched.steps - lg_sched.fair_from) % FAIR_QUANTUM == 0) {
		lg_pct_demote(me);
		lg_pct_expire_timed(0);
	}
	if (!lg_sched.fair_from && lg_sched.steps >= FAIR_AFTER * pct.k) {
		struct lg_line l = { .n = 0 };

		lg_sched.fair_from = lg_sched.steps;
		lg_put(&l, LG_REC_SCHEDFAIR " step=");
		lg_put_u(&l, lg_sched.steps);
		lg_emit(&l);
	}
}

void lg_pct_demote(int slot)
{
	lg_sthr[slot].prio = --pct.floor;
}

static bool enabled(int i)
{
	return lg_sthr[i].controlled && lg_sthr[i].st == LG_S_RUN;
}

int lg_pct_enabled(void)
{
	int i, n = 0, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++)
		n += enabled(i);
	return n;
}

int lg_pct_blocked(void)
{
	int i, n = 0, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++)
		n += lg_sthr[i].controlled && lg_sthr[i].st == LG_S_BLOCKED;
	return n;
}

/* The highest-priority enabled thread other than skip (-1: none skipped), or -1. */
static int best(int skip)
{
	int i, b = -1, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++)
		if (i != skip && enabled(i) && (b < 0 || lg_sthr[i].prio > lg_sthr[b].prio))
			b = i;
	return b;
}

/*
 * Nothing enabled: a timed wait times out (the highest-priority timed waiter); a timeout is the
 * last thing that happens, as it is when every other thread is stuck.
 */
static int timeout(void)
{
	int i, b = -1, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++) {
		struct lg_sthr *s = &lg_sthr[i];

		if (s->controlled && s->st == LG_S_BLOCKED && s->timed &&
		    (b < 0 || s->prio > lg_sthr[b].prio))
			b = i;
	}
	if (b >= 0) {
		lg_sthr[b].st = LG_S_RUN;
		lg_sthr[b].timedout = true;
	}
	return b;
}

int lg_pct_pick(int me)
{
	int nx;

	(void)me;
	nx = best(-1);
	return nx >= 0 ? nx : timeout();
}

int lg_pct_pick_other(int cur)
{
	return best(cur);
}

void lg_pct_expire_timed(int64_t ahead_ns)
{
	int i, hw = atomic_load(&lg_thread_hw);
	struct timespec ts;
	int64_t now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec + ahead_ns;
	for (i = 0; i < hw; i++) {
		struct lg_sthr *s = &lg_sthr[i];

		/* Only once its deadline is due: a 10 s wait does not end at a 1 ms sleep. */
		if (s->controlled && s->st == LG_S_BLOCKED && s->timed &&
		    (!s->deadline_ns || s->deadline_ns <= now)) {
			s->st = LG_S_RUN;
			s->timedout = true;
		}
	}
}
