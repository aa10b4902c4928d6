/* depth=2 threads=8: eight withdrawals check the balance, then withdraw, in two sections. */
#include <assert.h>
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int balance = 70;
static void *withdraw(void *a)
{
	int ok;
	(void)a;
	pthread_mutex_lock(&m); ok = balance >= 10; pthread_mutex_unlock(&m);
	if (ok) { pthread_mutex_lock(&m); balance -= 10; pthread_mutex_unlock(&m); }
	return 0;
}
int main(void)
{
	pthread_t t[8];
	for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, withdraw, 0);
	for (int i = 0; i < 8; i++) pthread_join(t[i], 0);
	assert(balance >= 0);
	return 0;
}
