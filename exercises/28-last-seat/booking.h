/* A flight with a seat counter guarded by its lock. */
#ifndef BOOKING_H
#define BOOKING_H

#include <pthread.h>

struct flight {
	pthread_mutex_t lock;
	int seats_left; /* guarded by lock */
};

/* Books one seat if one is left: returns 1 when the customer got it, 0 when sold out. */
int book_seat(struct flight *f);

#endif
