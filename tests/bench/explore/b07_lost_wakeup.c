/* depth=2 threads=2: the flag is checked in one critical section and waited for in another. */
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;
static void *producer(void *a)
{
	(void)a;
	pthread_mutex_lock(&m); ready = 1; pthread_cond_signal(&c); pthread_mutex_unlock(&m);
	return 0;
}
int main(void)
{
	pthread_t t;
	int r;
	pthread_create(&t, 0, producer, 0);
	pthread_mutex_lock(&m); r = ready; pthread_mutex_unlock(&m);
	if (!r) {
		pthread_mutex_lock(&m);
		pthread_cond_wait(&c, &m); /* the signal may have come and gone */
		pthread_mutex_unlock(&m);
	}
	pthread_join(t, 0);
	return 0;
}
