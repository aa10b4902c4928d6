/* A test-and-set spinlock with a polite back-off. */
#include "spin.h"

#include <time.h>

/* While the lock is busy, nap 50 us instead of burning the other core. */
static void backoff(void)
{
	struct timespec nap = { 0, 50000 };

	nanosleep(&nap, NULL);
}

void spin_lock(struct spinlock *l)
{
	while (atomic_exchange_explicit(&l->locked, 1, memory_order_acquire))
		backoff();
}

void spin_unlock(struct spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
}
