/* a then b in one thread, later b then a in another: no deadlock this run, but it could. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_a);
	pthread_mutex_lock(&lock_b); /* LINE forward-b */
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *backward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_b);
	pthread_mutex_lock(&lock_a); /* LINE backward-a */
	pthread_mutex_unlock(&lock_a);
	pthread_mutex_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	pthread_t t;

	/* One after the other: the two orders never overlap in time. */
	pthread_create(&t, NULL, forward, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, backward, NULL);
	pthread_join(t, NULL);
	puts("done");
	return 0;
}
