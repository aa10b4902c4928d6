/* GIL version 1: every 100 ticks the running thread releases the GIL and queues for it again. */
#include "oldgil.h"

#include <pthread.h>
#include <stdbool.h>

#define CHECK_INTERVAL 100 /* ticks between two chances for other threads (sys.setcheckinterval) */

/*
 * The GIL is a flag guarded by a mutex, with a condition variable to sleep on while another
 * thread holds it: how Python 2 built its lock on pthreads. The mutex itself is only held for a
 * moment; "holding the GIL" means locked == true.
 *
 * TODO (version 2, as CPython 3.2): a handover that cannot be lost needs two more pieces of state
 * here: a flag by which a waiter asks the holder to let go, and a counter bumped by every
 * acquisition, with a condition variable to wait for it to move.
 */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static bool locked;
static int ticks; /* only the GIL holder touches it */

void ogil_acquire(void)
{
	pthread_mutex_lock(&mu);
	/*
	 * TODO: wait at most one switch interval (5 ms) at a time. If the same holder still has the
	 * GIL after a whole interval, it is CPU-bound: ask it to let go.
	 */
	while (locked)
		pthread_cond_wait(&freed, &mu);
	locked = true;
	/* TODO: record this acquisition, so that a thread waiting for a handover sees it. */
	pthread_mutex_unlock(&mu);
}

void ogil_release(void)
{
	pthread_mutex_lock(&mu);
	locked = false;
	pthread_cond_signal(&freed); /* wake one waiter: it will take the GIL... won't it? */
	pthread_mutex_unlock(&mu);
}

void ogil_tick(void)
{
	if (++ticks < CHECK_INTERVAL)
		return;
	ticks = 0;
	/*
	 * Give the others a chance: release the GIL and wake a waiter, then queue up for it again.
	 * Both steps in one critical section saves a lock round trip per check interval.
	 *
	 * TODO: switch only when someone asked, and once the GIL is released, do not queue for it
	 * again before another thread has really taken it.
	 */
	pthread_mutex_lock(&mu);
	locked = false;
	pthread_cond_signal(&freed);
	while (locked)
		pthread_cond_wait(&freed, &mu);
	locked = true;
	pthread_mutex_unlock(&mu);
}
