/*
 * A GIL-like mutex: the interpreter holds it through 60 ms CPU stretches and re-takes it at once,
 * while the I/O thread, which needs it for a moment, waits through a stretch. With DROP defined,
 * the interpreter computes outside the lock and takes it only to publish its result: the correct
 * version, in which nobody waits for a CPU stretch.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t gil = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long work;
static unsigned long published;

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000L;
}

static void compute(void)
{
	long until = now_us() + 60 * 1000;

	while (now_us() < until)
		work++;
}

static void *interpreter(void *arg)
{
	(void)arg;
	for (int round = 0; round < 10; round++) {
#ifdef DROP
		compute();
		pthread_mutex_lock(&gil);
		published = work;
		pthread_mutex_unlock(&gil);
#else
		pthread_mutex_lock(&gil); /* LINE interpreter-takes */
		compute();
		published = work;
		pthread_mutex_unlock(&gil);
#endif
	}
	return NULL;
}

static void *io_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 4; i++) {
		usleep(25 * 1000);
		pthread_mutex_lock(&gil);
		(void)published;
		pthread_mutex_unlock(&gil);
	}
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, interpreter, NULL);
	pthread_create(&b, NULL, io_thread, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("published %lu\n", published);
	return 0;
}
