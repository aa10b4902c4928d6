/* A plain unlocked counter: two threads, one racy line. */
#include <pthread.h>
#include <stdio.h>

static long total;

static void *work(void *arg)
{
	for (int i = 0; i < 10000; i++)
		total++; /* the racy line: 10 */
	return arg;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("%ld\n", total);
	return 0;
}
