/* Interposed pthread_mutex_* functions: lock, trylock, timedlock, clocklock, unlock. */
#include <errno.h>

#include "events.h"
#include "intercept.h"
#include "sched_ctl.h"

enum how { HOW_BLOCK, HOW_TRY, HOW_TIMED, HOW_CLOCK };

static int real_call(pthread_mutex_t *m, int how, clockid_t clk, const struct timespec *abs)
{
	switch (how) {
	case HOW_TRY:
		return LG_REAL(mutex_trylock)(m);
	case HOW_TIMED:
		return LG_REAL(mutex_timedlock)(m, abs);
	case HOW_CLOCK:
		return LG_REAL(mutex_clocklock)(m, clk, abs);
	default:
		return LG_REAL(mutex_lock)(m);
	}
}

static int try_mutex(void *m)
{
	return LG_REAL(mutex_trylock)(m);
}

/*
 * The one worker behind every acquiring shim. A trylock first tells an uncontended acquisition
 * (the fast path: no clock read for the wait, no state change the watchdog must see) from one that
 * will block, which is then published as a wait so the watchdog can build the wait-for graph.
 */
static int acquire(struct lg_scope *sc, pthread_mutex_t *m, int how, clockid_t clk,
		   const struct timespec *abs)
{
	struct lg_thread *t = sc->t;
	struct lg_site site;
	struct lg_obj *o;
	uint64_t t0;
	unsigned snap;
	int r;

	lg_scope_site(sc, &site);
	o = lg_obj_held(t, m, LG_MUTEX, &site);
	if (!o)
		return real_call(m, how, clk, abs);
	if (lg_sched_on) {
		static const int calls[] = { LG_C_pthread_mutex_lock, LG_C_pthread_mutex_trylock,
					     LG_C_pthread_mutex_timedlock,
					     LG_C_pthread_mutex_clocklock };
		struct lg_sched_lock k = { try_mutex, m, o, LG_W_MUTEX, 'm', how == HOW_TRY,
					   how == HOW_TIMED || how == HOW_CLOCK, calls[how], &site,
					   false, 0 };

		if (how == HOW_TIMED || how == HOW_CLOCK)
			k.deadline_ns = lg_deadline_ns(how == HOW_CLOCK ? clk : CLOCK_REALTIME, abs);
		return lg_sched_acquire(t, &k);
	}
	if (how == HOW_TRY)
		lg_mark_polled(o);
	lg_perturb_lock(t, o);
	/* Only a blocking acquisition orders locks: try and timed ones cannot deadlock here. */
	if (how == HOW_BLOCK && t->nheld)
		lg_order_note(t, o, 'm', &site);
	r = LG_REAL(mutex_trylock)(m);
	if (r == 0 || r == EOWNERDEAD) {
		lg_acquired(t, o, 'm', &site, 0, 0);
		return r;
	}
	if (how == HOW_TRY && r == EBUSY)
		lg_try_failed(t, o); /* perhaps one try of a backoff loop: starve.c measures it */
	if (how == HOW_TRY || r != EBUSY)
		return how == HOW_TRY ? r : real_call(m, how, clk, abs);
	r = lg_spin_try(try_mutex, m);
	if (r == 0 || r == EOWNERDEAD) {
		lg_acquired(t, o, 'm', &site, 0, 0);
		return r;
	}
	snap = atomic_load_explicit(&o->acq, memory_order_relaxed);
	lg_wait_begin(t, LG_W_MUTEX, o, how != HOW_BLOCK, &site);
	t0 = t->wait_since_ns;
	r = real_call(m, how, clk, abs);
	lg_wait_end(t);
	if (r == 0 || r == EOWNERDEAD)
		lg_acquired(t, o, 'm', &site, lg_now_ns() - t0,
			    atomic_load_explicit(&o->acq, memory_order_relaxed) - snap);
	return r;
}

LG_INTERCEPTOR(int, pthread_mutex_lock, mutex_lock, (m), pthread_mutex_t *m)
{
	return acquire(sc, m, HOW_BLOCK, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_mutex_trylock, mutex_trylock, (m), pthread_mutex_t *m)
{
	return acquire(sc, m, HOW_TRY, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_mutex_timedlock, mutex_timedlock, (m, abs), pthread_mutex_t *m,
	       const struct timespec *abs)
{
	return acquire(sc, m, HOW_TIMED, 0, abs);
}

LG_INTERCEPTOR(int, pthread_mutex_clocklock, mutex_clocklock, (m, clk, abs), pthread_mutex_t *m,
	       clockid_t clk, const struct timespec *abs)
{
	return acquire(sc, m, HOW_CLOCK, clk, abs);
}

/* The site is needed only for a misuse report, so it is captured only then. */
LG_INTERCEPTOR(int, pthread_mutex_unlock, mutex_unlock, (m), pthread_mutex_t *m)
{
	struct lg_obj *o = lg_obj_held(sc->t, m, LG_MUTEX, NULL);
	struct lg_site site;
	int r;

	if (lg_sched_on && o) {
		lg_scope_site(sc, &site);
		lg_sched_point(sc->t, LG_C_pthread_mutex_unlock, &site);
	}
	/*
	 * The event goes first so that it is ordered before the next owner's acquisition; the rest
	 * of the bookkeeping after the real unlock: the program's critical section stays as it was.
	 */
	if (o) {
		lg_ev(sc->t, LG_EV_REL, o, 0, (uintptr_t)sc->caller.ret);
		lg_starve_unlocking(sc->t, o);
	}
	r = LG_REAL(mutex_unlock)(m);
	if (lg_sched_on && o)
		lg_sched_wake(m, false);
	if (o && !lg_released(sc->t, o)) {
		lg_scope_site(sc, &site);
		lg_misuse(sc->t, "unlock-not-held", o, &site);
	}
	if (o)
		lg_perturb_lock(sc->t, o);
	return r;
}
