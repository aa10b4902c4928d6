/* Interposed pthread_spin_* functions: init, destroy, lock, trylock, unlock. */
#include <errno.h>

#include "events.h"
#include "intercept.h"
#include "sched_ctl.h"

/*
 * A spinlock is traced as a mutex is (holds, order edges, waits, overtakes), with its own object
 * kind so that findings call it a spinlock. A busy pthread_spin_lock spins in libc, never sleeps:
 * it is still published as a wait (wait=mutex) so the watchdog sees a spinning thread that can
 * never get the lock as blocked, and a deadlock through spinlocks gets its wait-for graph. A
 * failed trylock opens a trylock wait (starve.c) that the success closes: a backoff loop's wait.
 */

/* pthread_spinlock_t is a volatile int: its address as the tables' plain pointer. */
#define LOCK_ADDR(s) ((void *)(uintptr_t)(s))

static int try_spin(void *s)
{
	return LG_REAL(spin_trylock)(s);
}

static int acquire(struct lg_scope *sc, pthread_spinlock_t *s, bool try_only)
{
	struct lg_thread *t = sc->t;
	struct lg_site site;
	struct lg_obj *o;
	uint64_t t0;
	unsigned snap;
	int r;

	if (lg_sched_on) {
		/* Under control a busy spinlock waits in the model: spinning would hold the turn. */
		struct lg_sched_lock k = { try_spin, LOCK_ADDR(s), NULL, LG_W_MUTEX, 'm', try_only,
					   false,
					   try_only ? LG_C_pthread_spin_trylock : LG_C_pthread_spin_lock,
					   &site, false, 0 };

		lg_scope_site(sc, &site);
		if (!(k.o = lg_obj_held(t, LOCK_ADDR(s), LG_SPIN, &site)))
			return try_only ? LG_REAL(spin_trylock)(s) : LG_REAL(spin_lock)(s);
		return lg_sched_acquire(t, &k);
	}
	/*
	 * The real try comes before any bookkeeping, and there is no perturbation: what a spinlock
	 * is judged on is who gets it when it is released, and every instruction the tracer put
	 * between a holder's release and its next take would hand the lock to a waiter that the
	 * program alone would starve.
	 */
	r = LG_REAL(spin_trylock)(s);
	lg_scope_site(sc, &site);
	o = lg_obj_held(t, LOCK_ADDR(s), LG_SPIN, &site);
	if (!o)
		return r == 0 || try_only ? r : LG_REAL(spin_lock)(s);
	if (r == 0) {
		/* Only a blocking acquisition orders locks: a try cannot deadlock here. */
		if (!try_only && t->nheld)
			lg_order_note(t, o, 'm', &site);
		lg_acquired(t, o, 'm', &site, 0, 0);
		return r;
	}
	if (try_only || r != EBUSY) {
		if (try_only && r == EBUSY)
			lg_try_failed(t, o);
		return try_only ? r : LG_REAL(spin_lock)(s);
	}
	if (t->nheld)
		lg_order_note(t, o, 'm', &site);
	r = lg_spin_try(try_spin, LOCK_ADDR(s));
	if (r == 0) {
		lg_acquired(t, o, 'm', &site, 0, 0);
		return r;
	}
	snap = atomic_load_explicit(&o->acq, memory_order_relaxed);
	lg_wait_begin(t, LG_W_MUTEX, o, false, &site);
	t0 = t->wait_since_ns;
	r = LG_REAL(spin_lock)(s);
	lg_wait_end(t);
	if (r == 0)
		lg_acquired(t, o, 'm', &site, lg_now_ns() - t0,
			    atomic_load_explicit(&o->acq, memory_order_relaxed) - snap);
	return r;
}

/* The object is announced at its initialisation, so its first-use site is the init line. */
LG_INTERCEPTOR(int, pthread_spin_init, spin_init, (s, pshared), pthread_spinlock_t *s, int pshared)
{
	struct lg_site site;
	int r = LG_REAL(spin_init)(s, pshared);

	lg_scope_site(sc, &site);
	if (r == 0)
		(void)lg_obj_held(sc->t, LOCK_ADDR(s), LG_SPIN, &site);
	return r;
}

LG_INTERCEPTOR(int, pthread_spin_destroy, spin_destroy, (s), pthread_spinlock_t *s)
{
	return LG_REAL(spin_destroy)(s);
}

LG_INTERCEPTOR(int, pthread_spin_lock, spin_lock, (s), pthread_spinlock_t *s)
{
	return acquire(sc, s, false);
}

LG_INTERCEPTOR(int, pthread_spin_trylock, spin_trylock, (s), pthread_spinlock_t *s)
{
	return acquire(sc, s, true);
}

/* The bookkeeping before the real unlock, for the reason given at acquire(). */
LG_INTERCEPTOR(int, pthread_spin_unlock, spin_unlock, (s), pthread_spinlock_t *s)
{
	struct lg_obj *o = lg_obj_held(sc->t, LOCK_ADDR(s), LG_SPIN, NULL);
	struct lg_site site;
	bool held = true;
	int r;

	if (lg_sched_on && o) {
		lg_scope_site(sc, &site);
		lg_sched_point(sc->t, LG_C_pthread_spin_unlock, &site);
	}
	if (o) {
		lg_ev(sc->t, LG_EV_REL, o, 0, (uintptr_t)sc->caller.ret);
		lg_starve_unlocking(sc->t, o);
		held = lg_released(sc->t, o) != 0;
	}
	r = LG_REAL(spin_unlock)(s);
	if (lg_sched_on && o)
		lg_sched_wake(LOCK_ADDR(s), false);
	if (!held) {
		lg_scope_site(sc, &site);
		lg_misuse(sc->t, "unlock-not-held", o, &site);
	}
	return r;
}
