/*
 * 1100 threads, in waves: more than the tracer's 1024 slots over the run. Not more: each start and
 * join is a hand-over of the turn, which on a loaded machine waits for the kernel to run the next
 * thread (4000 threads took 0.5 s idle and 16 s beside four busy loops on 2 cores).
 */
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

	for (int wave = 0; wave < 11; wave++) {
		for (long i = 0; i < 100; i++)
			pthread_create(&t[i], NULL, add, (void *)1);
		for (int i = 0; i < 100; i++)
			pthread_join(t[i], NULL);
	}
	printf("total %ld\n", total);
	return total == 1100 ? 0 : 1;
}
