/* The toy interpreter's GIL (switch interval, drop request, forced switching) and its objects. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* some builds (the workloads) define it already */
#endif
#include "gil.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The GIL itself: held by the thread that runs interpreter code, for as long as it runs it. */
static pthread_mutex_t gil_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Bookkeeping, guarded by gil_meta and only ever held briefly. Lock order: gil_lock before
 * gil_meta (a holder's tick takes meta while holding the GIL); never the other way round.
 */
static pthread_mutex_t gil_meta = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gil_switched = PTHREAD_COND_INITIALIZER; /* switch_number moved */
static unsigned long waiters;       /* threads between "I want it" and "I have it": the drop request */
static unsigned long switch_number; /* bumped on every acquisition, as in CPython */
static long interval_us = GIL_DEFAULT_INTERVAL_US;
static struct gil_stats stats;

/*
 * State of the calling thread. Only its own thread reads or writes it, so it needs no lock:
 * whether it holds the GIL, and when it should next look for a drop request.
 */
static _Thread_local bool tls_held;
static _Thread_local long long tls_next_check_ns;

/* Aborts on a failed pthread call: the check survives NDEBUG, and a broken GIL must not go on. */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "gil: %s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void die(const char *msg)
{
	fprintf(stderr, "gil: %s\n", msg);
	abort();
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void gil_set_interval(long us)
{
	check(pthread_mutex_lock(&gil_meta), "lock meta");
	interval_us = us > 0 ? us : GIL_DEFAULT_INTERVAL_US;
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");
}

long gil_interval(void)
{
	long v;

	check(pthread_mutex_lock(&gil_meta), "lock meta");
	v = interval_us;
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");
	return v;
}

void gil_acquire(void)
{
	long long start = now_ns(), waited_us;
	long iv;

	if (tls_held)
		die("gil_acquire: this thread already holds the GIL");

	/* Announce the request before blocking, so the holder's next tick sees someone waits. */
	check(pthread_mutex_lock(&gil_meta), "lock meta");
	waiters++;
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");

	check(pthread_mutex_lock(&gil_lock), "lock GIL");

	waited_us = (now_ns() - start) / 1000;
	check(pthread_mutex_lock(&gil_meta), "lock meta");
	waiters--;
	switch_number++;
	stats.acquisitions++;
	if (waited_us > stats.max_wait_us)
		stats.max_wait_us = (long)waited_us;
	iv = interval_us;
	/* Wake a thread in gil_tick() waiting for its forced switch to complete. */
	check(pthread_cond_broadcast(&gil_switched), "broadcast switched");
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");

	tls_held = true;
	/* A fresh holder gets one full interval before it must look at drop requests. */
	tls_next_check_ns = now_ns() + (long long)iv * 1000;
}

void gil_release(void)
{
	if (!tls_held)
		die("gil_release: this thread does not hold the GIL");
	tls_held = false;
	check(pthread_mutex_unlock(&gil_lock), "unlock GIL");
}

bool gil_held(void)
{
	return tls_held;
}

bool gil_tick(void)
{
	long long now;
	unsigned long seen;
	long iv;

	if (!tls_held)
		die("gil_tick: called without holding the GIL");
	now = now_ns();
	if (now < tls_next_check_ns)
		return false;

	check(pthread_mutex_lock(&gil_meta), "lock meta");
	iv = interval_us;
	if (waiters == 0) {
		/* Nobody asked: keep running, look again one interval from now. */
		check(pthread_mutex_unlock(&gil_meta), "unlock meta");
		tls_next_check_ns = now + (long long)iv * 1000;
		return false;
	}
	seen = switch_number;
	stats.switches++;
	tls_held = false;
	/*
	 * Drop the GIL while still holding meta, so no acquisition can slip in between reading
	 * switch_number and starting to wait for it to move.
	 */
	check(pthread_mutex_unlock(&gil_lock), "unlock GIL");
	/*
	 * Forced switching: wait until a waiter has the GIL. Without this, the unlock above and
	 * our own re-lock below would race with the woken waiter, and on a multicore machine we
	 * would usually win: that is the old GIL's thrashing. waiters > 0 guarantees that
	 * someone is blocked on gil_lock and will bump switch_number.
	 */
	while (switch_number == seen && waiters > 0)
		check(pthread_cond_wait(&gil_switched, &gil_meta), "wait switched");
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");

	gil_acquire();
	return true;
}

void gil_stats_get(struct gil_stats *out)
{
	check(pthread_mutex_lock(&gil_meta), "lock meta");
	*out = stats;
	check(pthread_mutex_unlock(&gil_meta), "unlock meta");
}

/* Objects. */

/*
 * The ownership check of a debug build: every function that touches interpreter state asserts that
 * its caller holds the GIL, as CPython's debug build does (its debug memory allocator, for one,
 * fails with "Python memory allocator called without holding the GIL").
 */
static void require_gil(const char *fn, const char *type)
{
#ifndef GIL_UNCHECKED
	if (!tls_held) {
		fprintf(stderr, "gil: %s(%s object) called without holding the GIL\n", fn,
			type ? type : "?");
		abort();
	}
#else
	(void)fn;
	(void)type;
#endif
}

void obj_init(struct obj *o, const char *type, void (*dealloc)(struct obj *self))
{
	o->refcnt = 1;
	o->type = type;
	o->dealloc = dealloc;
}

void obj_incref(struct obj *o)
{
	require_gil("obj_incref", o->type);
	o->refcnt++;
}

void obj_decref(struct obj *o)
{
	require_gil("obj_decref", o->type);
	if (o->refcnt <= 0)
		die("obj_decref: reference count below zero (a double decref)");
	if (--o->refcnt == 0 && o->dealloc)
		o->dealloc(o);
}

long obj_refcnt(const struct obj *o)
{
	return o->refcnt;
}

static void int_dealloc(struct obj *self)
{
	free(self);
}

struct int_obj *int_new(long value)
{
	struct int_obj *i;

	/* Allocating an object uses the interpreter's allocator: only a GIL holder may. */
	require_gil("int_new", "int");
	i = malloc(sizeof(*i));
	if (!i)
		return NULL;
	obj_init(&i->base, "int", int_dealloc);
	i->value = value;
	return i;
}
