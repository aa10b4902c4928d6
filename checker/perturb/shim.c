/*
 * The schedule-perturbation shim, linked into the ThreadSanitizer build of a program with
 * -Wl,--wrap=pthread_mutex_lock,... (run/perturb.c): the program's calls reach __wrap_X, which
 * may delay the calling thread and then calls __real_X (TSan's interceptor). It makes the
 * schedules that only some runs take (a trylock that fails, a timed wait that times out, two
 * threads on an error path at once) happen in the runs that ask for it, so that TSan sees the
 * accesses on those paths. It is off unless RACELAB_PERTURB_SEED is set: the first TSan run of a
 * check is the program as it is.
 *
 * It never changes what a call means, only when it is made: a trylock fails only because another
 * thread really holds the lock (delayed while holding it), a timed wait times out only after its
 * own deadline (its notifier is delayed, the deadline never shortened). Every delay is a sleep or
 * a yield, which any scheduler could impose, and the process's sleeps are capped (PT_BUDGET_US).
 *
 * It is built without debug information and without TSan's instrumentation, so its frames never
 * become the file:line of a report (TSan's stacks come from instrumented code only). It includes
 * nothing from the checker: it is linked into the student's program.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __real_pthread_mutex_trylock(pthread_mutex_t *m);
int __real_pthread_mutex_unlock(pthread_mutex_t *m);
int __real_pthread_cond_signal(pthread_cond_t *c);
int __real_pthread_cond_broadcast(pthread_cond_t *c);
int __real_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abstime);
int __real_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
				  const struct timespec *abstime);
int __real_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime);
int __real_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk,
				   const struct timespec *abstime);
int __real_sem_timedwait(sem_t *s, const struct timespec *abstime);
int __real_sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abstime);
int __real_sem_trywait(sem_t *s);
int __real_sem_wait(sem_t *s);
int __real_sem_post(sem_t *s);
int __real_pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime);
int __real_pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime);
int __real_pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t clk,
				      const struct timespec *abstime);
int __real_pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t clk,
				      const struct timespec *abstime);
int __real_pthread_rwlock_rdlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_wrlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_tryrdlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_trywrlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_unlock(pthread_rwlock_t *l);
int __real_pthread_spin_lock(pthread_spinlock_t *l);
int __real_pthread_spin_trylock(pthread_spinlock_t *l);
int __real_pthread_spin_unlock(pthread_spinlock_t *l);

/* At most this much sleeping per process: a correct program is slowed, never stalled. */
#define PT_BUDGET_US 150000L
/* A timed wait whose deadline is further away than this is not waited out. */
#define PT_LATE_MAX_NS (50L * 1000 * 1000)
/* After a deadline, how long a late notifier waits for the waiter to see its timeout. */
#define PT_LATE_GRACE_NS (20L * 1000 * 1000)

/*
 * How long, at most, a thread that starts another lets it run ahead (two seeds of three): until
 * the new thread reaches its first sync point or ends, polled this often.
 */
#define PT_HEAD_START_NS (5L * 1000 * 1000)
#define PT_HEAD_POLL_NS (100L * 1000)
/* A lock found busy is polled this many times, this far apart, before the thread blocks on it. */
#define PT_POLLS 200
#define PT_POLL_NS (50L * 1000)

enum { PT_UNKNOWN, PT_OFF, PT_ON };

static atomic_int pt_state = PT_UNKNOWN;
static unsigned long pt_seed;
/* Chance of a delay at each point is 1 / pt_odds; the seed chooses it, so seeds differ. */
static unsigned pt_odds;
static atomic_long pt_budget = PT_BUDGET_US;
static atomic_uint pt_threads;
/* The timed wait under way with the nearest deadline (CLOCK_REALTIME ns, 0 none) and its thread. */
static _Atomic int64_t pt_deadline;
static _Atomic(void *) pt_waiter;
/* The lock of that wait when it is a timed mutex or rwlock lock: its holder is the late one. */
static _Atomic(void *) pt_timed_lock;

static _Thread_local uint64_t pt_rng;
static _Thread_local int pt_self; /* its address names the thread */

static void pt_init(void)
{
	const char *s = getenv("RACELAB_PERTURB_SEED");
	char *end = NULL;
	unsigned long seed = s ? strtoul(s, &end, 10) : 0;
	int expected = PT_UNKNOWN;

	if (!s || !*s || *end) {
		atomic_compare_exchange_strong(&pt_state, &expected, PT_OFF);
		return;
	}
	pt_seed = seed;
	pt_odds = seed % 3 ? 2 : 4;
	atomic_compare_exchange_strong(&pt_state, &expected, PT_ON);
}

static int pt_on(void)
{
	int st = atomic_load_explicit(&pt_state, memory_order_acquire);

	if (st == PT_UNKNOWN) {
		pt_init();
		st = atomic_load(&pt_state);
	}
	return st == PT_ON;
}

/* xorshift64*, seeded per thread from the seed and the order in which threads first got here. */
static uint64_t pt_next(void)
{
	if (!pt_rng) {
		unsigned n = atomic_fetch_add(&pt_threads, 1) + 1;

		pt_rng = (pt_seed + 1) * 0x9E3779B97F4A7C15ull ^
			 (uint64_t)n * 0xBF58476D1CE4E5B9ull;
		if (!pt_rng)
			pt_rng = 1;
	}
	pt_rng ^= pt_rng >> 12;
	pt_rng ^= pt_rng << 25;
	pt_rng ^= pt_rng >> 27;
	return pt_rng * 0x2545F4914F6CDD1Dull;
}

static int64_t pt_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Sleeps ns nanoseconds out of the budget; yields instead once the budget is spent. */
static void pt_sleep_ns(int64_t ns)
{
	long us = (long)(ns / 1000) + 1;
	struct timespec t = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };

	if (atomic_fetch_sub(&pt_budget, us) < us) {
		sched_yield();
		return;
	}
	nanosleep(&t, NULL);
}

/* At one of the program's sync points: by the seed's odds, yield or sleep 20-400 us. */
static void pt_maybe_delay(void)
{
	uint64_t r = pt_next();

	if (r % pt_odds)
		return;
	r >>= 8;
	if (r % 4 == 0)
		sched_yield();
	else
		pt_sleep_ns((int64_t)(20 + (r >> 2) % 380) * 1000);
}

/*
 * A late notifier: when another thread is in a timed wait whose deadline is near, sleep past that
 * deadline. With the caller's lock free (before a lock), also wait, a little, until the waiter
 * has seen its timeout, so that it runs its timeout path before this thread goes on.
 */
static void pt_maybe_late(int lock_free)
{
	int64_t dl = atomic_load(&pt_deadline), now;

	if (!dl || atomic_load(&pt_waiter) == (void *)&pt_self)
		return;
	now = pt_now();
	if (dl - now > PT_LATE_MAX_NS)
		return;
	if (dl > now)
		pt_sleep_ns(dl - now + 1000000);
	while (lock_free && atomic_load(&pt_deadline) == dl && pt_now() < dl + PT_LATE_GRACE_NS &&
	       atomic_load(&pt_budget) > 0)
		pt_sleep_ns(100000);
}

/*
 * Before a sync point: delayed only for a timed wait under way. A random delay here would as
 * often let a notifier run first, before any wait began, as make it late; the random delays come
 * after the sync points (pt_after), where they make trylocks fail and paths interleave.
 */
static void pt_before(int lock_free)
{
	int saved = errno;

	pt_maybe_late(lock_free);
	errno = saved;
}

static void pt_after(void)
{
	int saved = errno;

	pt_maybe_delay();
	errno = saved;
}

/*
 * A new thread gets a head start: threads then reach their first sync points in the order they
 * were created, the order their author most likely had in mind (a waiter started before its
 * notifier waits before it is notified; a holder takes its lock before the thread that times out
 * on it starts), which the late notifier needs to make a timeout happen. The creator waits until
 * the new thread has reached its first sync point (or ended), not a fixed time: on a loaded
 * machine a new thread can take longer than any fixed head start to run at all. The third seed
 * keeps the start races as they are.
 *
 * The start is shared by both threads, and freed by the last of the two to let go of it.
 */
struct pt_start {
	void *(*fn)(void *);
	void *arg;
	atomic_int reached; /* the new thread reached its first sync point, or ended */
	atomic_int refs;
};

static _Thread_local struct pt_start *pt_starting; /* this thread's, until its first sync point */

static void pt_start_release(struct pt_start *st)
{
	if (atomic_fetch_sub(&st->refs, 1) == 1)
		free(st);
}

/* At every sync point: the first one of a new thread tells its creator. */
static void pt_reached(void)
{
	struct pt_start *st = pt_starting;

	if (st) {
		pt_starting = NULL;
		atomic_store(&st->reached, 1);
		pt_start_release(st);
	}
}

static void *pt_trampoline(void *p)
{
	struct pt_start *st = p;
	void *(*fn)(void *) = st->fn;
	void *arg = st->arg;
	void *r;

	pt_starting = st;
	r = fn(arg);
	pt_reached(); /* it ended without one */
	return r;
}

static int pt_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	struct pt_start *st;
	int rc, saved;

	if (!pt_on() || !(pt_seed % 3) || !(st = malloc(sizeof(*st))))
		return __real_pthread_create(t, a, fn, arg);
	st->fn = fn;
	st->arg = arg;
	atomic_init(&st->reached, 0);
	atomic_init(&st->refs, 2);
	rc = __real_pthread_create(t, a, pt_trampoline, st);
	if (rc != 0) {
		free(st);
		return rc;
	}
	saved = errno;
	for (int64_t waited = 0; !atomic_load(&st->reached) && waited < PT_HEAD_START_NS &&
				 atomic_load(&pt_budget) > 0;
	     waited += PT_HEAD_POLL_NS)
		pt_sleep_ns(PT_HEAD_POLL_NS);
	errno = saved;
	pt_start_release(st);
	return rc;
}

/*
 * Whether m is held by some thread now: glibc's own lock word, read without taking it. A trylock
 * would tell too, but TSan draws no lock-order edge for a lock taken by trylock, so a lock turned
 * into a trylock would hide the lock-order inversions of the run.
 */
static int pt_busy(pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__data.__lock, __ATOMIC_RELAXED) != 0;
}

/*
 * A lock that waits, while it is busy, by polling instead of blocking, so that a timed wait that
 * begins meanwhile (its thread held the lock until then) is seen, and waited out, before this
 * thread takes the lock. The poll is bounded; then, or once the lock is free, it is taken as the
 * program asked.
 */
static int pt_late_lock(pthread_mutex_t *m)
{
	for (int i = 0; i < PT_POLLS; i++) {
		pt_before(1);
		if (!pt_busy(m) || atomic_load(&pt_budget) <= 0)
			break;
		pt_sleep_ns(PT_POLL_NS);
	}
	return __real_pthread_mutex_lock(m);
}

static int pt_mutex_lock(pthread_mutex_t *m)
{
	int rc;

	if (!pt_on())
		return __real_pthread_mutex_lock(m);
	rc = pt_late_lock(m);
	/* Held a little longer, so that another thread's trylock of it fails now and then. */
	if (rc == 0)
		pt_after();
	return rc;
}

static int pt_mutex_trylock(pthread_mutex_t *m)
{
	int rc;

	if (!pt_on())
		return __real_pthread_mutex_trylock(m);
	pt_before(1);
	rc = __real_pthread_mutex_trylock(m);
	if (rc == 0)
		pt_after();
	return rc;
}

static int pt_mutex_unlock(pthread_mutex_t *m)
{
	int rc;

	/* A holder that a timed lock waits on is late: it lets go after the waiter's deadline. */
	if (pt_on() && atomic_load(&pt_timed_lock) == (void *)m)
		pt_before(0);
	rc = __real_pthread_mutex_unlock(m);

	/* After the unlock, so that a thread waiting for the lock can run its path first. */
	if (pt_on())
		pt_after();
	return rc;
}

/*
 * Read-write locks and spinlocks: the same delays as a mutex's after a take and after a release,
 * so that another thread's try of them fails now and then (pthread_rwlock_trywrlock while a
 * reader is in). Not the late lock: a blocking take is not a timed wait, and a timed one's
 * holder is made late at its unlock.
 */
#define PT_HELD_LONGER(name, type)                                                        \
	static int pt_##name(type *l)                                                    \
	{                                                                                \
		int rc = __real_pthread_##name(l);                                       \
                                                                                         \
		if (rc == 0 && pt_on())                                                  \
			pt_after();                                                      \
		return rc;                                                               \
	}
PT_HELD_LONGER(rwlock_rdlock, pthread_rwlock_t)
PT_HELD_LONGER(rwlock_wrlock, pthread_rwlock_t)
PT_HELD_LONGER(rwlock_tryrdlock, pthread_rwlock_t)
PT_HELD_LONGER(rwlock_trywrlock, pthread_rwlock_t)
PT_HELD_LONGER(spin_lock, pthread_spinlock_t)
PT_HELD_LONGER(spin_trylock, pthread_spinlock_t)
PT_HELD_LONGER(spin_unlock, pthread_spinlock_t)

static int pt_rwlock_unlock(pthread_rwlock_t *l)
{
	int rc;

	if (pt_on() && atomic_load(&pt_timed_lock) == (void *)l)
		pt_before(0);
	rc = __real_pthread_rwlock_unlock(l);
	if (pt_on())
		pt_after();
	return rc;
}

/* A semaphore's token is kept a little longer, so that another thread's try fails now and then. */
static int pt_sem_trywait(sem_t *s)
{
	int rc = __real_sem_trywait(s);

	if (rc == 0 && pt_on())
		pt_after();
	return rc;
}

static int pt_sem_wait(sem_t *s)
{
	int rc = __real_sem_wait(s);

	if (rc == 0 && pt_on())
		pt_after();
	return rc;
}

static int pt_cond_signal(pthread_cond_t *c)
{
	if (pt_on())
		pt_before(0);
	return __real_pthread_cond_signal(c);
}

static int pt_cond_broadcast(pthread_cond_t *c)
{
	if (pt_on())
		pt_before(0);
	return __real_pthread_cond_broadcast(c);
}

/*
 * A timed wait is announced before it begins (the nearest deadline wins): a notifier that sees
 * it is late for this deadline. dl: on CLOCK_REALTIME's scale; lock: the mutex or rwlock of a
 * timed lock, NULL for other waits.
 */
static void pt_announce(int64_t dl, void *lock)
{
	int64_t cur = atomic_load(&pt_deadline);

	if (!cur || dl < cur || atomic_load(&pt_waiter) == (void *)&pt_self) {
		atomic_store(&pt_timed_lock, lock);
		atomic_store(&pt_deadline, dl);
		atomic_store(&pt_waiter, (void *)&pt_self);
	}
}

static void pt_withdraw(void)
{
	if (atomic_load(&pt_waiter) == (void *)&pt_self) {
		atomic_store(&pt_deadline, 0);
		atomic_store(&pt_timed_lock, NULL);
		atomic_store(&pt_waiter, NULL);
	}
}

/*
 * ThreadSanitizer's runtime (clang 14's) has no interceptor for pthread_mutex_clocklock,
 * pthread_rwlock_clockrdlock/clockwrlock or sem_clockwait: a lock taken by one of them was
 * unknown to it, its unlock "an unlock of an unlocked mutex", and what the lock or the
 * semaphore orders a data race (tests/analyze/ok_clock_waits.c). Their wrappers tell it, with
 * its public annotations (sanitizer/tsan_interface.h), what its interceptors of the timed
 * variants do: a lock taken as by a trylock (no lock-order edge), a semaphore's acquire. The
 * flags are that header's; weak, so that nothing is needed without TSan's runtime.
 */
#define PT_TSAN_READ_LOCK (1u << 3)
#define PT_TSAN_TRY_LOCK (1u << 4)
#define PT_TSAN_TRY_LOCK_FAILED (1u << 5)
void __tsan_mutex_pre_lock(void *addr, unsigned flags) __attribute__((weak));
void __tsan_mutex_post_lock(void *addr, unsigned flags, int recursion) __attribute__((weak));
void __tsan_acquire(void *addr) __attribute__((weak));

static void pt_tsan_pre(void *lock, unsigned flags)
{
	if (__tsan_mutex_pre_lock)
		__tsan_mutex_pre_lock(lock, flags | PT_TSAN_TRY_LOCK);
}

/* After the real call: rc 0 took the lock. Always paired with pt_tsan_pre (it ends its ignores). */
static void pt_tsan_post(void *lock, unsigned flags, int rc)
{
	if (__tsan_mutex_post_lock)
		__tsan_mutex_post_lock(lock, flags | PT_TSAN_TRY_LOCK |
						     (rc ? PT_TSAN_TRY_LOCK_FAILED : 0), 0);
}

/*
 * A deadline of clk (the clock variants may count on CLOCK_MONOTONIC) on CLOCK_REALTIME's scale,
 * where the notifier compares it: the same distance from now.
 */
static int64_t pt_realtime_ns(clockid_t clk, const struct timespec *abstime)
{
	int64_t dl = (int64_t)abstime->tv_sec * 1000000000 + abstime->tv_nsec;
	struct timespec now;

	if (clk == CLOCK_REALTIME || clock_gettime(clk, &now))
		return dl;
	return dl - ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec) + pt_now();
}

/* Around every timed wait: announced (1) when the shim is on and there is a deadline. */
static int pt_timed_begin(clockid_t clk, const struct timespec *abstime, void *lock)
{
	if (!pt_on() || !abstime)
		return 0;
	pt_announce(pt_realtime_ns(clk, abstime), lock);
	return 1;
}

/* took: the wait took a lock, held a little longer then as any take. errno is kept. */
static void pt_timed_end(int announced, int took)
{
	if (!announced)
		return;
	pt_withdraw();
	if (took)
		pt_after();
}

static int pt_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			     const struct timespec *abstime)
{
	int on = pt_timed_begin(CLOCK_REALTIME, abstime, NULL);
	int rc = __real_pthread_cond_timedwait(c, m, abstime);

	pt_timed_end(on, 0);
	return rc;
}

static int pt_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
			     const struct timespec *abstime)
{
	int on = pt_timed_begin(clk, abstime, NULL);
	int rc = __real_pthread_cond_clockwait(c, m, clk, abstime);

	pt_timed_end(on, 0);
	return rc;
}

/* A timed lock's holder is the notifier: pt_mutex_unlock and pt_rwlock_unlock make it late. */
static int pt_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	int on = pt_timed_begin(CLOCK_REALTIME, abstime, m);
	int rc = __real_pthread_mutex_timedlock(m, abstime);

	pt_timed_end(on, rc == 0);
	return rc;
}

static int pt_mutex_clocklock(pthread_mutex_t *m, clockid_t clk, const struct timespec *abstime)
{
	int on = pt_timed_begin(clk, abstime, m);
	int rc;

	pt_tsan_pre(m, 0);
	rc = __real_pthread_mutex_clocklock(m, clk, abstime);
	pt_tsan_post(m, 0, rc);
	pt_timed_end(on, rc == 0);
	return rc;
}

static int pt_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	int on = pt_timed_begin(CLOCK_REALTIME, abstime, l);
	int rc = __real_pthread_rwlock_timedrdlock(l, abstime);

	pt_timed_end(on, rc == 0);
	return rc;
}

static int pt_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	int on = pt_timed_begin(CLOCK_REALTIME, abstime, l);
	int rc = __real_pthread_rwlock_timedwrlock(l, abstime);

	pt_timed_end(on, rc == 0);
	return rc;
}

static int pt_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t clk,
				 const struct timespec *abstime)
{
	int on = pt_timed_begin(clk, abstime, l);
	int rc;

	pt_tsan_pre(l, PT_TSAN_READ_LOCK);
	rc = __real_pthread_rwlock_clockrdlock(l, clk, abstime);
	pt_tsan_post(l, PT_TSAN_READ_LOCK, rc);
	pt_timed_end(on, rc == 0);
	return rc;
}

static int pt_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t clk,
				 const struct timespec *abstime)
{
	int on = pt_timed_begin(clk, abstime, l);
	int rc;

	pt_tsan_pre(l, 0);
	rc = __real_pthread_rwlock_clockwrlock(l, clk, abstime);
	pt_tsan_post(l, 0, rc);
	pt_timed_end(on, rc == 0);
	return rc;
}

/* A semaphore's timed wait: its poster is the notifier (pt_sem_post). ETIMEDOUT is in errno. */
static int pt_sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	int on = pt_timed_begin(CLOCK_REALTIME, abstime, NULL);
	int rc = __real_sem_timedwait(s, abstime);

	pt_timed_end(on, 0);
	return rc;
}

static int pt_sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abstime)
{
	int on = pt_timed_begin(clk, abstime, NULL);
	int rc = __real_sem_clockwait(s, clk, abstime);

	if (rc == 0 && __tsan_acquire)
		__tsan_acquire(s); /* what sem_post released, as TSan's sem_timedwait does */
	pt_timed_end(on, 0);
	return rc;
}

static int pt_sem_post(sem_t *s)
{
	if (pt_on())
		pt_before(0);
	return __real_sem_post(s);
}

/*
 * The exported wrappers. Each tells TSan it entered a function (its shadow stack gets the
 * program's call site), as instrumented code would: TSan's report of a lock names the frames of
 * that stack below the interceptor's caller, and without this the caller, this uninstrumented
 * shim, would take the program's line out of the report. The shim's own frame has no file and is
 * skipped (detector_frame_is_students). Weak: without TSan's runtime, nothing to tell.
 */
void __tsan_func_entry(void *call_pc) __attribute__((weak));
void __tsan_func_exit(void) __attribute__((weak));

#define PT_WRAP_AS(wrapped, name, params, args)                                           \
	int __wrap_##wrapped params                                                      \
	{                                                                                \
		int rc;                                                                  \
                                                                                         \
		if (__tsan_func_entry)                                                   \
			__tsan_func_entry(__builtin_return_address(0));                   \
		pt_reached();                                                            \
		rc = pt_##name args;                                                     \
		if (__tsan_func_exit)                                                    \
			__tsan_func_exit();                                              \
		return rc;                                                               \
	}
#define PT_WRAP(name, params, args) PT_WRAP_AS(pthread_##name, name, params, args)

PT_WRAP(create, (pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg),
	(t, a, fn, arg))
PT_WRAP(mutex_lock, (pthread_mutex_t *m), (m))
PT_WRAP(mutex_trylock, (pthread_mutex_t *m), (m))
PT_WRAP(mutex_unlock, (pthread_mutex_t *m), (m))
PT_WRAP(cond_signal, (pthread_cond_t *c), (c))
PT_WRAP(cond_broadcast, (pthread_cond_t *c), (c))
PT_WRAP(cond_timedwait, (pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime),
	(c, m, abstime))
PT_WRAP(cond_clockwait,
	(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk, const struct timespec *abstime),
	(c, m, clk, abstime))
PT_WRAP(mutex_timedlock, (pthread_mutex_t *m, const struct timespec *abstime), (m, abstime))
PT_WRAP(mutex_clocklock, (pthread_mutex_t *m, clockid_t clk, const struct timespec *abstime),
	(m, clk, abstime))
PT_WRAP_AS(sem_timedwait, sem_timedwait, (sem_t *s, const struct timespec *abstime), (s, abstime))
PT_WRAP_AS(sem_clockwait, sem_clockwait, (sem_t *s, clockid_t clk, const struct timespec *abstime),
	   (s, clk, abstime))
PT_WRAP_AS(sem_trywait, sem_trywait, (sem_t *s), (s))
PT_WRAP_AS(sem_wait, sem_wait, (sem_t *s), (s))
PT_WRAP_AS(sem_post, sem_post, (sem_t *s), (s))
PT_WRAP(rwlock_rdlock, (pthread_rwlock_t *l), (l))
PT_WRAP(rwlock_wrlock, (pthread_rwlock_t *l), (l))
PT_WRAP(rwlock_tryrdlock, (pthread_rwlock_t *l), (l))
PT_WRAP(rwlock_trywrlock, (pthread_rwlock_t *l), (l))
PT_WRAP(rwlock_timedrdlock, (pthread_rwlock_t *l, const struct timespec *abstime), (l, abstime))
PT_WRAP(rwlock_timedwrlock, (pthread_rwlock_t *l, const struct timespec *abstime), (l, abstime))
PT_WRAP(rwlock_clockrdlock, (pthread_rwlock_t *l, clockid_t clk, const struct timespec *abstime),
	(l, clk, abstime))
PT_WRAP(rwlock_clockwrlock, (pthread_rwlock_t *l, clockid_t clk, const struct timespec *abstime),
	(l, clk, abstime))
PT_WRAP(rwlock_unlock, (pthread_rwlock_t *l), (l))
PT_WRAP(spin_lock, (pthread_spinlock_t *l), (l))
PT_WRAP(spin_trylock, (pthread_spinlock_t *l), (l))
PT_WRAP(spin_unlock, (pthread_spinlock_t *l), (l))
