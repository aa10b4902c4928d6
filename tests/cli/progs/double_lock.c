/* Locks a non-recursive mutex twice: the second lock never returns. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void update(void)
{
	pthread_mutex_lock(&lock); /* line 9: the second lock */
	puts("updated");
	pthread_mutex_unlock(&lock);
}

int main(void)
{
	pthread_mutex_lock(&lock);
	update();
	pthread_mutex_unlock(&lock);
	return 0;
}
