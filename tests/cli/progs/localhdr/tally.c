/* Two threads bump one counter with no lock: a race, in a program that needs its local header. */
#include <stdio.h>

#include "wrappers.h"

static long tally;

static void *bump(void *arg)
{
	for (int i = 0; i < 100000; i++)
		tally++;
	return arg;
}

int main(void)
{
	pthread_t a, b;

	Pthread_create(&a, NULL, bump, NULL);
	Pthread_create(&b, NULL, bump, NULL);
	Pthread_join(a, NULL);
	Pthread_join(b, NULL);
	printf("tally %ld\n", tally);
	return 0;
}
