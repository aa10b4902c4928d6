/*
 * A trylock-with-backoff loop on a spinlock: the polite thread sleeps 1 ms after each failed
 * pthread_spin_trylock while the greedy one re-takes the lock at once, so the polite one waits
 * most of the greedy one's 800 ms. With FAIR defined, the greedy thread pauses outside the lock
 * after each round as well and the polite one gets in within a few tries: the correct version.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_spinlock_t counter_lock;
static long counter;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *greedy(void *arg)
{
	long end = now_ms() + 800;

	(void)arg;
	while (now_ms() < end) {
		pthread_spin_lock(&counter_lock);
		for (volatile int i = 0; i < 20000; i++)
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
	usleep(5000);
	for (int got = 0; got < 3;) {
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
