/*
 * A GNU nested function (clang cannot build it) that gcc's ThreadSanitizer refuses too (the
 * #error below), on a correct program: Helgrind and the tracer on gcc's build must still decide.
 */
#include <pthread.h>
#include <stdio.h>

#ifdef __SANITIZE_THREAD__
#error "this program is not built with ThreadSanitizer"
#endif

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *worker(void *arg)
{
	long step = (long)arg;
	void add(long k)
	{
		pthread_mutex_lock(&m);
		total += k;
		pthread_mutex_unlock(&m);
	}
	for (int i = 0; i < 1000; i++)
		add(step);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, (void *)1L);
	pthread_create(&b, NULL, worker, (void *)2L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%ld\n", total);
	return 0;
}
