/* Two threads render the left and right halves of each frame; each then checks the whole frame. */
#include "rendezvous.h"

#include <pthread.h>
#include <stdio.h>

#define FRAMES 5

static long half[FRAMES][2]; /* half[f][side]: written by that side, read by the other */

static void *render(void *arg)
{
	int side = (int)(long)arg;
	int good = 0;

	for (int f = 0; f < FRAMES; f++) {
		half[f][side] = (f + 1) * 100 + side; /* render my half */
		rendezvous(side);                       /* both halves are done */
		if (half[f][1 - side] == (f + 1) * 100 + (1 - side))
			good++;
		printf("%*sframe %d: %s half done, other half %ld\n", side * 30, "", f,
		       side ? "right" : "left", half[f][1 - side]);
	}
	return (void *)(long)good;
}

int main(void)
{
	pthread_t t[2];
	long good = 0;

	rendezvous_init();
	for (long s = 0; s < 2; s++)
		pthread_create(&t[s], NULL, render, (void *)s);
	for (int s = 0; s < 2; s++) {
		void *r;

		pthread_join(t[s], &r);
		good += (long)r;
	}
	rendezvous_destroy();
	printf("%ld of %d half-frames saw a complete frame\n", good, 2 * FRAMES);
	if (good != 2 * FRAMES) {
		printf("FAIL: %ld half-frames went on before the other half was done: the two "
		       "sides did not wait for each other\n", 2 * FRAMES - good);
		return 1;
	}
	return 0;
}
