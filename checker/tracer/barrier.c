/* Interposed pthread_barrier_init and pthread_barrier_wait. */
#include "intercept.h"
#include "sched_ctl.h"

LG_INTERCEPTOR(int, pthread_barrier_init, barrier_init, (b, a, count), pthread_barrier_t *b,
	       const pthread_barrierattr_t *a, unsigned count)
{
	struct lg_site site;
	struct lg_obj *o;
	int r;

	lg_scope_site(sc, &site);
	r = LG_REAL(barrier_init)(b, a, count);
	o = lg_obj_get(b, LG_BARRIER, &site);
	if (r == 0 && o) {
		struct lg_line l = { .n = 0 };

		/* The count explains a hang at the barrier: "2 of 3 threads arrived". */
		o->barrier_count = (int)count;
		lg_put(&l, LG_REC_BARRIER " ");
		lg_put_obj(&l, o);
		lg_put(&l, " count=");
		lg_put_u(&l, count);
		lg_emit(&l);
	}
	return r;
}

LG_INTERCEPTOR(int, pthread_barrier_wait, barrier_wait, (b), pthread_barrier_t *b)
{
	struct lg_site site;
	struct lg_obj *o;
	int r;

	lg_scope_site(sc, &site);
	o = lg_obj_get(b, LG_BARRIER, &site);
	if (!o)
		return LG_REAL(barrier_wait)(b);
	lg_perturb(sc->t);
	if (lg_sched_on && o->barrier_count > 0) {
		lg_sched_point(sc->t, LG_C_pthread_barrier_wait, &site);
		lg_wait_begin(sc->t, LG_W_BARRIER, o, false, &site);
		r = lg_sched_barrier_wait(sc->t, o);
		lg_wait_end(sc->t);
		return r;
	}
	lg_wait_begin(sc->t, LG_W_BARRIER, o, false, &site);
	r = LG_REAL(barrier_wait)(b);
	lg_wait_end(sc->t);
	return r;
}
