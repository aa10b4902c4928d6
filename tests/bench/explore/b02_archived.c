/* depth=1 threads=2: a waiter waits for stage == DONE; the worker moves on to ARCHIVED soon after. */
#include <pthread.h>
enum { NEW, RUN, DONE, ARCHIVED };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int stage = NEW;
static volatile long sink;
static void set(int s)
{
	pthread_mutex_lock(&m);
	stage = s;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
}
static void *worker(void *a)
{
	(void)a;
	set(RUN);
	for (long i = 0; i < 20000; i++) sink += i;
	set(DONE);
	for (long i = 0; i < 2000; i++) sink += i;
	set(ARCHIVED);
	return 0;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, worker, 0);
	pthread_mutex_lock(&m);
	while (stage != DONE) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	pthread_join(t, 0);
	return 0;
}
