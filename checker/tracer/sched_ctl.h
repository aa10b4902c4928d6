/* The controlled scheduler (PCT): one program thread runs between interposed calls. */
#ifndef RACELAB_SCHED_CTL_H
#define RACELAB_SCHED_CTL_H

#include "lg.h"

/*
 * Under a controlled run (RACELAB_LOCKGRAPH_SCHED=pct with a seed) every interposed call is a
 * scheduling point: the caller stops at its gate until the scheduler gives it the turn, and the
 * turn goes to the enabled thread of highest priority (sched_pct.c). Blocking calls never block in
 * libc: they try, and when the try fails the thread is marked blocked on a key (the object's
 * address) and hands the turn over; a release of the key enables it again. "No enabled thread" is
 * a deadlock or a hang at once. Everything here is a no-op when lg_sched_on is false.
 *
 * Every function that takes a thread expects the caller to be that thread, inside the tracer.
 */
extern bool lg_sched_on;
/*
 * Set once the program has forked: a child process runs in real time, outside the schedule, so
 * from then on a sleep really sleeps (with the turn: the schedule stays the same) lest a parent
 * that polls for its child with usleep() give up on it at once.
 */
extern bool lg_sched_real_sleep;

/* Reads the configuration; the main thread becomes the first controlled thread. */
void lg_sched_init(void);
/* Writes the "schedcfg" record (after the trace's header). */
void lg_sched_announce(void);
/* Writes the run's "schedend" summary (at exit and before a deadlock's snapshot). */
void lg_sched_fini(void);

/* A scheduling point before the call `call` (an enum lg_call) at site: returns with the turn. */
void lg_sched_point(struct lg_thread *t, int call, const struct lg_site *site);
/*
 * A sleep or a yield: the caller drops below every thread, then a scheduling point. slept_ns:
 * how long the sleep would have lasted, had it not been skipped (0 for a yield or a real sleep).
 */
void lg_sched_yield(struct lg_thread *t, int call, const struct lg_site *site, int64_t slept_ns);

/*
 * Called with the turn after a failed try: the thread waits until key is woken (or, timed, until
 * nothing else can run, or its deadline has passed: its timeout) and returns with the turn
 * again: 0 when woken, ETIMEDOUT. deadline_ns: a timed wait's deadline (lg_deadline_ns), 0 when
 * not known. fifo: a condition variable's waiter, woken one at a time in the order they waited.
 */
int lg_sched_block(struct lg_thread *t, const void *key, bool timed, int64_t deadline_ns,
		   bool fifo);
/* A timed call's absolute deadline on clk as CLOCK_MONOTONIC ns (the same distance from now). */
int64_t lg_deadline_ns(clockid_t clk, const struct timespec *abs);
/* Enables the threads blocked on key: all of them, or (one) the earliest fifo waiter. */
void lg_sched_wake(const void *key, bool one);

/* Thread life cycle: the creator announces the child; the child waits for its first turn. */
void lg_sched_thread_new(struct lg_thread *t);
void lg_sched_thread_start(struct lg_thread *t);
/* The thread ends (holding the turn): joiners are woken and the turn goes on without it. */
void lg_sched_thread_exit(struct lg_thread *t);
bool lg_sched_thread_ended(const struct lg_thread *t);
/* pthread_create failed: the announced child never runs. */
void lg_sched_thread_exit_failed(struct lg_thread *t);

/*
 * fork: the scheduler's lock is held across it so the child never inherits it held (the watchdog
 * may be in lg_sched_tick); the child, untraced, is not scheduled either.
 */
void lg_sched_atfork_prepare(void);
void lg_sched_atfork_parent(void);
void lg_sched_atfork_child(void);

/* From the watchdog every period: preempts a thread that has not reached a sync point. */
void lg_sched_tick(void);

/* An acquisition of a mutex or rwlock under control: try, and wait in the model while busy. */
struct lg_sched_lock {
	int (*try_fn)(void *); /* the real try function */
	void *lock;
	struct lg_obj *o;
	int wait_kind;         /* LG_W_MUTEX, LG_W_RDLOCK, LG_W_WRLOCK */
	char mode;             /* 'm', 'r', 'w' */
	bool try_only, timed;  /* a trylock; a timed lock (times out when nothing else can run) */
	int call;              /* enum lg_call */
	const struct lg_site *site;
	bool reacquire;        /* a condition wait taking its mutex back: no order edges */
	int64_t deadline_ns;   /* a timed lock's deadline (lg_deadline_ns), 0: not known */
};
int lg_sched_acquire(struct lg_thread *t, const struct lg_sched_lock *k);

/* Whether a controlled thread waits (in the model) to write-lock the rwlock at key. */
bool lg_sched_writer_waits(const void *key);

/* Barrier emulation under control (libc's barrier would block with the turn held). */
int lg_sched_barrier_wait(struct lg_thread *t, struct lg_obj *o);

#endif
