/* Starvation evidence needing no per-program threshold: slow waits with their takers, CPU holds. */
#include <errno.h>

#include "lg.h"

/*
 * The detector judges starvation by comparing a wait with the lock's typical hold and with how
 * often others took the lock meanwhile (detect/lockgraph/lockgraph_starve.c), so the tracer
 * writes the raw material, never a verdict:
 * - "slowwait": every lock wait of at least LG_SLOWWAIT_MS, blocking or made of failed trylocks
 *   (a backoff loop), with the acquisitions by others during it, per taker;
 * - "cpuhold": a hold of at least LG_CPUHOLD_MS during which the holder never blocked (a CPU
 *   stretch: the GIL case), with the longest waiter at its end;
 * - "holds" (state.c, with the statistics): each thread's hold lengths per lock, bucketed.
 * Takers are tallied per object only while someone waits or tries (struct lg_obj's acq rule), so
 * an uncontended lock costs nothing more here.
 */

#define TRY_SLOTS 4          /* trylock waits one thread has open at once */
#define TRY_MIN_FAILS 4      /* fewer failed tries before the success: not a backoff loop */
#define TRY_GAP_NS (200ull * 1000000u) /* a longer pause between tries ends the loop */
#define CPUHOLD_LINES 64     /* "cpuhold" records per lock, at most */

/* Acquisitions made while someone waited, by taker: thread number mod LG_TAKERS. */
struct tally {
	_Atomic unsigned n[LG_TAKERS];
	_Atomic int who[LG_TAKERS]; /* 0 none yet, num + 1 the one thread, -1 several share it */
	_Atomic int cpuholds;
};
static struct tally tallies[LG_MAX_OBJS];

/* A wait made of failed trylocks, from the first failure on. */
struct trywait {
	struct lg_obj *obj;     /* NULL: free */
	int num;                /* the owner's thread number (slots are reused after a join) */
	unsigned fails, acq_snap;
	uint64_t first_ns, last_ns;
	uint64_t held_snap;     /* the object's tryheld_ns at the first failure */
	uint64_t first_exact_ns;
	unsigned snap[LG_TAKERS];
};

/*
 * Per thread slot: its open trylock waits (ntw is read at every acquisition, so it comes first),
 * the takers when its blocking wait began. Cache-line aligned: only its own thread writes a slot,
 * and a line shared with a neighbour's slot would bounce between their cores at every wait.
 */
static struct __attribute__((aligned(64))) {
	int ntw;
	const struct trywait *done; /* the trylock wait lg_acquired is ending, for lg_starve_waited */
	unsigned snap[LG_TAKERS];
	struct trywait tw[TRY_SLOTS];
	struct trywait last;        /* its copy: the slot is free again by then */
} per[LG_MAX_THREADS];

static struct tally *tally_of(const struct lg_obj *o)
{
	return &tallies[(unsigned)o->id & (LG_MAX_OBJS - 1)];
}

void lg_starve_taken(struct lg_thread *t, struct lg_obj *o)
{
	struct tally *y = tally_of(o);
	unsigned k = (unsigned)t->num % LG_TAKERS;
	int who = atomic_load_explicit(&y->who[k], memory_order_relaxed);

	atomic_fetch_add_explicit(&y->n[k], 1, memory_order_relaxed);
	if (who == t->num + 1 || who == -1)
		return;
	if (!who && atomic_compare_exchange_strong(&y->who[k], &who, t->num + 1))
		return;
	if (who != t->num + 1)
		atomic_store(&y->who[k], -1);
}

static void snap_takers(const struct lg_obj *o, unsigned *snap)
{
	struct tally *y = tally_of(o);

	for (int k = 0; k < LG_TAKERS; k++)
		snap[k] = atomic_load_explicit(&y->n[k], memory_order_relaxed);
}

void lg_starve_wait_begin(struct lg_thread *t, struct lg_obj *o)
{
	snap_takers(o, per[lg_slot(t)].snap);
}

void lg_try_failed(struct lg_thread *t, struct lg_obj *o)
{
	int slot = lg_slot(t), i, free_i = -1;
	uint64_t now = lg_now_ns();
	struct trywait *w = NULL;

	for (i = 0; i < TRY_SLOTS; i++) {
		struct trywait *c = &per[slot].tw[i];

		if (c->obj && c->num != t->num) { /* left by a thread that used this slot before */
			atomic_fetch_sub(&c->obj->trying, 1);
			c->obj = NULL;
			per[slot].ntw--;
		}
		if (c->obj == o)
			w = c;
		else if (!c->obj && free_i < 0)
			free_i = i;
	}
	if (w && now - w->last_ns > TRY_GAP_NS) {
		/* The thread went off to do something else: a new loop starts with this failure. */
		w->fails = 0;
		w->first_ns = now;
		w->acq_snap = atomic_load(&o->acq);
		w->held_snap = atomic_load(&o->tryheld_ns);
		w->first_exact_ns = lg_exact_ns();
		snap_takers(o, w->snap);
	}
	if (!w) {
		if (free_i < 0)
			return; /* too many at once: this one goes unmeasured */
		w = &per[slot].tw[free_i];
		/* Counted first, so that the takers from now on are counted (struct lg_obj). */
		atomic_fetch_add(&o->trying, 1);
		w->obj = o;
		w->num = t->num;
		w->fails = 0;
		w->first_ns = now;
		w->acq_snap = atomic_load(&o->acq);
		w->held_snap = atomic_load(&o->tryheld_ns);
		w->first_exact_ns = lg_exact_ns();
		snap_takers(o, w->snap);
		per[slot].ntw++;
	}
	w->fails++;
	w->last_ns = now;
}

/*
 * t acquired o (any way): its trylock wait on o, if one is open, ends. Returns the wait and the
 * overtakes when it was a backoff loop (TRY_MIN_FAILS failures or more), else 0; use: the wait
 * is the acquisition's (not a blocking wait's), so lg_starve_waited takes its takers. Every loop
 * with a failure is added to sum: how long it tried, how long others held o meanwhile (exactly:
 * lg_starve_unlocking), so the detector sees a lock kept busy even in a run where the loop was
 * lucky and short (a wait's length is luck; the lock's share of time held is not).
 */
uint64_t lg_try_end(struct lg_thread *t, struct lg_obj *o, bool use, unsigned *overtakes,
		    struct lg_trysum *sum)
{
	int slot = lg_slot(t);
	uint64_t wait = 0;

	for (int i = 0; i < TRY_SLOTS; i++) {
		struct trywait *c = &per[slot].tw[i];

		if (c->obj != o || c->num != t->num)
			continue;
		atomic_fetch_sub(&o->trying, 1);
		if (c->fails) {
			uint64_t now = lg_exact_ns();

			sum->loops = 1;
			sum->fails = c->fails;
			sum->overtakes = atomic_load(&o->acq) - c->acq_snap;
			sum->window_ns = now - c->first_exact_ns;
			sum->held_ns = atomic_load(&o->tryheld_ns) - c->held_snap;
		}
		if (c->fails >= TRY_MIN_FAILS) {
			wait = lg_now_ns() - c->first_ns;
			*overtakes = sum->overtakes;
			if (use) {
				per[slot].last = *c;
				per[slot].done = &per[slot].last;
			}
		}
		c->obj = NULL;
		per[slot].ntw--;
		break;
	}
	return wait;
}

bool lg_try_open(const struct lg_thread *t)
{
	return per[lg_slot(t)].ntw > 0;
}

/* A thread ends: its open trylock waits stop counting the others' acquisitions. */
void lg_try_exit(struct lg_thread *t)
{
	int slot = lg_slot(t);

	for (int i = 0; i < TRY_SLOTS; i++) {
		struct trywait *c = &per[slot].tw[i];

		if (c->obj && c->num == t->num)
			atomic_fetch_sub(&c->obj->trying, 1);
		c->obj = NULL;
	}
	per[slot].ntw = 0;
	per[slot].done = NULL;
}

void lg_starve_waited(struct lg_thread *t, struct lg_obj *o, const struct lg_site *site,
		      uint64_t wait_ns, unsigned overtakes)
{
	int slot = lg_slot(t);
	const struct trywait *w = per[slot].done;
	const unsigned *snap = w && w->obj == o ? w->snap : per[slot].snap;
	struct tally *y = tally_of(o);
	struct lg_line l = { .n = 0 };
	bool any = false;

	per[slot].done = NULL;
	if (wait_ns < (uint64_t)LG_SLOWWAIT_MS * 1000000u)
		return;
	lg_put(&l, LG_REC_SLOWWAIT " ");
	lg_put_obj(&l, o);
	lg_put(&l, " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " ms=");
	lg_put_u(&l, wait_ns / 1000000);
	lg_put(&l, " tries=");
	lg_put_u(&l, w && w->obj == o ? w->fails : 0);
	lg_put(&l, " overtakes=");
	lg_put_u(&l, overtakes);
	lg_put(&l, " by=");
	for (int k = 0; k < LG_TAKERS; k++) {
		unsigned d = atomic_load_explicit(&y->n[k], memory_order_relaxed) - snap[k];
		int who = atomic_load_explicit(&y->who[k], memory_order_relaxed);

		/* A share of several threads cannot be named: it stays in overtakes only. */
		if (!d || who <= 0 || who - 1 == t->num)
			continue;
		if (any)
			lg_put(&l, ",");
		lg_put_thread(&l, who - 1);
		lg_put(&l, ":");
		lg_put_u(&l, d);
		any = true;
	}
	if (!any)
		lg_put(&l, "-");
	lg_put(&l, " f=");
	lg_put_site(&l, site);
	lg_emit(&l);
}

/*
 * t is about to release o (before the real unlock, while its waiters still wait: after it, the
 * one woken may already be running). A hold of LG_CPUHOLD_MS or more in which t never blocked is
 * a CPU stretch, written with the thread that had waited longest for o by now (the GIL's
 * victim), or "-" when none waited: the
 * detector wants both, since a holder that re-takes the lock for stretch after stretch is the
 * pattern and one waiter that meets it is its victim.
 */
void lg_starve_unlocking(struct lg_thread *t, struct lg_obj *o)
{
	int i, hw = atomic_load(&lg_thread_hw), waiter = -1;
	uint64_t now, waited = 0, held_ns;
	struct lg_line l = { .n = 0 };
	const struct lg_held *h = NULL;

	for (i = t->nheld - 1; i >= 0 && !h; i--)
		if (t->held[i].obj == o)
			h = &t->held[i];
	/* Ends here, before the real unlock, so the tracer's own work after it is not counted. */
	if (h && h->exact_ns)
		atomic_fetch_add_explicit(&o->tryheld_ns, lg_exact_ns() - h->exact_ns,
					  memory_order_relaxed);
	if (!h || h->blocked)
		return;
	held_ns = lg_tick() - h->since_ns;
	if (held_ns < (uint64_t)LG_CPUHOLD_MS * 1000000u)
		return;
	now = lg_now_ns();
	if (atomic_load(&o->waiters)) {
		for (i = 0; i < hw; i++) {
			struct lg_thread *u = &lg_threads[i];
			uint64_t since;

			if (u == t || atomic_load(&u->state) != LG_T_BLOCKED || u->wait_obj != o)
				continue;
			since = atomic_load(&u->wait_since_ns);
			if (now > since && now - since > waited) {
				waited = now - since;
				waiter = u->num;
			}
		}
	}
	if (atomic_fetch_add(&tally_of(o)->cpuholds, 1) >= CPUHOLD_LINES)
		return;
	lg_put(&l, LG_REC_CPUHOLD " ");
	lg_put_obj(&l, o);
	lg_put(&l, " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " ms=");
	lg_put_u(&l, held_ns / 1000000);
	lg_put(&l, " waiter=");
	if (waiter < 0)
		lg_put(&l, "-");
	else
		lg_put_thread(&l, waiter);
	lg_put(&l, " waited=");
	lg_put_u(&l, waited / 1000000);
	lg_put(&l, " f=");
	lg_put_site(&l, &h->site);
	lg_emit(&l);
}

/* The bucket of a hold (see LG_HOLD_BUCKETS): under 10 ms, then doubling from 10 ms. */
int lg_hold_bucket(uint64_t held_ns)
{
	uint64_t ms = held_ns / 1000000u, edge = 10;
	int b = 0;

	while (ms >= edge && b < LG_HOLD_BUCKETS - 1) {
		b++;
		edge *= 2;
	}
	return b;
}
