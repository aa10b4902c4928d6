/* A thread bomb with a safety cap: creates sleeping threads until it fails or 1000 exist. */
#include <pthread.h>
#include <stdio.h>

#include "sb_common.h"

#define CAP 1000

static void *sleeper(void *arg)
{
	sb_bounded_sleep(20);
	return arg;
}

int main(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int n;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (n = 0; n < CAP; n++)
		if (pthread_create(&t, &attr, sleeper, NULL) != 0)
			break;
	printf("threads %d\n", n);
	fflush(stdout);
	return n < CAP ? 0 : 3;
}
