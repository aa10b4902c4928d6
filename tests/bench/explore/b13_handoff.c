/* depth=2 threads=3: a one-slot mailbox; the consumer checks "full" and takes in two sections. */
#include <assert.h>
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int full = 1, taken;
static void *consumer(void *a)
{
	int f;
	(void)a;
	pthread_mutex_lock(&m); f = full; pthread_mutex_unlock(&m);
	if (f) { pthread_mutex_lock(&m); full = 0; taken++; pthread_mutex_unlock(&m); }
	return 0;
}
int main(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, consumer, 0);
	for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
	assert(taken <= 1);
	return 0;
}
