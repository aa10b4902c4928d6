/* GIL version 1: every 100 ticks the running thread releases the GIL and queues for it again. */
#include "oldgil.h"

#include <pthread.h>
#include <stdbool.h>

#define CHECK_INTERVAL 100 /* ticks between two chances for other threads (sys.setcheckinterval) */

/*
 * The GIL is a flag guarded by a mutex, with a condition variable to sleep on while another
 * thread holds it: how Python 2 built its lock on pthreads. The mutex itself is only held for a
 * moment; "holding the GIL" means locked == true.
 */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static bool locked;
static int ticks; /* only the GIL holder touches it */

void ogil_acquire(void)
{
	pthread_mutex_lock(&mu);
	while (locked)
		pthread_cond_wait(&freed, &mu);
	locked = true;
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
	 */
	pthread_mutex_lock(&mu);
	locked = false;
	pthread_cond_signal(&freed);
	while (locked)
		pthread_cond_wait(&freed, &mu);
	locked = true;
	pthread_mutex_unlock(&mu);
}
