/* Two threads take a then b, and b then a, with a sleep in between: a real deadlock every run. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_a);
	usleep(100 * 1000);
	pthread_mutex_lock(&lock_b); /* LINE forward-waits: T1 waits for b */
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *backward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_b);
	usleep(100 * 1000);
	pthread_mutex_lock(&lock_a); /* LINE backward-waits: T2 waits for a */
	pthread_mutex_unlock(&lock_a);
	pthread_mutex_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, forward, NULL);
	pthread_create(&t2, NULL, backward, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	puts("done");
	return 0;
}
