/* Interposed sem_* functions: wait, trywait, timedwait, clockwait, post. */
#include <errno.h>

#include "events.h"
#include "intercept.h"
#include "sched_ctl.h"
#include "sem_tokens.h"

enum how { HOW_BLOCK, HOW_TIMED, HOW_CLOCK };

static int real_call(sem_t *s, int how, clockid_t clk, const struct timespec *abs)
{
	switch (how) {
	case HOW_TIMED:
		return LG_REAL(sem_timedwait)(s, abs);
	case HOW_CLOCK:
		return LG_REAL(sem_clockwait)(s, clk, abs);
	default:
		return LG_REAL(sem_wait)(s);
	}
}

/* A semaphore has no owner: a wait on it is a wait-for edge to "whoever might post". */
static int wait_common(struct lg_scope *sc, sem_t *s, int how, clockid_t clk,
		       const struct timespec *abs)
{
	struct lg_thread *t = sc->t;
	struct lg_site site;
	struct lg_obj *o;
	int r, saved = errno;

	lg_scope_site(sc, &site);
	o = lg_obj_get(s, LG_SEM, &site);
	if (!o)
		return real_call(s, how, clk, abs);
	if (lg_sched_on) {
		static const int calls[] = { LG_C_sem_wait, LG_C_sem_timedwait, LG_C_sem_clockwait };
		int64_t deadline = how == HOW_BLOCK ? 0 :
				   lg_deadline_ns(how == HOW_CLOCK ? clk : CLOCK_REALTIME, abs);

		/* Under control: try, and wait in the model for a post while the count is 0. */
		lg_sched_point(t, calls[how], &site);
		while (LG_REAL(sem_trywait)(s) != 0) {
			lg_wait_begin(t, LG_W_SEM, o, how != HOW_BLOCK, &site);
			r = lg_sched_block(t, s, how != HOW_BLOCK, deadline, false);
			lg_wait_end(t);
			if (r == ETIMEDOUT) {
				errno = ETIMEDOUT;
				return -1;
			}
		}
		lg_token_take(t, o, &site);
		errno = saved;
		return 0;
	}
	lg_perturb(t);
	if (LG_REAL(sem_trywait)(s) == 0) {
		lg_token_take(t, o, &site);
		return 0;
	}
	errno = saved;
	lg_wait_begin(t, LG_W_SEM, o, how != HOW_BLOCK, &site);
	r = real_call(s, how, clk, abs);
	saved = errno;
	lg_wait_end(t);
	if (r == 0)
		lg_token_take(t, o, &site);
	errno = saved;
	return r;
}

LG_INTERCEPTOR(int, sem_wait, sem_wait, (s), sem_t *s)
{
	return wait_common(sc, s, HOW_BLOCK, 0, NULL);
}

LG_INTERCEPTOR(int, sem_timedwait, sem_timedwait, (s, abs), sem_t *s, const struct timespec *abs)
{
	return wait_common(sc, s, HOW_TIMED, 0, abs);
}

LG_INTERCEPTOR(int, sem_clockwait, sem_clockwait, (s, clk, abs), sem_t *s, clockid_t clk,
	       const struct timespec *abs)
{
	return wait_common(sc, s, HOW_CLOCK, clk, abs);
}

/*
 * Trywait and post perturb the schedule (and name the semaphore for the pictures); a token taken
 * or given back is noted for the wait-for graph (sem_tokens.h).
 */
static struct lg_obj *note_sem(struct lg_scope *sc, sem_t *s, int call, struct lg_site *site)
{
	struct lg_obj *o;

	lg_scope_site(sc, site);
	o = lg_obj_get(s, LG_SEM, site);
	if (!o)
		return NULL;
	if (call == LG_C_sem_post)
		lg_ev(sc->t, LG_EV_POST, o, 0, (uintptr_t)sc->caller.ret);
	lg_perturb(sc->t);
	lg_sched_point(sc->t, call, site);
	return o;
}

LG_INTERCEPTOR(int, sem_trywait, sem_trywait, (s), sem_t *s)
{
	struct lg_site site;
	struct lg_obj *o = note_sem(sc, s, LG_C_sem_trywait, &site);
	int r = LG_REAL(sem_trywait)(s);

	if (r == 0)
		lg_token_take(sc->t, o, &site);
	return r;
}

LG_INTERCEPTOR(int, sem_post, sem_post, (s), sem_t *s)
{
	struct lg_site site;
	struct lg_obj *o;
	int r;

	o = note_sem(sc, s, LG_C_sem_post, &site);
	r = LG_REAL(sem_post)(s);
	if (r == 0)
		lg_token_post(sc->t, o);
	if (lg_sched_on) {
		int saved = errno;

		lg_sched_wake(s, false); /* its waiters try again */
		errno = saved;
	}
	return r;
}
