/* depth=2 threads=2: check then act in two critical sections, one seat, two customers. */
#include <assert.h>
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int seats = 1;
static void *customer(void *a)
{
	int ok;
	(void)a;
	pthread_mutex_lock(&m);
	ok = seats > 0;
	pthread_mutex_unlock(&m);
	if (ok) {
		pthread_mutex_lock(&m);
		seats--;
		pthread_mutex_unlock(&m);
	}
	return 0;
}
int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, customer, 0);
	for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
	assert(seats >= 0);
	return 0;
}
