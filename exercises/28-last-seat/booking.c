/* Booking a seat: every access to the counter is under the flight's lock. */
#include "booking.h"

/* Is a seat left? Asked under the lock, so the answer is never a torn read. */
static int seat_available(struct flight *f)
{
	int left;

	pthread_mutex_lock(&f->lock);
	left = f->seats_left;
	pthread_mutex_unlock(&f->lock);
	return left > 0;
}

/* Takes one seat, under the lock. */
static void take_seat(struct flight *f)
{
	pthread_mutex_lock(&f->lock);
	f->seats_left--;
	pthread_mutex_unlock(&f->lock);
}

int book_seat(struct flight *f)
{
	if (!seat_available(f))
		return 0;
	take_seat(f);
	return 1;
}
