/*
 * A trylock-with-backoff loop on a spinlock: the polite thread sleeps 1 ms after each failed
 * pthread_spin_trylock while the greedy one re-takes the lock at once, so the polite one waits
 * most of the greedy one's 6000 rounds of about 0.2 ms (under the default starvation_ms, 1500:
 * only the rule without a threshold can see it). The lock is free only between an unlock and the
 * next lock, a few instructions, so a try rarely succeeds. With FAIR, the greedy thread pauses
 * outside the lock after each round and the polite one gets in within a few tries: the correct
 * version.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_spinlock_t counter_lock;
static long counter;
static atomic_int greedy_started; /* the polite thread starts trying once the greedy one runs */

static void *greedy(void *arg)
{
	(void)arg;
	for (int round = 0; round < 6000; round++) {
		pthread_spin_lock(&counter_lock);
		atomic_store(&greedy_started, 1);
		for (volatile int i = 0; i < 100000; i++)
			;
		counter++;
		pthread_spin_unlock(&counter_lock);
#ifdef FAIR
		usleep(2000);
#endif
	}
	return NULL;
}

static void *polite(void *arg)
{
	(void)arg;
	while (!atomic_load(&greedy_started))
		usleep(1000);
	for (int got = 0; got < 1;) {
		if (pthread_spin_trylock(&counter_lock) == 0) { /* LINE polite-tries */
			counter++;
			got++;
			pthread_spin_unlock(&counter_lock);
		} else {
			usleep(1000);
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t g, p;

	pthread_spin_init(&counter_lock, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&g, NULL, greedy, NULL);
	pthread_create(&p, NULL, polite, NULL);
	pthread_join(g, NULL);
	pthread_join(p, NULL);
	pthread_spin_destroy(&counter_lock);
	printf("counter %ld\n", counter);
	return 0;
}
