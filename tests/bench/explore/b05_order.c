/* depth=1 threads=2: the thread may read the config before main publishes it (under a lock). */
#include <assert.h>
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int *config;
static int value = 42;
static volatile long sink;
static void *reader(void *a)
{
	int *c;
	(void)a;
	pthread_mutex_lock(&m); c = config; pthread_mutex_unlock(&m);
	assert(c != 0);
	return 0;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, reader, 0);
	pthread_mutex_lock(&m); config = &value; pthread_mutex_unlock(&m);
	pthread_join(t, 0);
	return 0;
}
