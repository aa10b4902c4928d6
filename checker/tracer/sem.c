/* Interposed sem_* functions: wait, trywait, timedwait, clockwait, post. */
#include <errno.h>

#include "lg.h"

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
static int wait_common(struct lg_thread *t, sem_t *s, const struct lg_site *site, int how,
		       clockid_t clk, const struct timespec *abs)
{
	struct lg_obj *o = lg_obj_get(s, LG_SEM, site);
	int r, saved = errno;

	if (!o)
		return real_call(s, how, clk, abs);
	lg_perturb(t);
	if (LG_REAL(sem_trywait)(s) == 0)
		return 0;
	errno = saved;
	lg_wait_begin(t, LG_W_SEM, o, how != HOW_BLOCK, site);
	r = real_call(s, how, clk, abs);
	saved = errno;
	lg_wait_end(t);
	errno = saved;
	return r;
}

LG_EXPORT int sem_wait(sem_t *s)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(sem_wait)(s);
	LG_COUNT(t, sem_wait);
	LG_SITE(&site);
	r = wait_common(t, s, &site, HOW_BLOCK, 0, NULL);
	lg_leave();
	return r;
}

LG_EXPORT int sem_timedwait(sem_t *s, const struct timespec *abs)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(sem_timedwait)(s, abs);
	LG_COUNT(t, sem_timedwait);
	LG_SITE(&site);
	r = wait_common(t, s, &site, HOW_TIMED, 0, abs);
	lg_leave();
	return r;
}

LG_EXPORT int sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abs)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(sem_clockwait)(s, clk, abs);
	LG_COUNT(t, sem_clockwait);
	LG_SITE(&site);
	r = wait_common(t, s, &site, HOW_CLOCK, clk, abs);
	lg_leave();
	return r;
}

LG_EXPORT int sem_trywait(sem_t *s)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(sem_trywait)(s);
	LG_COUNT(t, sem_trywait);
	LG_SITE(&site);
	if (lg_obj_get(s, LG_SEM, &site))
		lg_perturb(t);
	r = LG_REAL(sem_trywait)(s);
	lg_leave();
	return r;
}

LG_EXPORT int sem_post(sem_t *s)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(sem_post)(s);
	LG_COUNT(t, sem_post);
	LG_SITE(&site);
	if (lg_obj_get(s, LG_SEM, &site))
		lg_perturb(t);
	r = LG_REAL(sem_post)(s);
	lg_leave();
	return r;
}
