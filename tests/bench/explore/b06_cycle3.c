/* depth=3 threads=3: three threads, three locks in a cycle: all three must hold their first. */
#include <pthread.h>
static pthread_mutex_t l[3] = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
				PTHREAD_MUTEX_INITIALIZER };
static void *phil(void *a)
{
	long i = (long)a;
	pthread_mutex_lock(&l[i]); pthread_mutex_lock(&l[(i + 1) % 3]);
	pthread_mutex_unlock(&l[(i + 1) % 3]); pthread_mutex_unlock(&l[i]);
	return 0;
}
int main(void)
{
	pthread_t t[3];
	for (long i = 0; i < 3; i++) pthread_create(&t[i], 0, phil, (void *)i);
	for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
	return 0;
}
