/* depth=2 threads=4: three waiters wait for stage == 1 with `while`; the stage moves 0, 1, 2. */
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int stage;
static void *waiter(void *a)
{
	(void)a;
	pthread_mutex_lock(&m);
	while (stage != 1) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return 0;
}
int main(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, waiter, 0);
	for (int s = 1; s <= 2; s++) {
		pthread_mutex_lock(&m); stage = s; pthread_cond_broadcast(&c); pthread_mutex_unlock(&m);
	}
	for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
	return 0;
}
