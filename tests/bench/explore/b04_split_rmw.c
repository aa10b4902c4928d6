/* depth=2 threads=4: read and write of a counter in two critical sections: a lost update. */
#include <assert.h>
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static void *inc(void *a)
{
	int v;
	(void)a;
	pthread_mutex_lock(&m); v = counter; pthread_mutex_unlock(&m);
	pthread_mutex_lock(&m); counter = v + 1; pthread_mutex_unlock(&m);
	return 0;
}
int main(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, inc, 0);
	for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
	assert(counter == 4);
	return 0;
}
