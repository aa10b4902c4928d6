/*
 * Lock-heavy workload for the tracer's overhead: THREADS threads x ITERS lock/unlock pairs, each
 * critical section doing WORK steps of a small computation (0: a bare counter increment).
 * Usage: lg_lockbench [THREADS [ITERS [WORK]]]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, iters = 200000, work_steps;
static unsigned long mix[16];

static void *work(void *arg)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		for (long w = 0; w < work_steps; w++)
			mix[w & 15] = mix[w & 15] * 2654435761u + (unsigned long)i;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t t[64];

	if (argc > 2)
		iters = atol(argv[2]);
	if (argc > 3)
		work_steps = atol(argv[3]);
	if (threads < 1 || threads > 64)
		return 2;
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	printf("%ld\n", counter);
	return counter == threads * iters ? 0 : 1;
}
