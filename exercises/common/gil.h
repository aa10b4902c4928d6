/* A toy interpreter's global interpreter lock (GIL) and its reference-counted objects. */
#ifndef RACELAB_GIL_H
#define RACELAB_GIL_H

/*
 * The model is CPython's GIL since 3.2 ("the new GIL", Python/ceval_gil.h):
 *
 * - One lock per process guards all interpreter state: every object and its reference count.
 *   A thread must hold it to run "bytecode", i.e. to touch any struct obj.
 * - Threads still run concurrently: a thread that does blocking I/O releases the GIL around the
 *   call (GIL_BEGIN_ALLOW_THREADS ... GIL_END_ALLOW_THREADS), and the others run meanwhile. What
 *   the GIL forbids is two threads executing interpreter code in parallel.
 * - A CPU-bound thread never blocks, so it must offer the GIL on its own: it calls gil_tick()
 *   from its compute loop. When another thread has asked for the GIL (a "drop request") and the
 *   holder has had it for the switch interval (5 ms by default, sys.setswitchinterval() in
 *   Python), gil_tick() hands it over and waits until the other thread has really taken it
 *   ("forced switching"), so the CPU-bound thread cannot grab it straight back. The old GIL
 *   (before 3.2) released and re-took the lock every 100 ticks; on a multicore machine the
 *   releasing thread usually won the race to re-take it, and the woken thread went back to
 *   sleep, again and again: thrashing (exercise 16). The new GIL's own weakness, the convoy
 *   effect (bpo-7946), is that a thread which drops the GIL for each short I/O call waits up to
 *   a switch interval to get it back from a CPU-bound thread.
 *
 * The GIL is a real pthread mutex, held for as long as a thread holds the GIL, so that lock
 * tracers, ThreadSanitizer and Helgrind see it: a GIL held across a blocking call while others
 * wait shows up as exactly that. The bookkeeping (drop request, switch count) lives under a
 * second, short-lived mutex; no state is read without one of the two, so the module is clean
 * under TSan and Helgrind without annotations.
 *
 * Thread-safety: every function may be called from any thread, in the states documented below.
 * Errors from pthread calls abort with a message: a broken GIL must not limp on.
 */

#include <stdbool.h>
#include <stddef.h>

/* Default switch interval in microseconds (CPython: 0.005 s). */
#define GIL_DEFAULT_INTERVAL_US 5000

/* Sets the switch interval; <= 0 restores the default. Call it while no thread holds the GIL. */
void gil_set_interval(long interval_us);
long gil_interval(void);

/*
 * Takes the GIL, blocking until it is free. The caller must not hold it already (that would be
 * a self-deadlock: it aborts instead). Registers a drop request first, so a holder that calls
 * gil_tick() gives the GIL up within about one switch interval.
 */
void gil_acquire(void);

/* Gives the GIL up. The caller must hold it. No forced switch: used around blocking calls. */
void gil_release(void);

/* True when the calling thread holds the GIL (a thread-local flag: cheap, for assertions). */
bool gil_held(void);

/*
 * The switch point for CPU-bound code: call it often from a compute loop while holding the GIL
 * (every few microseconds of work; it costs one clock read when nothing is to be done). When
 * the caller has held the GIL for at least the switch interval and another thread waits, it
 * drops the GIL, waits until a waiter has taken it, and takes it again behind the waiters.
 * Returns true when it switched.
 */
bool gil_tick(void);

/* Counters since the start of the process, read under the bookkeeping lock. */
struct gil_stats {
	unsigned long acquisitions; /* successful gil_acquire() calls */
	unsigned long switches;     /* forced switches done by gil_tick() */
	long max_wait_us;           /* longest time a gil_acquire() waited */
};
void gil_stats_get(struct gil_stats *out);

/*
 * Releases the GIL around a blocking call, like Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS.
 * Between the two the thread must not touch any object: it no longer owns interpreter state.
 * They open and close a block, so they must appear in pairs in the same function.
 */
#define GIL_BEGIN_ALLOW_THREADS { gil_release();
#define GIL_END_ALLOW_THREADS gil_acquire(); }

/*
 * A reference-counted interpreter object. The count is a plain long, as in CPython: it is
 * protected by the GIL, not by atomics, which is why only a GIL holder may change it.
 * Embed it as the first member of a larger struct and cast.
 */
struct obj {
	long refcnt;
	const char *type;                  /* a name for messages, e.g. "int" */
	void (*dealloc)(struct obj *self); /* frees the object when the count reaches zero */
};

/* Sets refcnt to 1 (the caller owns the first reference). May be called without the GIL on an
 * object no other thread can see yet. dealloc may be NULL for objects that are never freed. */
void obj_init(struct obj *o, const char *type, void (*dealloc)(struct obj *self));

/*
 * Take and drop a reference. The caller must hold the GIL. obj_decref() calls dealloc when the
 * count reaches zero; a count going below zero aborts (a double decref).
 * Unless compiled with -DGIL_UNCHECKED, both abort when the caller does not hold the GIL, as a
 * debug build of CPython does; with GIL_UNCHECKED (a "release build") the mistake is silent and
 * only a race detector sees it.
 */
void obj_incref(struct obj *o);
void obj_decref(struct obj *o);
long obj_refcnt(const struct obj *o);

/* A boxed integer, the one concrete object type the toy interpreter ships. */
struct int_obj {
	struct obj base;
	long value;
};
/* Allocates an int with one reference; needs the GIL like any allocation of interpreter
 * objects, and aborts without it (unless GIL_UNCHECKED), as obj_incref() does. Returns NULL when
 * out of memory. */
struct int_obj *int_new(long value);

#endif
