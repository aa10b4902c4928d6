/* Interposed pthread_barrier_init and pthread_barrier_wait. */
#include "lg.h"

LG_EXPORT int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
				   unsigned count)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	struct lg_obj *o;
	int r;

	if (!t)
		return LG_REAL(barrier_init)(b, a, count);
	LG_COUNT(t, pthread_barrier_init);
	LG_SITE(&site);
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
	lg_leave();
	return r;
}

LG_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	struct lg_obj *o;
	int r;

	if (!t)
		return LG_REAL(barrier_wait)(b);
	LG_COUNT(t, pthread_barrier_wait);
	LG_SITE(&site);
	o = lg_obj_get(b, LG_BARRIER, &site);
	if (!o) {
		r = LG_REAL(barrier_wait)(b);
		lg_leave();
		return r;
	}
	lg_perturb(t);
	lg_wait_begin(t, LG_W_BARRIER, o, false, &site);
	r = LG_REAL(barrier_wait)(b);
	lg_wait_end(t);
	lg_leave();
	return r;
}
