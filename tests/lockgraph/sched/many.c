/* Thousands of threads, in waves: more than the tracer's 1024 slots over the run. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *add(void *x)
{
	pthread_mutex_lock(&m);
	total += (long)x;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[100];

	for (int wave = 0; wave < 40; wave++) {
		for (long i = 0; i < 100; i++)
			pthread_create(&t[i], NULL, add, (void *)1);
		for (int i = 0; i < 100; i++)
			pthread_join(t[i], NULL);
	}
	printf("total %ld\n", total);
	return total == 4000 ? 0 : 1;
}
