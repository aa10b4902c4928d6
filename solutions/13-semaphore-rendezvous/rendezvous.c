/* The rendezvous, with one semaphore per side that says "this side has arrived". */
#include "rendezvous.h"

#include <semaphore.h>

static sem_t arrived[2];

void rendezvous_init(void)
{
	sem_init(&arrived[0], 0, 0);
	sem_init(&arrived[1], 0, 0);
}

void rendezvous(int side)
{
	int other = 1 - side;

	/*
	 * Announce first, then wait. If both sides waited first, each would wait for a post the
	 * other makes only after its own wait: a cycle, and both sleep forever. Posting first
	 * never blocks, so each side's post is already there when the other side waits.
	 */
	sem_post(&arrived[side]);  /* tell the other side we are here */
	sem_wait(&arrived[other]); /* then wait until it is here too */
}

void rendezvous_destroy(void)
{
	sem_destroy(&arrived[0]);
	sem_destroy(&arrived[1]);
}
