/* A thread that never reaches a sync point again: it spins on a flag nobody sets. */
#include <pthread.h>

static volatile int never;

static void *spin(void *x)
{
	(void)x;
	while (!never)
		;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spin, NULL);
	pthread_join(t, NULL);
	return 0;
}
