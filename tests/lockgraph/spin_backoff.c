/*
 * A trylock-with-backoff loop on a spinlock: the polite thread sleeps 1 ms after each failed
 * pthread_spin_trylock while the greedy one re-takes the lock at once, so the polite one waits
 * most of the greedy one's 900 ms (under the default starvation_ms, 1500: only the rule without
 * a threshold can see it). The lock is free only between an unlock and the
 * next lock, a few instructions, so a try rarely succeeds. With FAIR, the greedy thread pauses
 * outside the lock after each round and the polite one gets in within a few tries: the correct
 * version. With USE_MUTEX the lock is a mutex and the tries pthread_mutex_trylock: the same loop.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#ifdef USE_MUTEX
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK pthread_mutex_lock
#define TRYLOCK pthread_mutex_trylock
#define UNLOCK pthread_mutex_unlock
#else
static pthread_spinlock_t counter_lock;
#define LOCK pthread_spin_lock
#define TRYLOCK pthread_spin_trylock
#define UNLOCK pthread_spin_unlock
#endif
static long counter;
static atomic_int greedy_started; /* the polite thread starts trying once the greedy one runs */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *greedy(void *arg)
{
	long end = now_ms() + 900;
	int done = 0;

	(void)arg;
	while (!done) {
		LOCK(&counter_lock);
		atomic_store(&greedy_started, 1);
		for (volatile int i = 0; i < 100000; i++)
			;
		counter++;
		done = now_ms() >= end; /* read inside: nothing but the loop between unlock and lock */
		UNLOCK(&counter_lock);
#ifdef FAIR
		usleep(100);
#endif
	}
	return NULL;
}

static void *polite(void *arg)
{
	(void)arg;
	while (!atomic_load(&greedy_started))
		usleep(1000);
	/*
	 * Four rounds, with a pause after each: every round needs its own lucky try. Under heavy
	 * load the greedy thread is sometimes preempted in the lock's free moment, and a loop that
	 * went on at once after a success then took all its rounds in one lucky stretch of fewer
	 * than 8 failed tries (seen once in a CI run): a run that did not starve.
	 */
	for (int got = 0; got < 4;) {
		if (TRYLOCK(&counter_lock) == 0) { /* LINE polite-tries */
			counter++;
			got++;
			UNLOCK(&counter_lock);
		}
		usleep(1000);
	}
	return NULL;
}

int main(void)
{
	pthread_t g, p;

#ifndef USE_MUTEX
	pthread_spin_init(&counter_lock, PTHREAD_PROCESS_PRIVATE);
#endif
	pthread_create(&g, NULL, greedy, NULL);
	pthread_create(&p, NULL, polite, NULL);
	pthread_join(g, NULL);
	pthread_join(p, NULL);
#ifndef USE_MUTEX
	pthread_spin_destroy(&counter_lock);
#endif
	printf("counter %ld\n", counter);
	return 0;
}
