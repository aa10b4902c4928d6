/* Two threads take A then B and B then A with a sleep in between: a real deadlock. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *left(void *arg)
{
	pthread_mutex_lock(&a);
	usleep(100000);
	pthread_mutex_lock(&b); /* line 11 */
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return arg;
}

static void *right(void *arg)
{
	pthread_mutex_lock(&b);
	usleep(100000);
	pthread_mutex_lock(&a); /* line 21 */
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return arg;
}

int main(void)
{
	pthread_t x, y;

	pthread_create(&x, NULL, left, NULL);
	pthread_create(&y, NULL, right, NULL);
	pthread_join(x, NULL);
	pthread_join(y, NULL);
	return 0;
}
