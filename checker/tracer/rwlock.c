/* Interposed pthread_rwlock_* functions: read and write locks, try, timed and clock variants. */
#include <errno.h>

#include "lg.h"

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

/* Same shape as the mutex worker: try first, publish a wait only when the lock is busy. */
static int acquire(struct lg_thread *t, pthread_rwlock_t *l, bool wr, const struct lg_site *site,
		   int how, clockid_t clk, const struct timespec *abs)
{
	struct lg_obj *o = lg_obj_held(t, l, LG_RWLOCK, site);
	char mode = wr ? 'w' : 'r';
	uint64_t t0;
	unsigned snap;
	int r;

	if (!o)
		return real_call(l, wr, how, clk, abs);
	lg_perturb(t);
	if (how == HOW_BLOCK && t->nheld)
		lg_order_note(t, o, mode, site);
	r = real_call(l, wr, HOW_TRY, 0, NULL);
	if (r == 0) {
		lg_acquired(t, o, mode, site, 0, 0);
		return r;
	}
	if (how == HOW_TRY || r != EBUSY)
		return how == HOW_TRY ? r : real_call(l, wr, how, clk, abs);
	r = lg_spin_try(wr ? try_wr : try_rd, l);
	if (r == 0) {
		lg_acquired(t, o, mode, site, 0, 0);
		return r;
	}
	snap = atomic_load_explicit(&o->acq, memory_order_relaxed);
	lg_wait_begin(t, wr ? LG_W_WRLOCK : LG_W_RDLOCK, o, how != HOW_BLOCK, site);
	t0 = t->wait_since_ns;
	r = real_call(l, wr, how, clk, abs);
	lg_wait_end(t);
	if (r == 0)
		lg_acquired(t, o, mode, site, lg_now_ns() - t0,
			    atomic_load_explicit(&o->acq, memory_order_relaxed) - snap);
	return r;
}

#define RW_SHIM(name, wr, how, realf, params, args)                                        \
	LG_EXPORT int name params                                                          \
	{                                                                                  \
		struct lg_thread *t = lg_enter();                                          \
		struct lg_site site;                                                       \
		int r;                                                                     \
                                                                                           \
		if (!t)                                                                    \
			return LG_REAL(realf) args;                                        \
		LG_COUNT(t, name);                                                         \
		LG_SITE(&site);                                                            \
		r = acquire(t, l, wr, &site, how, CLK, ABS);                               \
		lg_leave();                                                                \
		return r;                                                                  \
	}

#define CLK 0
#define ABS NULL
RW_SHIM(pthread_rwlock_rdlock, false, HOW_BLOCK, rw_rdlock, (pthread_rwlock_t *l), (l))
RW_SHIM(pthread_rwlock_wrlock, true, HOW_BLOCK, rw_wrlock, (pthread_rwlock_t *l), (l))
RW_SHIM(pthread_rwlock_tryrdlock, false, HOW_TRY, rw_tryrdlock, (pthread_rwlock_t *l), (l))
RW_SHIM(pthread_rwlock_trywrlock, true, HOW_TRY, rw_trywrlock, (pthread_rwlock_t *l), (l))
#undef ABS
#define ABS abs
RW_SHIM(pthread_rwlock_timedrdlock, false, HOW_TIMED, rw_timedrdlock,
	(pthread_rwlock_t *l, const struct timespec *abs), (l, abs))
RW_SHIM(pthread_rwlock_timedwrlock, true, HOW_TIMED, rw_timedwrlock,
	(pthread_rwlock_t *l, const struct timespec *abs), (l, abs))
#undef CLK
#define CLK clk
RW_SHIM(pthread_rwlock_clockrdlock, false, HOW_CLOCK, rw_clockrdlock,
	(pthread_rwlock_t *l, clockid_t clk, const struct timespec *abs), (l, clk, abs))
RW_SHIM(pthread_rwlock_clockwrlock, true, HOW_CLOCK, rw_clockwrlock,
	(pthread_rwlock_t *l, clockid_t clk, const struct timespec *abs), (l, clk, abs))
#undef CLK
#undef ABS

LG_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	struct lg_thread *t = lg_enter();
	struct lg_caller c;
	struct lg_site site;
	struct lg_obj *o;
	int r;

	if (!t)
		return LG_REAL(rw_unlock)(l);
	LG_COUNT(t, pthread_rwlock_unlock);
	LG_CALLER(&c);
	o = lg_obj_held(t, l, LG_RWLOCK, NULL);
	/* Bookkeeping after the real unlock: the program's critical section stays as it was. */
	r = LG_REAL(rw_unlock)(l);
	if (o && !lg_released(t, o)) {
		lg_site_capture(&site, c.ret, c.frame);
		lg_misuse(t, "unlock-not-held", o, &site);
	}
	if (o)
		lg_perturb(t);
	lg_leave();
	return r;
}
