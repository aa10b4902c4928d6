/* The a/b inversion of deadlock_abba.c, made harmless: both paths hold the gate lock throughout. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int balance_a = 100, balance_b = 100;

static void *forward(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		pthread_mutex_lock(&gate);
		pthread_mutex_lock(&lock_a);
		pthread_mutex_lock(&lock_b);
		balance_a--, balance_b++;
		pthread_mutex_unlock(&lock_b);
		pthread_mutex_unlock(&lock_a);
		pthread_mutex_unlock(&gate);
		usleep(1000);
	}
	return NULL;
}

static void *backward(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		pthread_mutex_lock(&gate);
		pthread_mutex_lock(&lock_b);
		pthread_mutex_lock(&lock_a);
		balance_a++, balance_b--;
		pthread_mutex_unlock(&lock_a);
		pthread_mutex_unlock(&lock_b);
		pthread_mutex_unlock(&gate);
		usleep(1000);
	}
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, forward, NULL);
	pthread_create(&t2, NULL, backward, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("%d %d\n", balance_a, balance_b);
	return 0;
}
