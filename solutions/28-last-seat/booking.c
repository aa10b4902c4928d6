/* Booking a seat: the check and the act in one critical section. */
#include "booking.h"

int book_seat(struct flight *f)
{
	int got = 0;

	pthread_mutex_lock(&f->lock);
	/* Decided and done while nobody else can change the answer. */
	if (f->seats_left > 0) {
		f->seats_left--;
		got = 1;
	}
	pthread_mutex_unlock(&f->lock);
	return got;
}
