/* Lazy fix: sleep between release and re-acquire so the waiter can slip in. */
#include "oldgil.h"

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#define CHECK_INTERVAL 100

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static bool locked;
static int ticks;

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
	if (++ticks < CHECK_INTERVAL)
		return;
	ticks = 0;
	ogil_release();
	usleep(50); /* give the woken thread time to take the GIL */
	ogil_acquire();
}
