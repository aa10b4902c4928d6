/*
 * Lazy fix: Python 2's GIL. Release and re-acquire in two calls at every tick, so that a woken
 * waiter can slip in between; nothing makes the holder wait for it.
 */
#include "oldgil.h"

#include <pthread.h>
#include <stdbool.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static bool locked;

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
	pthread_cond_signal(&freed);
	pthread_mutex_unlock(&mu);
}

void ogil_tick(void)
{
	ogil_release();
	ogil_acquire();
}
