/* Two threads computing for far longer than the case's timeout, sharing nothing: busy, not hung. */
#include <pthread.h>
#include <stdio.h>

static void *spin(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	while (n < 400000000000UL)
		n++;
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, spin, NULL);
	pthread_create(&b, NULL, spin, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("done");
	return 0;
}
