/* The booking agency: two customers try to book the last seat of a flight at the same time. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#include "booking.h"

static struct flight flight = { .lock = PTHREAD_MUTEX_INITIALIZER, .seats_left = 1 };
static int booked[2];

static void *customer(void *arg)
{
	int who = *(int *)arg;

	booked[who] = book_seat(&flight);
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int ids[2] = { 0, 1 };

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, customer, &ids[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("%d ticket(s) sold, %d seat(s) left\n", booked[0] + booked[1], flight.seats_left);
	/* An airline may not sell a seat it does not have. */
	assert(flight.seats_left >= 0);
	return 0;
}
