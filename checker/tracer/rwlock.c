/* Interposed pthread_rwlock_* functions: read and write locks, try, timed and clock variants. */
#include <errno.h>

#include "events.h"
#include "intercept.h"
#include "sched_ctl.h"

enum how { HOW_BLOCK, HOW_TRY, HOW_TIMED, HOW_CLOCK };

static int real_call(pthread_rwlock_t *l, bool wr, int how, clockid_t clk,
		     const struct timespec *abs)
{
	switch (how) {
	case HOW_TRY:
		return wr ? LG_REAL(rw_trywrlock)(l) : LG_REAL(rw_tryrdlock)(l);
	case HOW_TIMED:
		return wr ? LG_REAL(rw_timedwrlock)(l, abs) : LG_REAL(rw_timedrdlock)(l, abs);
	case HOW_CLOCK:
		return wr ? LG_REAL(rw_clockwrlock)(l, clk, abs) : LG_REAL(rw_clockrdlock)(l, clk, abs);
	default:
		return wr ? LG_REAL(rw_wrlock)(l) : LG_REAL(rw_rdlock)(l);
	}
}

static int try_rd(void *l)
{
	return LG_REAL(rw_tryrdlock)(l);
}

static int try_wr(void *l)
{
	return LG_REAL(rw_trywrlock)(l);
}

/*
 * A reader under control. The waiting writer waits in the scheduler's model, not in libc, so
 * glibc cannot know of it: a lock that prefers writers (pthread_rwlockattr_setkind_np) must turn
 * new readers away while one waits, as glibc would, or the model starves the writer.
 */
static int try_rd_controlled(void *l)
{
	const pthread_rwlock_t *rw = l;

	if (rw->__data.__flags != PTHREAD_RWLOCK_PREFER_READER_NP && lg_sched_writer_waits(l))
		return EBUSY;
	return LG_REAL(rw_tryrdlock)(l);
}

/* Same shape as the mutex worker: try first, publish a wait only when the lock is busy. */
static int acquire(struct lg_scope *sc, pthread_rwlock_t *l, bool wr, int how, clockid_t clk,
		   const struct timespec *abs)
{
	struct lg_thread *t = sc->t;
	char mode = wr ? 'w' : 'r';
	struct lg_site site;
	struct lg_obj *o;
	uint64_t t0;
	unsigned snap;
	int r;

	lg_scope_site(sc, &site);
	o = lg_obj_held(t, l, LG_RWLOCK, &site);
	if (!o)
		return real_call(l, wr, how, clk, abs);
	if (lg_sched_on) {
		static const int calls[2][4] = {
			{ LG_C_pthread_rwlock_rdlock, LG_C_pthread_rwlock_tryrdlock,
			  LG_C_pthread_rwlock_timedrdlock, LG_C_pthread_rwlock_clockrdlock },
			{ LG_C_pthread_rwlock_wrlock, LG_C_pthread_rwlock_trywrlock,
			  LG_C_pthread_rwlock_timedwrlock, LG_C_pthread_rwlock_clockwrlock },
		};
		struct lg_sched_lock k = { wr ? try_wr : try_rd_controlled, l, o,
					   wr ? LG_W_WRLOCK : LG_W_RDLOCK, mode, how == HOW_TRY,
					   how == HOW_TIMED || how == HOW_CLOCK, calls[wr][how],
					   &site, false, 0 };

		if (how == HOW_TIMED || how == HOW_CLOCK)
			k.deadline_ns = lg_deadline_ns(how == HOW_CLOCK ? clk : CLOCK_REALTIME, abs);
		return lg_sched_acquire(t, &k);
	}
	if (how == HOW_TRY)
		lg_mark_polled(o);
	lg_perturb_lock(t, o);
	if (how == HOW_BLOCK && t->nheld)
		lg_order_note(t, o, mode, &site);
	r = real_call(l, wr, HOW_TRY, 0, NULL);
	if (r == 0) {
		lg_acquired(t, o, mode, &site, 0, 0);
		return r;
	}
	if (how == HOW_TRY && r == EBUSY)
		lg_try_failed(t, o); /* perhaps one try of a backoff loop: starve.c measures it */
	if (how == HOW_TRY || r != EBUSY)
		return how == HOW_TRY ? r : real_call(l, wr, how, clk, abs);
	r = lg_spin_try(wr ? try_wr : try_rd, l);
	if (r == 0) {
		lg_acquired(t, o, mode, &site, 0, 0);
		return r;
	}
	snap = atomic_load_explicit(&o->acq, memory_order_relaxed);
	lg_wait_begin(t, wr ? LG_W_WRLOCK : LG_W_RDLOCK, o, how != HOW_BLOCK, &site);
	t0 = t->wait_since_ns;
	r = real_call(l, wr, how, clk, abs);
	lg_wait_end(t);
	if (r == 0)
		lg_acquired(t, o, mode, &site, lg_now_ns() - t0,
			    atomic_load_explicit(&o->acq, memory_order_relaxed) - snap);
	return r;
}

LG_INTERCEPTOR(int, pthread_rwlock_rdlock, rw_rdlock, (l), pthread_rwlock_t *l)
{
	return acquire(sc, l, false, HOW_BLOCK, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_rwlock_wrlock, rw_wrlock, (l), pthread_rwlock_t *l)
{
	return acquire(sc, l, true, HOW_BLOCK, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_rwlock_tryrdlock, rw_tryrdlock, (l), pthread_rwlock_t *l)
{
	return acquire(sc, l, false, HOW_TRY, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_rwlock_trywrlock, rw_trywrlock, (l), pthread_rwlock_t *l)
{
	return acquire(sc, l, true, HOW_TRY, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_rwlock_timedrdlock, rw_timedrdlock, (l, abs), pthread_rwlock_t *l,
	       const struct timespec *abs)
{
	return acquire(sc, l, false, HOW_TIMED, 0, abs);
}

LG_INTERCEPTOR(int, pthread_rwlock_timedwrlock, rw_timedwrlock, (l, abs), pthread_rwlock_t *l,
	       const struct timespec *abs)
{
	return acquire(sc, l, true, HOW_TIMED, 0, abs);
}

LG_INTERCEPTOR(int, pthread_rwlock_clockrdlock, rw_clockrdlock, (l, clk, abs),
	       pthread_rwlock_t *l, clockid_t clk, const struct timespec *abs)
{
	return acquire(sc, l, false, HOW_CLOCK, clk, abs);
}

LG_INTERCEPTOR(int, pthread_rwlock_clockwrlock, rw_clockwrlock, (l, clk, abs),
	       pthread_rwlock_t *l, clockid_t clk, const struct timespec *abs)
{
	return acquire(sc, l, true, HOW_CLOCK, clk, abs);
}

/* The site is needed only for a misuse report, so it is captured only then. */
LG_INTERCEPTOR(int, pthread_rwlock_unlock, rw_unlock, (l), pthread_rwlock_t *l)
{
	struct lg_obj *o = lg_obj_held(sc->t, l, LG_RWLOCK, NULL);
	struct lg_site site;
	int r;

	if (lg_sched_on && o) {
		lg_scope_site(sc, &site);
		lg_sched_point(sc->t, LG_C_pthread_rwlock_unlock, &site);
	}
	/*
	 * The event goes first so that it is ordered before the next owner's acquisition; the rest
	 * of the bookkeeping after the real unlock: the program's critical section stays as it was.
	 */
	if (o) {
		lg_ev(sc->t, LG_EV_REL, o, 0, (uintptr_t)sc->caller.ret);
		lg_starve_unlocking(sc->t, o);
	}
	r = LG_REAL(rw_unlock)(l);
	if (lg_sched_on && o)
		lg_sched_wake(l, false);
	if (o && !lg_released(sc->t, o)) {
		lg_scope_site(sc, &site);
		lg_misuse(sc->t, "unlock-not-held", o, &site);
	}
	if (o)
		lg_perturb_lock(sc->t, o);
	return r;
}
