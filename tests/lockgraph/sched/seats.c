#include <assert.h>
#include <pthread.h>
#include <stdio.h>
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
	return NULL;
}
int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, customer, NULL);
	for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
	printf("seats=%d\n", seats);
	assert(seats >= 0);
	return 0;
}
