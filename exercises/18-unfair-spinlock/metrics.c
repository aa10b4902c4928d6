/* Metrics: a collector thread updates counters nonstop; a reporter snapshots them 20 times. */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include "spin.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define REPORTS 20
#define CAP_MS 400
#define WAIT_BUDGET_MS 100

static struct spinlock stats_lock = SPINLOCK_INIT;
static unsigned long samples, sum; /* guarded by stats_lock */
static atomic_int reporter_done;
static long collector_sleeps; /* written by the collector before it ends, read after the join */

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/*
 * The collector folds each sample in under the lock (about 100 us of work per sample). It never
 * blocks on its own: it counts the times it went to sleep, which only a lock can make it do.
 */
static void *collect(void *arg)
{
	long start = now_us();
	struct rusage before, after;

	(void)arg;
	getrusage(RUSAGE_THREAD, &before);
	while (!atomic_load(&reporter_done) && now_us() - start < CAP_MS * 1000L) {
		long t = now_us();

		spin_lock(&stats_lock);
		while (now_us() - t < 100)
			sum += (unsigned long)t & 7;
		samples++;
		spin_unlock(&stats_lock);
	}
	getrusage(RUSAGE_THREAD, &after);
	collector_sleeps = after.ru_nvcsw - before.ru_nvcsw;
	return NULL;
}

static void *report(void *arg)
{
	long *worst_ms = arg;

	for (int r = 0; r < REPORTS; r++) {
		long t0 = now_us(), waited;
		unsigned long n;

		spin_lock(&stats_lock);
		waited = (now_us() - t0) / 1000;
		n = samples;
		spin_unlock(&stats_lock);
		if (waited > *worst_ms)
			*worst_ms = waited;
		if (r % 5 == 0)
			printf("          report %2d: %lu samples (waited %ld ms)\n", r, n, waited);
		usleep(2000);
	}
	atomic_store(&reporter_done, 1);
	return NULL;
}

int main(void)
{
	pthread_t c, r;
	long worst = 0;

	pthread_create(&c, NULL, collect, NULL);
	usleep(1000); /* the collector is busy by the time the first report is due */
	pthread_create(&r, NULL, report, &worst);
	pthread_join(r, NULL);
	pthread_join(c, NULL);
	printf("collector: %lu samples; reporter: worst wait %ld ms (budget %d ms)\n", samples, worst,
	       WAIT_BUDGET_MS);
	if (worst > WAIT_BUDGET_MS) {
		printf("FAIL: the reporter waited %ld ms for the lock (budget %d ms): the "
		       "collector kept taking it back first\n", worst, WAIT_BUDGET_MS);
		return 1;
	}
	/* Waiting its turn behind the reporter costs a nap now and then, not one per sample. */
	if (collector_sleeps * 2 > (long)samples) {
		printf("FAIL: the collector slept %ld times in %lu samples: waiting its turn "
		       "should cost a nap now and then, not one per sample\n", collector_sleeps,
		       samples);
		return 1;
	}
	return 0;
}
