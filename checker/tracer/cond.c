/* Interposed pthread_cond_* functions: wait, timedwait, clockwait, signal, broadcast. */
#include "lg.h"

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
static int wait_common(struct lg_thread *t, pthread_cond_t *c, pthread_mutex_t *m,
		       const struct lg_site *site, int how, clockid_t clk,
		       const struct timespec *abs)
{
	struct lg_obj *co = lg_obj_get(c, LG_COND, site), *mo = lg_obj_get(m, LG_MUTEX, site);
	int r;

	if (!co || !mo)
		return real_call(c, m, how, clk, abs);
	if (!lg_released(t, mo))
		lg_misuse(t, "cond-wait-unheld", mo, site);
	t->wait_mutex = mo;
	lg_wait_begin(t, LG_W_COND, co, how != HOW_BLOCK, site);
	r = real_call(c, m, how, clk, abs);
	lg_wait_end(t);
	t->wait_mutex = NULL;
	lg_acquired(t, mo, 'm', site, 0, 0);
	return r;
}

LG_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(cond_wait)(c, m);
	LG_COUNT(t, pthread_cond_wait);
	LG_SITE(&site);
	r = wait_common(t, c, m, &site, HOW_BLOCK, 0, NULL);
	lg_leave();
	return r;
}

LG_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				     const struct timespec *abs)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(cond_timedwait)(c, m, abs);
	LG_COUNT(t, pthread_cond_timedwait);
	LG_SITE(&site);
	r = wait_common(t, c, m, &site, HOW_TIMED, 0, abs);
	lg_leave();
	return r;
}

LG_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
				     const struct timespec *abs)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(cond_clockwait)(c, m, clk, abs);
	LG_COUNT(t, pthread_cond_clockwait);
	LG_SITE(&site);
	r = wait_common(t, c, m, &site, HOW_CLOCK, clk, abs);
	lg_leave();
	return r;
}

/* Signals only perturb the schedule (and name the condition for the pictures). */
static void note_signal(struct lg_thread *t, pthread_cond_t *c, const struct lg_site *site)
{
	if (lg_obj_get(c, LG_COND, site))
		lg_perturb(t);
}

LG_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(cond_signal)(c);
	LG_COUNT(t, pthread_cond_signal);
	LG_SITE(&site);
	note_signal(t, c, &site);
	r = LG_REAL(cond_signal)(c);
	lg_leave();
	return r;
}

LG_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	struct lg_thread *t = lg_enter();
	struct lg_site site;
	int r;

	if (!t)
		return LG_REAL(cond_broadcast)(c);
	LG_COUNT(t, pthread_cond_broadcast);
	LG_SITE(&site);
	note_signal(t, c, &site);
	r = LG_REAL(cond_broadcast)(c);
	lg_leave();
	return r;
}
