/* Correct publication through a C11 release/acquire flag: Helgrind alone reports a race here. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int data[4];
static atomic_int ready;

static void *producer(void *arg)
{
	for (int i = 0; i < 4; i++)
		data[i] = i * i;
	atomic_store_explicit(&ready, 1, memory_order_release);
	return arg;
}

static void *consumer(void *arg)
{
	int sum = 0;

	while (!atomic_load_explicit(&ready, memory_order_acquire))
		;
	for (int i = 0; i < 4; i++)
		sum += data[i];
	printf("sum %d\n", sum);
	return arg;
}

int main(void)
{
	pthread_t p, c;

	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	return 0;
}
