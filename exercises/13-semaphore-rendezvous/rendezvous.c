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

	sem_wait(&arrived[other]); /* wait until the other side is here */
	sem_post(&arrived[side]);  /* then tell it we are here too */
}

void rendezvous_destroy(void)
{
	sem_destroy(&arrived[0]);
	sem_destroy(&arrived[1]);
}
