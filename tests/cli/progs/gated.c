/* The same inversion made harmless: a common gate lock is held around both paths. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *left(void *arg)
{
	pthread_mutex_lock(&gate);
	pthread_mutex_lock(&a);
	usleep(10000);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&gate);
	return arg;
}

static void *right(void *arg)
{
	pthread_mutex_lock(&gate);
	pthread_mutex_lock(&b);
	usleep(10000);
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&gate);
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
