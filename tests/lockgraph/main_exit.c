/* main calls pthread_exit() and leaves two threads deadlocked: the watchdog must still see it. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_a);
	usleep(50 * 1000);
	pthread_mutex_lock(&lock_b); /* LINE forward-waits */
	return NULL;
}

static void *backward(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_b);
	usleep(50 * 1000);
	pthread_mutex_lock(&lock_a); /* LINE backward-waits */
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, forward, NULL);
	pthread_create(&t2, NULL, backward, NULL);
	pthread_exit(NULL);
}
