/* Workers bump a shared total through a GNU nested function, with no lock: a data race. */
#include <pthread.h>
#include <stdio.h>

static long total;

static void *worker(void *arg)
{
	long step = (long)arg;
	void add(long k)
	{
		total += k;
	}
	for (int i = 0; i < 100000; i++)
		add(step);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, (void *)1L);
	pthread_create(&b, NULL, worker, (void *)2L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%ld\n", total);
	return 0;
}
