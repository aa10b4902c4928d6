/* Interposed thread life cycle: pthread_create (through a trampoline), join, detach, fork. */
#include <sys/syscall.h>
#include <unistd.h>

#include "events.h"
#include "fork_held.h"
#include "intercept.h"
#include "sched_ctl.h"

static void thread_done(void *arg)
{
	struct lg_thread *t = arg;

	lg_bind_self(t, 1);
	lg_sched_thread_exit(t); /* with the turn: joiners are woken, the turn goes on */
	lg_calls_flush(t);
	lg_thread_exited(t);
	/*
	 * From here on (TLS destructors, a detached slot reused by a new thread) this thread is not
	 * traced: the flag stays set until the thread is gone.
	 */
	lg_bind_self(NULL, 1);
}

static void *trampoline(void *arg)
{
	struct lg_thread *t = arg;
	void *ret;

	t->self = pthread_self();
	atomic_store(&t->tid, (pid_t)syscall(SYS_gettid));
	/* The program's frames all lie below ours: the call-site walk stops here. */
	t->stack_hi = (uintptr_t)__builtin_frame_address(0);
	lg_bind_self(t, 0);
	lg_sched_thread_start(t); /* under control: no program code before its first turn */
	lg_ev(t, LG_EV_START, NULL, 0, 0);
	/* The cleanup handler also runs on pthread_exit() and cancellation. */
	pthread_cleanup_push(thread_done, t);
	ret = t->start(t->arg);
	pthread_cleanup_pop(1);
	return ret;
}

LG_INTERCEPTOR(int, pthread_create, create, (th, attr, fn, arg), pthread_t *th,
	       const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct lg_thread *me = sc->t, *t;
	struct lg_site site;
	struct lg_line l = { .n = 0 };
	int r, ds;

	lg_scope_site(sc, &site);
	lg_perturb(me);
	lg_sched_point(me, LG_C_pthread_create, &site);
	t = lg_thread_alloc(me->num);
	if (!t)
		return LG_REAL(create)(th, attr, fn, arg);
	lg_sched_thread_new(t);
	t->start = fn;
	t->arg = arg;
	if (attr && pthread_attr_getdetachstate(attr, &ds) == 0 && ds == PTHREAD_CREATE_DETACHED)
		t->detached = true;
	lg_put(&l, LG_REC_THREAD " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " parent=");
	lg_put_thread(&l, me->num);
	lg_put(&l, " f=");
	lg_put_site(&l, &site);
	lg_emit(&l);
	lg_ev(me, LG_EV_CREATE, NULL, t->num, (uintptr_t)sc->caller.ret);
	r = LG_REAL(create)(th, attr, trampoline, t);
	if (r && lg_sched_on)
		lg_sched_thread_exit_failed(t);
	if (r) {
		t->detached = true; /* frees the slot */
		lg_thread_exited(t);
	} else if (!t->detached) {
		/* A joinable slot lives until its join, so writing it here cannot race a reuse. */
		t->self = *th;
	}
	return r;
}

/*
 * Other threads end through the trampoline's cleanup handler; the main thread has none, and a
 * main thread that calls pthread_exit() must not look alive to the watchdog.
 * The one shim not made by LG_INTERCEPTOR: it returns nothing and never returns, and on the main
 * thread it must leave the re-entrancy flag set (lg_bind_self) where every other shim clears it.
 */
LG_EXPORT void pthread_exit(void *ret)
{
	struct lg_thread *t = lg_enter();

	if (t)
		LG_COUNT(t, pthread_exit);
	if (t && lg_slot(t) == 0) {
		lg_sched_thread_exit(t);
		lg_calls_flush(t);
		lg_thread_exited(t);
		lg_bind_self(NULL, 1);
	} else if (t) {
		lg_leave();
	}
	LG_REAL(exit)(ret);
}

static struct lg_thread *find_by_handle(pthread_t th)
{
	int i, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++) {
		int st = atomic_load(&lg_threads[i].state);

		if (st != LG_T_FREE && pthread_equal(lg_threads[i].self, th))
			return &lg_threads[i];
	}
	return NULL;
}

LG_INTERCEPTOR(int, pthread_join, join, (th, ret), pthread_t th, void **ret)
{
	struct lg_thread *me = sc->t, *target;
	struct lg_site site;
	bool waited = false;
	int r;

	lg_scope_site(sc, &site);
	lg_perturb(me);
	lg_sched_point(me, LG_C_pthread_join, &site);
	target = find_by_handle(th);
	me->wait_target = target ? target->num : -1;
	/* Under control the join waits in the model until the target has ended. */
	while (lg_sched_on && target && !lg_sched_thread_ended(target)) {
		lg_wait_begin(me, LG_W_JOIN, NULL, false, &site);
		lg_sched_block(me, target, false, 0, false);
		lg_wait_end(me);
	}
	if (!target || atomic_load(&target->state) != LG_T_EXITED) {
		lg_wait_begin(me, LG_W_JOIN, NULL, false, &site);
		waited = true;
	}
	r = LG_REAL(join)(th, ret);
	if (waited)
		lg_wait_end(me);
	if (r == 0 && target) {
		lg_spin_lock(&lg_threads_lock);
		if (atomic_load(&target->state) == LG_T_EXITED)
			atomic_store(&target->state, LG_T_FREE);
		lg_spin_unlock(&lg_threads_lock);
	}
	return r;
}

LG_INTERCEPTOR(int, pthread_detach, detach, (th), pthread_t th)
{
	struct lg_thread *target;
	int r;

	lg_spin_lock(&lg_threads_lock);
	target = find_by_handle(th);
	r = LG_REAL(detach)(th);
	if (r == 0 && target) {
		target->detached = true;
		if (atomic_load(&target->state) == LG_T_EXITED)
			atomic_store(&target->state, LG_T_FREE);
	}
	lg_spin_unlock(&lg_threads_lock);
	return r;
}

/*
 * The child is not traced (see atfork_child); the parent notes the fork as a sync point, and the
 * locks other threads held all through it (fork_held.h).
 */
LG_INTERCEPTOR(pid_t, fork, fork, ())
{
	pid_t pid;
	struct lg_site site;
	struct lg_forkscan fs;

	lg_perturb(sc->t);
	lg_scope_site(sc, &site);
	if (lg_sched_on)
		lg_sched_point(sc->t, LG_C_fork, &site);
	lg_fork_before(sc->t, &fs);
	pid = LG_REAL(fork)();
	if (pid > 0 && lg_sched_on)
		lg_sched_real_sleep = true;
	if (pid > 0) {
		struct lg_line l = { .n = 0 };

		lg_put(&l, LG_REC_FORK " ");
		lg_put_thread(&l, sc->t->num);
		lg_put(&l, " pid=");
		lg_put_u(&l, (uint64_t)pid);
		lg_emit(&l);
		lg_fork_after(sc->t, pid, &fs, &site);
	}
	return pid;
}
