/*
 * Timed waits under control keep their deadlines. Phase 1: main waits with 10 s deadlines (a
 * semaphore on CLOCK_MONOTONIC, a condition on CLOCK_REALTIME) while two workers take a lock
 * thousands of times and sleep now and then, sleeps and fair turns at which the scheduler once
 * timed out every pending wait: none may time out. Phase 2: a 30 ms wait for a post that never
 * comes, while a worker stays busy (so something can always run): it must time out, once 30 ms
 * have passed. Prints "ok" when both hold.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static sem_t done, never;
static int finished;
static long work;
static atomic_int stop;

static struct timespec in_ms(clockid_t clk, long ms)
{
	struct timespec t;

	clock_gettime(clk, &t);
	t.tv_nsec += ms * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static void *worker(void *arg)
{
	for (int i = 0; i < 3000; i++) {
		pthread_mutex_lock(&m);
		work++;
		pthread_mutex_unlock(&m);
		if (i % 300 == 0)
			usleep(100);
	}
	pthread_mutex_lock(&m);
	finished++;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	sem_post(&done);
	return arg;
}

static void *busy(void *arg)
{
	while (!atomic_load(&stop)) {
		pthread_mutex_lock(&m);
		work++;
		pthread_mutex_unlock(&m);
	}
	return arg;
}

int main(void)
{
	pthread_t w[2], b;
	struct timespec mono = in_ms(CLOCK_MONOTONIC, 10000), real = in_ms(CLOCK_REALTIME, 10000);
	struct timespec t0, t1;
	int rc = 0;

	sem_init(&done, 0, 0);
	sem_init(&never, 0, 0);
	for (int i = 0; i < 2; i++)
		pthread_create(&w[i], NULL, worker, NULL);
	pthread_mutex_lock(&m);
	while (finished < 2 && rc == 0)
		rc = pthread_cond_timedwait(&cv, &m, &real);
	pthread_mutex_unlock(&m);
	if (rc != 0 || sem_clockwait(&done, CLOCK_MONOTONIC, &mono) != 0) {
		puts("phase 1: a 10 s wait timed out");
		return 1;
	}
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);

	pthread_create(&b, NULL, busy, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mono = in_ms(CLOCK_MONOTONIC, 30);
	rc = sem_clockwait(&never, CLOCK_MONOTONIC, &mono) == 0 ? 0 : errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	atomic_store(&stop, 1);
	pthread_join(b, NULL);
	if (rc != ETIMEDOUT) {
		puts("phase 2: the 30 ms wait did not time out");
		return 1;
	}
	if ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 30) {
		puts("phase 2: timed out before its deadline");
		return 1;
	}
	puts("ok");
	return 0;
}
