/* GIL version 2 (as CPython 3.2): a switch interval, a drop request and forced switching. */
#include "oldgil.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#define CHECK_INTERVAL 100      /* ticks between two looks at the drop request */
#define SWITCH_INTERVAL_MS 5    /* sys.setswitchinterval(0.005) */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;    /* locked became false */
static pthread_cond_t switched = PTHREAD_COND_INITIALIZER; /* switch_number moved */
static bool locked;
static bool drop_request;           /* a waiter asks the holder to let go */
static unsigned long switch_number; /* bumped at every acquisition */
static int ticks;                   /* only the GIL holder touches it */

void ogil_acquire(void)
{
	pthread_mutex_lock(&mu);
	while (locked) {
		unsigned long seen = switch_number;
		struct timespec deadline;

		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_nsec += SWITCH_INTERVAL_MS * 1000000L;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
		/*
		 * Wait one switch interval. If the GIL changed hands meanwhile, fine: wait again.
		 * If the same holder still has it, it is CPU-bound: ask it to let go.
		 */
		if (pthread_cond_timedwait(&freed, &mu, &deadline) == ETIMEDOUT && locked &&
		    switch_number == seen)
			drop_request = true;
	}
	locked = true;
	drop_request = false;
	switch_number++;
	pthread_cond_broadcast(&switched);
	pthread_mutex_unlock(&mu);
}

void ogil_release(void)
{
	pthread_mutex_lock(&mu);
	locked = false;
	pthread_cond_signal(&freed);
	pthread_mutex_unlock(&mu);
}

void ogil_tick(void)
{
	unsigned long seen;

	if (++ticks < CHECK_INTERVAL)
		return;
	ticks = 0;
	pthread_mutex_lock(&mu);
	if (!drop_request) {
		pthread_mutex_unlock(&mu);
		return;
	}
	/* Someone has waited a whole interval: hand the GIL over... */
	seen = switch_number;
	locked = false;
	pthread_cond_signal(&freed);
	/*
	 * ...and make sure it really changed hands before queueing again (forced switching).
	 * Without this wait we could re-take it before the woken thread runs, and it would go back
	 * to sleep: the old GIL's thrashing.
	 */
	while (switch_number == seen)
		pthread_cond_wait(&switched, &mu);
	pthread_mutex_unlock(&mu);
	ogil_acquire();
}
