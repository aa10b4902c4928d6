/* Interposed pthread_cond_* functions: wait, timedwait, clockwait, signal, broadcast. */
#include <errno.h>

#include "events.h"
#include "intercept.h"
#include "sched_ctl.h"

enum how { HOW_BLOCK, HOW_TIMED, HOW_CLOCK };

static int real_call(pthread_cond_t *c, pthread_mutex_t *m, int how, clockid_t clk,
		     const struct timespec *abs)
{
	switch (how) {
	case HOW_TIMED:
		return LG_REAL(cond_timedwait)(c, m, abs);
	case HOW_CLOCK:
		return LG_REAL(cond_clockwait)(c, m, clk, abs);
	default:
		return LG_REAL(cond_wait)(c, m);
	}
}

/*
 * A condition wait releases the mutex for its duration: it leaves the held stack (so the wait-for
 * graph does not show the waiter as its holder) and comes back when the real call returns.
 */
static int try_mutex(void *m)
{
	return LG_REAL(mutex_trylock)(m);
}

/*
 * Under control the wait happens in the model: the mutex is released (its waiters enabled), the
 * thread waits for a signal on the condition (in FIFO order, as a signal wakes one waiter), then
 * takes the mutex back like any lock. A timed wait times out when nothing else can run, or (at a
 * sleep or a turn of the fair fallback) once its deadline has passed.
 */
static int wait_controlled(struct lg_thread *t, pthread_cond_t *c, pthread_mutex_t *m,
			   struct lg_obj *co, struct lg_obj *mo, int how, int64_t deadline_ns,
			   const struct lg_site *site)
{
	static const int calls[] = { LG_C_pthread_cond_wait, LG_C_pthread_cond_timedwait,
				     LG_C_pthread_cond_clockwait };
	struct lg_sched_lock k = { try_mutex, m, mo, LG_W_MUTEX, 'm', false, false, calls[how],
				   site, true, 0 };
	int r, r2;

	lg_sched_point(t, calls[how], site);
	if (!lg_released(t, mo))
		lg_misuse(t, "cond-wait-unheld", mo, site);
	LG_REAL(mutex_unlock)(m);
	lg_sched_wake(m, false);
	t->wait_mutex = mo;
	lg_wait_begin(t, LG_W_COND, co, how != HOW_BLOCK, site);
	r = lg_sched_block(t, c, how != HOW_BLOCK, deadline_ns, true);
	lg_wait_end(t);
	t->wait_mutex = NULL;
	r2 = lg_sched_acquire(t, &k);
	return r ? r : r2;
}

static int wait_traced(struct lg_scope *sc, pthread_cond_t *c, pthread_mutex_t *m, int how,
		       clockid_t clk, const struct timespec *abs)
{
	struct lg_thread *t = sc->t;
	struct lg_site site;
	struct lg_obj *co, *mo;
	int r;

	lg_scope_site(sc, &site);
	co = lg_obj_get(c, LG_COND, &site);
	mo = lg_obj_get(m, LG_MUTEX, &site);
	if (!co || !mo)
		return real_call(c, m, how, clk, abs);
	if (lg_sched_on)
		return wait_controlled(t, c, m, co, mo, how,
				       lg_deadline_ns(how == HOW_CLOCK ? clk : CLOCK_REALTIME, abs),
				       &site);
	if (!lg_released(t, mo))
		lg_misuse(t, "cond-wait-unheld", mo, &site);
	t->wait_mutex = mo;
	lg_ev(t, LG_EV_REL, mo, 0, (uintptr_t)sc->caller.ret);
	lg_wait_begin(t, LG_W_COND, co, how != HOW_BLOCK, &site);
	r = real_call(c, m, how, clk, abs);
	lg_wait_end(t);
	t->wait_mutex = NULL;
	lg_acquired(t, mo, 'm', &site, 0, 0);
	return r;
}

/* Every condition wait: may be CPython waiting for its GIL (gil.c counts those). */
static int wait_common(struct lg_scope *sc, pthread_cond_t *c, pthread_mutex_t *m, int how,
		       clockid_t clk, const struct timespec *abs)
{
	bool gil = lg_gil_wait_begin(sc->caller.ret);
	int r = wait_traced(sc, c, m, how, clk, abs);

	lg_gil_wait_end(gil);
	return r;
}

/* The real cond_* are the "GLIBC_2.3.2" versions (dlvsym in lg_resolve), as the program's are. */
LG_INTERCEPTOR(int, pthread_cond_wait, cond_wait, (c, m), pthread_cond_t *c, pthread_mutex_t *m)
{
	return wait_common(sc, c, m, HOW_BLOCK, 0, NULL);
}

LG_INTERCEPTOR(int, pthread_cond_timedwait, cond_timedwait, (c, m, abs), pthread_cond_t *c,
	       pthread_mutex_t *m, const struct timespec *abs)
{
	return wait_common(sc, c, m, HOW_TIMED, 0, abs);
}

LG_INTERCEPTOR(int, pthread_cond_clockwait, cond_clockwait, (c, m, clk, abs), pthread_cond_t *c,
	       pthread_mutex_t *m, clockid_t clk, const struct timespec *abs)
{
	return wait_common(sc, c, m, HOW_CLOCK, clk, abs);
}

/* Signals only perturb the schedule (and name the condition for the pictures). */
static void note_signal(struct lg_scope *sc, pthread_cond_t *c, int call, int ev)
{
	struct lg_site site;
	struct lg_obj *o;

	lg_scope_site(sc, &site);
	o = lg_obj_get(c, LG_COND, &site);
	if (!o)
		return;
	lg_ev(sc->t, ev, o, 0, (uintptr_t)sc->caller.ret);
	lg_perturb(sc->t);
	/* Under control a signal wakes the earliest waiter in the model; with none it is lost. */
	if (lg_sched_on) {
		lg_sched_point(sc->t, call, &site);
		lg_sched_wake(c, call == LG_C_pthread_cond_signal);
	}
}

LG_INTERCEPTOR(int, pthread_cond_signal, cond_signal, (c), pthread_cond_t *c)
{
	note_signal(sc, c, LG_C_pthread_cond_signal, LG_EV_SIGNAL);
	return LG_REAL(cond_signal)(c);
}

LG_INTERCEPTOR(int, pthread_cond_broadcast, cond_broadcast, (c), pthread_cond_t *c)
{
	note_signal(sc, c, LG_C_pthread_cond_broadcast, LG_EV_BROADCAST);
	return LG_REAL(cond_broadcast)(c);
}
